// Never looks at the channel: `main` joins the worker and prints its line,
// so the signal is not what tells `main` the worker is done.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (done_tx, done_rx) = mpsc::channel::<()>();

    let worker = thread::spawn(move || {
        println!("worker: finished");
        drop(done_tx);
    });

    worker.join().unwrap();
    drop(done_rx);
    println!("main: the channel is closed, so the worker is done");
}
