// One worker thread takes the whole queue: every job is done once, but the
// pool of `workers` threads never shares it.
use std::sync::mpsc;
use std::thread;

fn main() {
    let workers = kata::param("workers", 3);
    let jobs = kata::param("messages", 8);

    let (job_tx, job_rx) = mpsc::channel::<usize>();
    let (done_tx, done_rx) = mpsc::channel::<usize>();

    // A single worker owns the queue: no lock needed, and no pool either.
    let mut handles = Vec::new();
    let worker_done = done_tx.clone();
    handles.push(thread::spawn(move || {
        for job in job_rx {
            println!("worker 0 does job {job}");
            worker_done.send(job).unwrap();
        }
    }));
    let _ = workers;
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
