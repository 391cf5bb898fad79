// Sends a `()` to name the type, so the channel is no longer a pure signal:
// `main`'s `recv` gets the message, and it prints its line anyway.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (done_tx, done_rx) = mpsc::channel();

    let worker = thread::spawn(move || {
        println!("worker: finished");
        done_tx.send(()).unwrap();
    });

    let _ = done_rx.recv();
    println!("main: the channel is closed, so the worker is done");

    worker.join().unwrap();
}
