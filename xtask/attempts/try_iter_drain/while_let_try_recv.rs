// Correct, written differently: `while let Ok(m) = rx.try_recv()` takes what
// is queued and stops at the first `Empty`.
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

        while let Ok(message) = rx.try_recv() {
            println!("{message}");
        }
        println!("batch {batch} drained");
    }
}
