// Wrong: `main` stops when no message came for 200 ms, instead of when the
// last worker is gone. It prints every message when the workers are quick,
// but its loop never asks the channel whether the stream is over.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();
    let mut handles = Vec::new();
    for id in 0..producers {
        let tx = tx.clone();
        handles.push(thread::spawn(move || {
            for seq in 0..messages {
                tx.send((id, seq)).unwrap();
            }
        }));
    }

    loop {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok((id, seq)) => println!("recv {id} {seq}"),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }

    for handle in handles {
        handle.join().unwrap();
    }
    println!("all workers done");
}
