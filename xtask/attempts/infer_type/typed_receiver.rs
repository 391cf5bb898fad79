// Correct, written differently: the type is named on the Receiver's
// binding, and `main` waits in a `for` loop that ends when the channel closes.
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

fn main() {
    let (done_tx, done_rx): (Sender<()>, Receiver<()>) = mpsc::channel();

    let worker = thread::spawn(move || {
        println!("worker: finished");
        drop(done_tx);
    });

    for () in done_rx {}
    println!("main: the channel is closed, so the worker is done");

    worker.join().unwrap();
}
