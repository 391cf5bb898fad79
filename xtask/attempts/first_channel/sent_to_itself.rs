// The worker only announces the greeting; `main` sends the greeting into
// the channel itself and receives its own message back.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let worker = thread::spawn(move || {
        println!("worker: greeting ready");
    });
    worker.join().unwrap();

    tx.send(String::from("hello from the worker thread"))
        .unwrap();
    let greeting: String = rx.recv().unwrap();
    println!("main: received \"{greeting}\"");
}
