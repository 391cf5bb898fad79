// Wrong: drops `tx` in the first batch to end `rx.iter()`, and the next batch
// clones it again (E0382): the channel cannot close between batches.

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

        drop(tx);
        for message in rx.iter() {
            println!("{message}");
        }
        println!("batch {batch} drained");
    }
}
