//! Why it works: in the reference solution each stage owns the `Sender` to
//! the next one and nothing else holds a copy. When the source has sent its last
//! number its closure returns and drops `number_tx`; that ends the square
//! stage's `for` loop, its closure returns and drops `square_tx`; that ends
//! `main`'s loop. Shutdown flows down the pipeline with no sentinel message, and
//! because every channel is FIFO with one sender, the numbers reach the end in
//! the order they left.

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
        for n in number_rx {
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
