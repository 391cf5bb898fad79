//! Why it works: `send` only fails when the Receiver is gone, and then it
//! returns the message inside `SendError`. Matching `Err(SendError(job))`
//! moves the job back out, so `main` owns it again and can keep it. The
//! printer's lines come first because `join` returns only after the printer
//! finished, and by then its Receiver is dropped, so both later sends fail.

use std::sync::mpsc::{self, SendError};
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel::<String>();

    let printer = thread::spawn(move || {
        let job = rx.recv().unwrap();
        println!("printer: printed {job}");
        println!("printer: out of paper, shutting down");
        // `rx` is dropped here, when the closure returns.
    });

    tx.send(String::from("report.pdf")).unwrap();
    // Once `join` returns, the printer has dropped its Receiver for sure.
    printer.join().unwrap();

    let mut unsent: Vec<String> = Vec::new();
    for job in [String::from("invoice.pdf"), String::from("letter.txt")] {
        // No receiver: the error gives the job back instead of losing it.
        if let Err(SendError(job)) = tx.send(job) {
            unsent.push(job);
        }
    }

    for job in unsent {
        println!("kept for later: {job}");
    }
}
