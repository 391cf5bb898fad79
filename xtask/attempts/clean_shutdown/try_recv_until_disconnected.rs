//! Polls with `try_recv` instead of blocking: `Empty` means "not yet", so it
//! yields and tries again; `Disconnected` means every worker has dropped its
//! Sender and nothing is left, so the loop is over.

use std::sync::mpsc::{self, TryRecvError};
use std::thread;

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
        match rx.try_recv() {
            Ok((id, seq)) => println!("recv {id} {seq}"),
            Err(TryRecvError::Empty) => thread::yield_now(),
            Err(TryRecvError::Disconnected) => break,
        }
    }

    for handle in handles {
        handle.join().unwrap();
    }
    println!("all workers done");
}
