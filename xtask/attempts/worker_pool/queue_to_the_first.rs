// Starts every worker, but only the first one gets the Receiver (an
// `Option` taken once): the others have nothing to share.
use std::sync::mpsc;
use std::thread;

fn main() {
    let workers = kata::param("workers", 3);
    let jobs = kata::param("messages", 8);

    let (job_tx, job_rx) = mpsc::channel::<usize>();
    let (done_tx, done_rx) = mpsc::channel::<usize>();

    // Only worker 0 gets the queue; the others start and have nothing to take.
    let mut handles = Vec::new();
    let mut queue = Some(job_rx);
    for id in 0..workers {
        let done_tx = done_tx.clone();
        let job_rx = queue.take();
        handles.push(thread::spawn(move || {
            let Some(job_rx) = job_rx else { return };
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
