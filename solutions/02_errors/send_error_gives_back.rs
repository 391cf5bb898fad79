//! Why it works: `send` only fails when the Receiver is gone, and then it
//! returns the message inside `SendError`. The reference solution matches
//! `Err(SendError(job))`, which moves the job back out, so `main` owns it again
//! and can keep it. A `Job` cannot be cloned or rebuilt outside `printing`, so
//! taking it out of the error is the only way to keep it. The printer's lines
//! come first because `join` returns only after the printer finished, and by
//! then its Receiver is dropped, so both later sends fail.

use std::sync::mpsc::{self, SendError};
use std::thread;

mod printing {
    /// A print job. There is exactly one of each: it is not `Clone`, and its
    /// field is private, so only this module makes jobs.
    pub struct Job {
        file: String,
    }

    impl Job {
        pub fn file(&self) -> &str {
            &self.file
        }
    }

    /// Today's jobs, in the order they are to be printed.
    pub fn todays_jobs() -> Vec<Job> {
        ["report.pdf", "invoice.pdf", "letter.txt"]
            .into_iter()
            .map(|file| Job {
                file: file.to_string(),
            })
            .collect()
    }
}

use printing::Job;

fn main() {
    let (tx, rx) = mpsc::channel::<Job>();

    let printer = thread::spawn(move || {
        let job = rx.recv().unwrap();
        println!("printer: printed {}", job.file());
        println!("printer: out of paper, shutting down");
        // `rx` is dropped here, when the closure returns.
    });

    let mut jobs = printing::todays_jobs().into_iter();
    tx.send(jobs.next().unwrap()).unwrap();
    // Once `join` returns, the printer has dropped its Receiver for sure.
    printer.join().unwrap();

    let mut unsent: Vec<Job> = Vec::new();
    for job in jobs {
        // No receiver: the error gives the job back instead of losing it.
        if let Err(SendError(job)) = tx.send(job) {
            unsent.push(job);
        }
    }

    for job in unsent {
        println!("kept for later: {}", job.file());
    }
}
