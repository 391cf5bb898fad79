//! Why it works: in the reference solution `tx.clone()` makes a second
//! `Sender` for the same channel before the first closure takes `tx`. Each
//! thread now owns one Sender and drops it when its closure returns, and `main`
//! keeps none. So once both producers are done no Sender is left, and the `for`
//! loop over `rx` ends. Each producer's messages arrive in the order it sent
//! them.

use std::sync::mpsc;
use std::thread;

fn main() {
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();
    // A second Sender for the same channel, made while `main` still owns `tx`.
    let tx1 = tx.clone();

    let first = thread::spawn(move || {
        for seq in 0..messages {
            tx.send((0, seq)).unwrap();
        }
    });

    let second = thread::spawn(move || {
        for seq in 0..messages {
            tx1.send((1, seq)).unwrap();
        }
    });

    for (producer, seq) in rx {
        println!("recv {producer} {seq}");
    }
    first.join().unwrap();
    second.join().unwrap();
}
