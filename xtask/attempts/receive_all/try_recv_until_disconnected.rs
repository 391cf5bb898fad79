//! Polls with `try_recv`: on `Empty` it lets the producer run, and the loop
//! ends on `Disconnected`, which comes only once the producer has dropped its
//! Sender and every message was received.

use std::sync::mpsc::{self, TryRecvError};
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let producer = thread::spawn(move || {
        let messages = kata::param("messages", 6);
        for seq in 0..messages {
            tx.send(seq).unwrap();
        }
    });

    loop {
        match rx.try_recv() {
            Ok(seq) => println!("recv {seq}"),
            Err(TryRecvError::Empty) => thread::yield_now(),
            Err(TryRecvError::Disconnected) => break,
        }
    }

    producer.join().unwrap();
}
