// Correct, written differently: the source sends with a clone, and `main`
// drops the original right after starting it.

use std::sync::mpsc;
use std::thread;

fn main() {
    let messages = kata::param("messages", 5);

    let (number_tx, number_rx) = mpsc::channel::<usize>();
    let (square_tx, square_rx) = mpsc::channel::<(usize, usize)>();

    let source_tx = number_tx.clone();
    let source = thread::spawn(move || {
        for n in 0..messages {
            source_tx.send(n).unwrap();
        }
    });
    drop(number_tx);

    let square = thread::spawn(move || {
        for n in number_rx {
            square_tx.send((n, n * n)).unwrap();
        }
    });

    for (n, squared) in square_rx {
        println!("recv {n}");
        println!("  {n} squared is {squared}");
    }
    source.join().unwrap();
    square.join().unwrap();
}
