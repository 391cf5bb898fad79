// Wrong: sends `&greeting`, so the channel carries `&String` and `main`'s
// `String` does not match (E0308): send the value itself.

use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let worker = thread::spawn(move || {
        let greeting = String::from("hello from the worker thread");
        println!("worker: greeting ready");
        tx.send(&greeting).unwrap();
    });

    let greeting: String = rx.recv().unwrap();
    println!("main: received \"{greeting}\"");

    worker.join().unwrap();
}
