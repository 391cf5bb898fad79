// Wrong: turns a bad input into 0 instead of sending the error: no worker
// panics, but `main` reports `ok` for inputs that are not numbers.

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
            let outcome = Ok(input.parse::<u32>().unwrap_or(0));
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
