// Correct, written differently: drains with `recv_timeout(Duration::ZERO)`,
// which never waits: it returns what is queued, or `Timeout` at once when
// the queue is empty, like `try_recv`.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

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

        // A wait of no time returns at once: what is queued, then `Timeout`.
        while let Ok(message) = rx.recv_timeout(Duration::ZERO) {
            println!("{message}");
        }
        println!("batch {batch} drained");
    }
}
