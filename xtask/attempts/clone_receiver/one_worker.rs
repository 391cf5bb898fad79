// One worker takes every job: it compiles, and every job is done once,
// but nothing is shared.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel::<usize>();

    let mut workers = Vec::new();
    workers.push(thread::spawn(move || {
        for job in rx {
            println!("job {job} done");
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
