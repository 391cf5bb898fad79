// shared_counter: a channel is not always the clearest tool
//
// Four workers each add 1 to a shared count 25 times; then `main` prints
// `total <count>`. Here the count lives in a "counter thread", and every
// change and every read of it is a message: an `Op` enum for the operations,
// a reply channel just to read the number, and a thread that must be shut
// down at the end. It prints the right total, then never ends, because
// `main` still holds a `Sender` it needed for asking.
//
// For one number that everybody updates, shared state says it directly: an
// `Arc<Mutex<u64>>` that each worker locks and bumps, and that `main` reads
// once the workers are joined. No operations enum, no reply channel, no
// counter thread to stop.
//
// Dropping the Sender would make it end too, but that keeps the detour.
// Rewrite it with the Mutex, then compare the two versions.
//
// Done when: the count lives in an `Arc<Mutex<u64>>` that each of the four
// workers locks to add its share, no message is sent, and the program
// prints the total and ends. The runner watches which threads take the
// lock, and that no channel carries the count.
//
// Keep the `println!` as it is: the runner compares the output.

use std::sync::mpsc::{self, Sender};
use std::thread;

enum Op {
    Add(u64),
    Get(Sender<u64>),
}

fn main() {
    let (op_tx, op_rx) = mpsc::channel::<Op>();
    // TODO: replace the counter thread and its messages with an Arc<Mutex<u64>>.
    let counter = thread::spawn(move || {
        let mut count = 0;
        for op in op_rx {
            match op {
                Op::Add(n) => count += n,
                Op::Get(reply) => {
                    let _ = reply.send(count);
                }
            }
        }
    });

    let mut workers = Vec::new();
    for _ in 0..4 {
        let op_tx = op_tx.clone();
        workers.push(thread::spawn(move || {
            for _ in 0..25 {
                op_tx.send(Op::Add(1)).unwrap();
            }
        }));
    }
    for worker in workers {
        worker.join().unwrap();
    }

    let (reply_tx, reply_rx) = mpsc::channel();
    op_tx.send(Op::Get(reply_tx)).unwrap();
    println!("total {}", reply_rx.recv().unwrap());
    counter.join().unwrap();
}
