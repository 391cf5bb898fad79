// Wrong: the square stage takes `messages` numbers and stops, instead of
// running until the source's Sender is gone; only the last stage's loop ends
// on disconnection.

use std::sync::mpsc;
use std::thread;

fn main() {
    let messages = kata::param("messages", 5);

    let (number_tx, number_rx) = mpsc::channel::<usize>();
    let (square_tx, square_rx) = mpsc::channel::<(usize, usize)>();

    // Stage 1: produce the numbers. The source owns the only `number_tx`.
    let source = thread::spawn(move || {
        for n in 0..messages {
            number_tx.send(n).unwrap();
        }
    });

    // Stage 2: square each number and pass it on. Its loop ends when the
    // source is gone, and returning drops `square_tx` in turn.
    let square = thread::spawn(move || {
        for n in number_rx.iter().take(messages) {
            square_tx.send((n, n * n)).unwrap();
        }
    });

    // Stage 3: print.
    for (n, squared) in square_rx {
        println!("recv {n}");
        println!("  {n} squared is {squared}");
    }

    source.join().unwrap();
    square.join().unwrap();
}
