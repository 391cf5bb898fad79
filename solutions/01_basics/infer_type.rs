//! Why it works: the reference solution writes `mpsc::channel::<()>()`,
//! which names the message type, so the compiler no longer has to guess it
//! from a `send` that never happens. A channel of `()` carries no data; here
//! only its closing matters. The worker prints, then drops its Sender;
//! `recv()` returns `Err` only after that drop, so the worker's line always
//! comes before `main`'s.

use std::sync::mpsc;
use std::thread;

fn main() {
    // Nothing is ever sent, so the type has to be written down.
    let (done_tx, done_rx) = mpsc::channel::<()>();

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
