// first_channel: two halves of one channel
//
// `mpsc::channel()` returns a pair: a `Sender` (`tx`) to put values in and a
// `Receiver` (`rx`) to take them out. Each half can live in a different
// thread. That is the point of a channel: one thread owns the work, another
// owns the result, and the channel carries the result from one to the other.
//
// Here a worker thread builds a greeting and `main` waits for it with
// `rx.recv()`. But the worker never sends it, so `main` waits forever.
//
// Done when: `main` prints the greeting the worker built. Sending moves the
// `String` into the channel and `recv()` moves it out again: nothing is
// copied, and only one thread owns it at any time.
//
// Keep the `println!` lines as they are.

use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let worker = thread::spawn(move || {
        let greeting = String::from("hello from the worker thread");
        println!("worker: greeting ready");
        // TODO: send `greeting` to `main` through `tx`.
    });

    let greeting: String = rx.recv().unwrap();
    println!("main: received \"{greeting}\"");

    worker.join().unwrap();
}
