// Wrong: the square stage uses `skip(1)` to leave out a "header" the source
// never sends, so the first number is lost.

use std::sync::mpsc;
use std::thread;

fn main() {
    let messages = kata::param("messages", 5);

    let (number_tx, number_rx) = mpsc::channel::<usize>();
    let (square_tx, square_rx) = mpsc::channel::<(usize, usize)>();

    let source = thread::spawn(move || {
        for n in 0..messages {
            number_tx.send(n).unwrap();
        }
    });
    let square = thread::spawn(move || {
        for n in number_rx.iter().skip(1) {
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
