// Wrong: `main` reads the count and calls `recv()` that many times, which the
// kata forbids: the loop never learns from the channel that the stream is over.

use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let producer = thread::spawn(move || {
        let messages = kata::param("messages", 6);
        for seq in 0..messages {
            tx.send(seq).unwrap();
        }
    });

    for _ in 0..kata::param("messages", 6) {
        let seq = rx.recv().unwrap();
        println!("recv {seq}");
    }

    producer.join().unwrap();
}
