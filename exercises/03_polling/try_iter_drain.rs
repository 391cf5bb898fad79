// try_iter_drain: take what is there, then move on
//
// `main` owns an inbox channel. It keeps its own `tx` for the whole run,
// because it hands a fresh clone of it to each batch of work. For every
// batch it starts a worker, waits for it with `join`, then empties the
// inbox. After `join`, all of that worker's messages are certainly queued.
//
// But `rx.iter()` does not stop when the queue is empty: it waits for the
// next message for as long as any Sender is alive. `main` owns one, so it
// waits for a message from itself, forever.
//
// `rx.try_iter()` yields the messages already queued and stops as soon as
// the queue is empty, without ever blocking: "take what is there now".
//
// Done when: both batches are printed, each followed by its `drained` line,
// and the program ends. Keep `tx` in `main` and keep the `println!` lines.

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

        // TODO: take what is queued now. `main` still owns `tx`.
        for message in rx.iter() {
            println!("{message}");
        }
        println!("batch {batch} drained");
    }
}
