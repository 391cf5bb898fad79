// infer_type: what does this channel carry?
//
// Every channel carries one type of value: a `Sender<T>` sends `T`s and a
// `Receiver<T>` receives them. You rarely write `T` down, because the
// compiler reads it off the values you send.
//
// This channel carries no values at all. It is a signal: the worker drops
// its Sender when it has finished, and that wakes up `main`, whose `recv()`
// then returns `Err` ("closed, and nothing will ever arrive"). Since nothing
// is sent, the compiler has no value to read `T` from, and stops with
// error E0282 "type annotations needed".
//
// Done when: the program compiles and prints both lines. Keep the channel a
// pure signal (do not add a `send`): name its type instead. `()`, the empty
// value, is the usual type for a channel that carries no data.

use std::sync::mpsc;
use std::thread;

fn main() {
    // TODO: tell the compiler what this channel carries.
    let (done_tx, done_rx) = mpsc::channel();

    let worker = thread::spawn(move || {
        println!("worker: finished");
        drop(done_tx);
    });

    // Blocks until every Sender of `done_rx` is gone.
    if done_rx.recv().is_err() {
        println!("main: the channel is closed, so the worker is done");
    }

    worker.join().unwrap();
}
