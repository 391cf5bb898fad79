//! Why it works: the one `Receiver` of the job channel stays with one owner,
//! in the reference solution a dispatcher, which forwards each job to one
//! worker's own channel in turn. Every job is received once from `rx` and sent
//! on once, so each is done exactly once. Shutdown chains along: `main` drops
//! `tx`, the dispatcher's loop ends and drops the workers' Senders, and the
//! workers' loops end. (Sharing `rx` behind `Arc<Mutex<_>>` also works; crates
//! such as crossbeam offer channels with cloneable receivers.)

use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel::<usize>();

    // Each worker has a channel of its own.
    let mut worker_txs = Vec::new();
    let mut workers = Vec::new();
    for _ in 0..2 {
        let (worker_tx, worker_rx) = mpsc::channel::<usize>();
        worker_txs.push(worker_tx);
        workers.push(thread::spawn(move || {
            for job in worker_rx {
                println!("job {job} done");
            }
        }));
    }

    // The single consumer of `rx` hands the jobs on, taking turns.
    let dispatcher = thread::spawn(move || {
        for (i, job) in rx.into_iter().enumerate() {
            worker_txs[i % worker_txs.len()].send(job).unwrap();
        }
        // Returning drops `worker_txs`: the workers' loops end.
    });

    for job in 0..8 {
        tx.send(job).unwrap();
    }
    drop(tx);

    dispatcher.join().unwrap();
    for worker in workers {
        worker.join().unwrap();
    }
}
