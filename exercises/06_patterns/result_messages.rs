// result_messages: failures travel as messages too
//
// One worker thread per input parses a number and sends the outcome to
// `main`, which prints `ok <i>: <number>` or `err <i>: <reason>`.
//
// Some inputs are not numbers. The worker unwraps the parse result, so on a
// bad input it panics: its thread dies, its message is never sent, and `main`
// panics in turn when it joins it. A worker should not crash over bad data:
// it should report it. The channel already carries a `Result`; send the
// error instead of panicking.
//
// Done when: every input gets a line, `ok` or `err`, and the program ends
// normally. The lines may come in any order.
//
// Keep the `println!` lines as they are: the runner reads them.

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
            // TODO: do not unwrap here: let the error travel to `main`.
            let number: u32 = input.parse().unwrap();
            tx.send((i, Ok(number))).unwrap();
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
