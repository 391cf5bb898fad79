// Wrong: gives the channel room for every item instead of a second thread:
// each `send` returns at once, and every `sent` line comes before any `recv`.

use std::sync::mpsc;

fn main() {
    let messages = kata::param("messages", 8);

    let (tx, rx) = mpsc::sync_channel(messages);

    for i in 0..messages {
        tx.send(i).unwrap();
        println!("sent {i}");
    }
    drop(tx);

    for i in rx {
        println!("recv {i}");
    }
}
