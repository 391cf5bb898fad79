// Correct, written differently: the error travels as its text, a
// `Result<u32, String>`, from workers kept in a Vec of handles.
use std::sync::mpsc;
use std::thread;

fn main() {
    let inputs = ["12", "7", "seven", "40", ""];

    let (tx, rx) = mpsc::channel::<(usize, Result<u32, String>)>();
    let mut handles = Vec::new();
    for (i, input) in inputs.into_iter().enumerate() {
        let tx = tx.clone();
        handles.push(thread::spawn(move || {
            // Success or failure, the outcome is the message.
            let outcome = input.parse::<u32>().map_err(|e| e.to_string());
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
