// Misses the point: the source runs in a thread of its own, but `main`
// squares the numbers itself as it prints them, so the square stage and its
// channel are never used. It prints the same lines, and its one loop ends
// when the source's Sender is gone.

use std::sync::mpsc;
use std::thread;

fn main() {
    let messages = kata::param("messages", 5);

    let (number_tx, number_rx) = mpsc::channel::<usize>();

    let source = thread::spawn(move || {
        for n in 0..messages {
            number_tx.send(n).unwrap();
        }
    });

    for n in number_rx {
        println!("recv {n}");
        println!("  {n} squared is {}", n * n);
    }

    source.join().unwrap();
}
