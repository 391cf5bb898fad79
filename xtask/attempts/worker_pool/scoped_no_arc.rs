// Correct, written differently: scoped workers borrow one `Mutex<Receiver>`,
// so no `Arc` is needed; the guard is dropped in a block before the work.

use std::sync::{Mutex, mpsc};
use std::thread;

fn main() {
    let workers = kata::param("workers", 3);
    let jobs = kata::param("messages", 8);

    let (job_tx, job_rx) = mpsc::channel::<usize>();
    let (done_tx, done_rx) = mpsc::channel::<usize>();
    let job_rx = Mutex::new(job_rx);

    for job in 0..jobs {
        job_tx.send(job).unwrap();
    }
    drop(job_tx);

    thread::scope(|scope| {
        for id in 0..workers {
            let job_rx = &job_rx;
            let done_tx = done_tx.clone();
            scope.spawn(move || {
                loop {
                    let next = {
                        let queue = job_rx.lock().unwrap();
                        queue.recv()
                    };
                    let Ok(job) = next else { break };
                    println!("worker {id} does job {job}");
                    done_tx.send(job).unwrap();
                }
            });
        }
    });
    drop(done_tx);

    let mut done: Vec<usize> = done_rx.iter().collect();
    done.sort_unstable();
    for job in done {
        println!("recv {job}");
    }
}
