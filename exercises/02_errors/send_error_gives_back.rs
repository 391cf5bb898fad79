// send_error_gives_back: a failed send hands your value back
//
// A printer thread takes one print job, prints it and shuts down: it is out
// of paper. When its closure returns, its `Receiver` is dropped, and the
// channel has no receiving end any more.
//
// `main` still has two jobs to send. A send with no receiver cannot
// deliver, so `send` returns `Err(SendError(job))`. The error is not a
// mystery and not a loss: it carries the very job you tried to send, and
// you can take it back out (`SendError(job)` in a pattern, or `err.0`).
//
// A `Job` is one of a kind: it cannot be cloned, and outside the `printing`
// module it cannot be built either. So a job you gave to `send` is gone
// unless you take it back out of the error.
//
// Right now `main` unwraps the result, so the first failed send panics.
//
// Done when: `main` keeps every job it could not send, taken back out of
// the error, and prints the `kept for later:` lines. Keep the `printing`
// module and the `println!` lines as they are.

use std::sync::mpsc;
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
        // TODO: this send fails. Keep the job it gives back in `unsent`.
        tx.send(job).unwrap();
    }

    for job in unsent {
        println!("kept for later: {}", job.file());
    }
}
