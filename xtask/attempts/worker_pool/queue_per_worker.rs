// Misses the point: each worker gets a channel of its own, made in the spawn
// loop, and `main` deals the jobs out in turn. Every job is done once and the
// sorted lines are right, but there is no shared queue: a worker with a slow
// job holds up the jobs dealt to it while the others wait for work.

use std::sync::mpsc;
use std::thread;

fn main() {
    let workers = kata::param("workers", 3);
    let jobs = kata::param("messages", 8);

    let (done_tx, done_rx) = mpsc::channel::<usize>();
    let mut inboxes = Vec::new();
    let mut handles = Vec::new();
    for id in 0..workers {
        let (inbox_tx, inbox_rx) = mpsc::channel::<usize>();
        inboxes.push(inbox_tx);
        let done_tx = done_tx.clone();
        handles.push(thread::spawn(move || {
            for job in inbox_rx {
                println!("worker {id} does job {job}");
                done_tx.send(job).unwrap();
            }
        }));
    }
    drop(done_tx);

    for job in 0..jobs {
        inboxes[job % workers].send(job).unwrap();
    }
    drop(inboxes);

    let mut done: Vec<usize> = done_rx.iter().collect();
    done.sort();
    for job in done {
        println!("recv {job}");
    }
    for handle in handles {
        handle.join().unwrap();
    }
}
