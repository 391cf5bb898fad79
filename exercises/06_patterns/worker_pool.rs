// worker_pool: several workers share one job queue
//
// `main` puts jobs 0, 1, 2, ... on a channel, and a few worker threads should
// take them from it, each job going to exactly one worker. Every worker sends
// the job back on a second channel once it is done; `main` collects those
// results, sorts them, and prints `recv <job>` for each.
//
// This does not compile: the loop tries to move the one `Receiver` into every
// worker, and a value can only be moved once. A `Receiver` cannot be cloned
// either: a std channel has exactly one consumer. To share it, put it behind
// an `Arc<Mutex<...>>`: each worker locks it, takes one job, and lets the lock
// go *before* it works on the job, so the others can take jobs meanwhile.
//
// Done when: the workers share the one job queue and every job is done
// exactly once (which worker does which job changes; the sorted lines do not).
//
// Keep the `println!` lines as they are: the runner reads them.

use std::sync::mpsc;
use std::thread;

fn main() {
    let workers = kata::param("workers", 3);
    let jobs = kata::param("messages", 8);

    let (job_tx, job_rx) = mpsc::channel::<usize>();
    let (done_tx, done_rx) = mpsc::channel::<usize>();

    let mut handles = Vec::new();
    for id in 0..workers {
        // TODO: every worker needs a handle to the same `job_rx`.
        let done_tx = done_tx.clone();
        handles.push(thread::spawn(move || {
            for job in job_rx {
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
