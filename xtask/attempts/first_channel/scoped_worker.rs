// Correct, written differently: a scoped worker borrows the Sender, and
// `main` receives inside the scope with `for .. in rx.iter().take(1)`.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel::<String>();

    thread::scope(|s| {
        s.spawn(|| {
            let greeting = "hello from the worker thread".to_string();
            println!("worker: greeting ready");
            tx.send(greeting).unwrap();
        });
        for greeting in rx.iter().take(1) {
            println!("main: received \"{greeting}\"");
        }
    });
}
