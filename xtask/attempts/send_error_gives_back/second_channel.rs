// Sends the remaining jobs into a second channel of its own and takes
// them back out: every send succeeds, so no error gave a job back.
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
    });

    let mut jobs = printing::todays_jobs().into_iter();
    tx.send(jobs.next().unwrap()).unwrap();
    printer.join().unwrap();

    let (spare_tx, spare_rx) = mpsc::channel::<Job>();
    for job in jobs {
        spare_tx.send(job).unwrap();
    }
    drop(spare_tx);
    let unsent: Vec<Job> = spare_rx.iter().collect();
    for job in unsent {
        println!("kept for later: {}", job.file());
    }
}
