// Wrong: the square stage sends with a clone of `square_tx` and `main` keeps
// the original, so the printing stage never sees its channel close: a timeout.

use std::sync::mpsc;
use std::thread;

fn main() {
    let messages = kata::param("messages", 5);

    let (number_tx, number_rx) = mpsc::channel::<usize>();
    let (square_tx, square_rx) = mpsc::channel::<(usize, usize)>();

    thread::spawn(move || {
        for n in 0..messages {
            number_tx.send(n).unwrap();
        }
    });
    let stage_tx = square_tx.clone();
    thread::spawn(move || {
        for n in number_rx {
            stage_tx.send((n, n * n)).unwrap();
        }
    });

    for (n, squared) in square_rx {
        println!("recv {n}");
        println!("  {n} squared is {squared}");
    }
}
