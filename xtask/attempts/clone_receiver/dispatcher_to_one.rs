// A dispatcher owns `rx`, as the kata says, but forwards every job to a
// single worker: there is only one worker.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel::<usize>();

    let (worker_tx, worker_rx) = mpsc::channel::<usize>();
    let mut workers = Vec::new();
    workers.push(thread::spawn(move || {
        for job in worker_rx {
            println!("job {job} done");
        }
    }));
    workers.push(thread::spawn(move || {
        for job in rx {
            worker_tx.send(job).unwrap();
        }
    }));

    for job in 0..8 {
        tx.send(job).unwrap();
    }
    drop(tx);

    for worker in workers {
        worker.join().unwrap();
    }
}
