//! Why it works: the count is one number that every worker changes, so it is
//! shared state, and the reference solution's `Arc<Mutex<u64>>` says exactly
//! that: the `Arc` gives each worker a handle, the `Mutex` makes each `+= 1`
//! happen whole. After joining the workers every increment is done, so `main`
//! reads the final value. There is no operation enum, no reply channel and no
//! extra thread to shut down. Channels shine when work or results change hands,
//! not for one hot value.

use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    let count = Arc::new(Mutex::new(0u64));

    let mut workers = Vec::new();
    for _ in 0..4 {
        let count = Arc::clone(&count);
        workers.push(thread::spawn(move || {
            for _ in 0..25 {
                *count.lock().unwrap() += 1;
            }
        }));
    }
    // Joined workers have finished every increment.
    for worker in workers {
        worker.join().unwrap();
    }

    println!("total {}", *count.lock().unwrap());
}
