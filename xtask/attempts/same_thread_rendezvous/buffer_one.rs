// A buffer of one instead of none: the producer can hand over an item
// before `main` has taken the one before it.
use std::sync::mpsc;
use std::thread;

fn main() {
    let messages = kata::param("messages", 8);

    // Capacity 0 stays: every `send` must meet a `recv`.
    let (tx, rx) = mpsc::sync_channel(1);

    // The sender runs on its own thread, so `main` can be the one it meets.
    let producer = thread::spawn(move || {
        for i in 0..messages {
            tx.send(i).unwrap();
            println!("sent {i}");
        }
    });

    for i in rx {
        println!("recv {i}");
    }
    producer.join().unwrap();
}
