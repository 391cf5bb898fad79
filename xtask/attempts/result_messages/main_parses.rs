// The workers are gone: `main` parses every input and sends the results to
// itself before printing them.
use std::num::ParseIntError;
use std::sync::mpsc;
use std::thread;

fn main() {
    let inputs = ["12", "7", "seven", "40", ""];

    let (tx, rx) = mpsc::channel::<(usize, Result<u32, ParseIntError>)>();
    let handles: Vec<thread::JoinHandle<()>> = Vec::new();
    for (i, input) in inputs.into_iter().enumerate() {
        tx.send((i, input.parse::<u32>())).unwrap();
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
