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
// Right now `main` unwraps the result, so the first failed send panics.
//
// Done when: `main` keeps every job it could not send, taken back out of
// the error, and prints the `kept for later:` lines. Keep the `println!`
// lines as they are.

use std::sync::mpsc;
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
        // TODO: this send fails. Keep the job it gives back in `unsent`.
        tx.send(job).unwrap();
    }

    for job in unsent {
        println!("kept for later: {job}");
    }
}
