// Calls `try_recv` exactly three times per batch: it never waits, but it
// counts instead of stopping when the queue is empty.
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

        for _ in 0..3 {
            let message = rx.try_recv().unwrap();
            println!("{message}");
        }
        println!("batch {batch} drained");
    }
}
