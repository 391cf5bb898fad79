// Correct, written differently: the guard is dropped by hand with `drop`
// before the job is worked on.

use std::sync::{Arc, Mutex, mpsc};
use std::thread;

fn main() {
    let workers = kata::param("workers", 3);
    let jobs = kata::param("messages", 8);

    let (job_tx, job_rx) = mpsc::channel::<usize>();
    let (done_tx, done_rx) = mpsc::channel::<usize>();
    let job_rx = Arc::new(Mutex::new(job_rx));

    let mut handles = Vec::new();
    for id in 0..workers {
        let job_rx = Arc::clone(&job_rx);
        let done_tx = done_tx.clone();
        handles.push(thread::spawn(move || {
            loop {
                let queue = job_rx.lock().unwrap();
                let next = queue.recv();
                drop(queue);
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
