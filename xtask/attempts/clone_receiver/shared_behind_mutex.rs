// Correct, written differently: both workers share `rx` behind
// `Arc<Mutex<_>>`; each takes the next job with the lock held only for `recv`.
use std::sync::{Arc, Mutex, mpsc};
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel::<usize>();

    let rx = Arc::new(Mutex::new(rx));
    let mut workers = Vec::new();
    for _ in 0..2 {
        let rx = Arc::clone(&rx);
        workers.push(thread::spawn(move || {
            loop {
                let next = rx.lock().unwrap().recv();
                let Ok(job) = next else { break };
                println!("job {job} done");
            }
        }));
    }

    for job in 0..8 {
        tx.send(job).unwrap();
    }
    drop(tx);

    for worker in workers {
        worker.join().unwrap();
    }
}
