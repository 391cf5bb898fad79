// Wrong format, right channels: each producer has its Sender and every message
// arrives, but `main` prints the tuple with `{:?}`: `recv (0, 1)`, not the
// kata's `recv 0 1`, so the runner reads no message line.

use std::sync::mpsc;
use std::thread;

fn main() {
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();
    let tx2 = tx.clone();

    let first = thread::spawn(move || {
        for seq in 0..messages {
            tx.send((0, seq)).unwrap();
        }
    });

    let second = thread::spawn(move || {
        for seq in 0..messages {
            tx2.send((1, seq)).unwrap();
        }
    });

    for msg in rx {
        println!("recv {:?}", msg);
    }
    first.join().unwrap();
    second.join().unwrap();
}
