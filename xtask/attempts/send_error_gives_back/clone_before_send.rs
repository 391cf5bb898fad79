// Wrong: sends a clone and keeps the original when the send fails, instead
// of taking the job back out of the error. A `Job` is not `Clone` (E0599).

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
        if let Err(_) = tx.send(job.clone()) {
            unsent.push(job);
        }
    }

    for job in unsent {
        println!("kept for later: {}", job.file());
    }
}
