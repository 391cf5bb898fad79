//! Why it works: the reference solution's `while let Ok(seq) = rx.recv()`
//! runs the body for every message and stops at the first `Err(RecvError)`.
//! `recv()` returns that only when the queue is empty and the last Sender is
//! dropped, so no message is missed: the producer's messages all come first, in
//! order, and the `Err` after them is the channel's way of saying it is
//! finished.

use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let producer = thread::spawn(move || {
        let messages = kata::param("messages", 5);
        for seq in 0..messages {
            tx.send(seq).unwrap();
        }
        // `tx` is dropped here: the channel closes once it is empty.
    });

    // `Err(RecvError)` = empty and no Sender left: the normal end.
    while let Ok(seq) = rx.recv() {
        println!("recv {seq}");
    }

    println!("done");
    producer.join().unwrap();
}
