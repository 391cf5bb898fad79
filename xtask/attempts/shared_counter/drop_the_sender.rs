// Misses the point: keeps the counter thread and its messages, and ends the
// program by dropping `main`'s Sender after asking for the total. It prints
// the right total and ends, but the count still travels in messages where
// the kata asks for shared state behind a Mutex.

use std::sync::mpsc::{self, Sender};
use std::thread;

enum Op {
    Add(u64),
    Get(Sender<u64>),
}

fn main() {
    let (op_tx, op_rx) = mpsc::channel::<Op>();
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
    // The last Sender goes: the counter thread's loop ends.
    drop(op_tx);
    counter.join().unwrap();
}
