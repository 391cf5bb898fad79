//! Why it works: in the reference solution the worker thread sends the
//! greeting, and the closure mentions `tx`, so `move` carries the `Sender`
//! into it. `send` takes the `String` by value: from then on the channel owns
//! it, until `recv()` in `main` hands it over. `recv()` blocks until a value
//! arrives, so `main` prints only after the worker's `send`, and the worker's
//! line always comes first.

use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let worker = thread::spawn(move || {
        let greeting = String::from("hello from the worker thread");
        println!("worker: greeting ready");
        // The `String` moves into the channel; the worker no longer owns it.
        tx.send(greeting).unwrap();
    });

    // Waits until the worker's message arrives, then owns it.
    let greeting: String = rx.recv().unwrap();
    println!("main: received \"{greeting}\"");

    worker.join().unwrap();
}
