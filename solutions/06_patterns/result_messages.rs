//! Why it works: `parse` already returns a `Result`, and a `Result` is a value
//! like any other, so in the reference solution the worker sends it as it
//! is. A bad input becomes an `Err` message that `main` prints, instead of a
//! panic that kills the worker and loses its message. Every worker sends
//! exactly one message and ends normally, so the receiving loop sees them all
//! and every `join` succeeds.

use std::num::ParseIntError;
use std::sync::mpsc;
use std::thread;

fn main() {
    let inputs = ["12", "7", "seven", "40", ""];

    let (tx, rx) = mpsc::channel::<(usize, Result<u32, ParseIntError>)>();
    let mut handles = Vec::new();
    for (i, input) in inputs.into_iter().enumerate() {
        let tx = tx.clone();
        handles.push(thread::spawn(move || {
            // Success or failure, the outcome is the message.
            let outcome = input.parse::<u32>();
            tx.send((i, outcome)).unwrap();
        }));
    }
    drop(tx);

    for (i, result) in rx {
        match result {
            Ok(number) => println!("ok {i}: {number}"),
            Err(reason) => println!("err {i}: {reason}"),
        }
    }
    for handle in handles {
        handle.join().unwrap();
    }
}
