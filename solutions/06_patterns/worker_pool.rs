//! Why it works: a `Receiver` has one owner, so the workers share it through
//! `Arc<Mutex<Receiver<_>>>`: the `Arc` gives each worker a handle, the `Mutex`
//! lets one worker at a time call `recv`. In the reference solution the guard is
//! a temporary of the `let` statement that receives, so it is dropped at that
//! statement's `;` and the lock is free again while the job runs. (A guard made
//! in the head of `while let` or `for` lives for the whole loop body instead:
//! the worker would keep the queue locked while it works, and the pool would do
//! one job at a time.) `recv` returns `Err` once the queue is empty and `job_tx`
//! is gone: that is each worker's signal to stop.

use std::sync::{Arc, Mutex, mpsc};
use std::thread;

fn main() {
    let workers = kata::param("workers", 3);
    let jobs = kata::param("messages", 8);

    let (job_tx, job_rx) = mpsc::channel::<usize>();
    let (done_tx, done_rx) = mpsc::channel::<usize>();
    // One queue, many takers.
    let job_rx = Arc::new(Mutex::new(job_rx));

    let mut handles = Vec::new();
    for id in 0..workers {
        let job_rx = Arc::clone(&job_rx);
        let done_tx = done_tx.clone();
        handles.push(thread::spawn(move || {
            loop {
                // The guard is a temporary of this statement: it is dropped
                // at the `;`, before the job is worked on.
                let next = job_rx.lock().unwrap().recv();
                let Ok(job) = next else { break };
                println!("worker {id} does job {job}");
                done_tx.send(job).unwrap();
            }
        }));
    }
    drop(done_tx);

    for job in 0..jobs {
        job_tx.send(job).unwrap();
    }
    // No more jobs: the workers' loops end once the queue is empty.
    drop(job_tx);

    let mut done: Vec<usize> = done_rx.iter().collect();
    done.sort();
    for job in done {
        println!("recv {job}");
    }
    for handle in handles {
        handle.join().unwrap();
    }
}
