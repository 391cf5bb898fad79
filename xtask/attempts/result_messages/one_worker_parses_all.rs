// One worker parses every input and sends each `Result`: the output is
// right, but there is one producer, not one per input.
use std::num::ParseIntError;
use std::sync::mpsc;
use std::thread;

fn main() {
    let inputs = ["12", "7", "seven", "40", ""];

    let (tx, rx) = mpsc::channel::<(usize, Result<u32, ParseIntError>)>();
    let worker_tx = tx.clone();
    let handles = vec![thread::spawn(move || {
        for (i, input) in inputs.into_iter().enumerate() {
            worker_tx.send((i, input.parse::<u32>())).unwrap();
        }
    })];
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
