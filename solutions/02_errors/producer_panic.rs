//! Why it works: a panicking thread unwinds and drops its `Sender` like any
//! other value, so the channel closes once all three producers are done,
//! panicked or not, and everything they sent is received first. `join()`
//! hands over the outcome: `Ok` with the closure's value, or `Err` with the
//! panic. The reference solution matches on it, so `main` reports the panic
//! instead of repeating it.

use std::sync::mpsc;
use std::thread;

fn main() {
    let batches = [
        vec!["1", "2", "3"],
        vec!["10", "twenty", "30"],
        vec!["100", "200"],
    ];

    let (tx, rx) = mpsc::channel();
    let mut handles = Vec::new();
    for batch in batches {
        let tx = tx.clone();
        handles.push(thread::spawn(move || {
            for text in batch {
                let number: u32 = text.parse().unwrap();
                tx.send(number).unwrap();
            }
        }));
    }
    drop(tx);

    let mut count = 0;
    let mut total = 0;
    for number in rx {
        count += 1;
        total += number;
    }
    println!("received {count} numbers, total {total}");

    for (id, handle) in handles.into_iter().enumerate() {
        // `Err` carries the panic of that thread: report it and go on.
        match handle.join() {
            Ok(()) => println!("producer {id} finished"),
            Err(_) => println!("producer {id} panicked"),
        }
    }
}
