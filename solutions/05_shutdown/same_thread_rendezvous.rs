//! Why it works: on a `sync_channel(0)`, `send` waits until another thread is
//! in `recv` to take the value. The reference solution moves the sending to a
//! thread of its own, so `main` is free to reach its receiving loop, and each
//! `send` meets a `recv`. A rendezvous always takes two threads: one that
//! would both send and receive would wait for itself forever. The producer's
//! `tx` is dropped when its closure returns, which ends the receiving loop.

use std::sync::mpsc;
use std::thread;

fn main() {
    let messages = kata::param("messages", 8);

    // Capacity 0 stays: every `send` must meet a `recv`.
    let (tx, rx) = mpsc::sync_channel(0);

    // The sender runs on its own thread, so `main` can be the one it meets.
    let producer = thread::spawn(move || {
        for i in 0..messages {
            tx.send(i).unwrap();
            println!("sent {i}");
        }
    });

    for i in rx {
        println!("recv {i}");
    }
    producer.join().unwrap();
}
