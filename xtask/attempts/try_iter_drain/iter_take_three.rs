// Takes exactly three messages with `rx.iter().take(3)`: it knows the batch
// size instead of taking what is queued, and waits for each message.
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

        for message in rx.iter().take(3) {
            println!("{message}");
        }
        println!("batch {batch} drained");
    }
}
