// Wrong (as shipped): `rx.iter()` in every batch waits for the channel to
// close, and `main` keeps `tx` for the next batch, so it never closes.

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

        for message in rx.iter() {
            println!("{message}");
        }
        println!("batch {batch} drained");
    }
}
