//! Why it works: the reference solution drains with `try_iter()`, which calls
//! `try_recv()` until it finds the queue empty, so it never waits, even while
//! `main`'s own `tx` keeps the channel open. It still sees the whole batch:
//! the worker sent every message before it finished, and `join` makes all of
//! that visible to `main` before the drain starts. So each batch prints
//! complete and in order, every run.

use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    for batch in 1..=2 {
        let worker_tx = tx.clone();
        let worker = thread::spawn(move || {
            for item in 0..3 {
                let message = format!("batch {batch}, item {item}");
                worker_tx.send(message).unwrap();
            }
        });
        // After `join`, every message of this batch is in the queue.
        worker.join().unwrap();

        // Only what is queued right now; stops at "empty" instead of waiting.
        for message in rx.try_iter() {
            println!("{message}");
        }
        println!("batch {batch} drained");
    }
}
