//! Waits with `recv_timeout`: a time-out only means "nothing yet", so it
//! waits again; the loop ends on `Disconnected`, once every worker has
//! dropped its Sender and nothing is left.

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
    drop(tx);

    loop {
        match rx.recv_timeout(Duration::from_millis(5)) {
            Ok((id, seq)) => println!("recv {id} {seq}"),
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }

    for handle in handles {
        handle.join().unwrap();
    }
    println!("all workers done");
}
