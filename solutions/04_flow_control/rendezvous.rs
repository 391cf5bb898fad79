//! Why it works: the reference solution uses `sync_channel(0)`, which has no
//! buffer, so a value can only pass from hand to hand: `send` blocks until a
//! receiver is in `recv` and takes the value, and only then do both return.
//! Sender and receiver meet at that moment, which is why it is called a
//! rendezvous. When `sent i` is printed, the consumer has taken item `i`, and
//! so it has already printed `recv` for every item before it. A buffer of any
//! size, even 1, loses that guarantee.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let messages = kata::param("messages", 20);

    // Capacity 0: every `send` waits until the consumer takes the item.
    let (tx, rx) = mpsc::sync_channel(0);

    let producer = thread::spawn(move || {
        for i in 0..messages {
            tx.send(i).unwrap();
            println!("sent {i}");
        }
    });

    for i in rx {
        println!("recv {i}");
        // Slow consumer: keep this.
        thread::sleep(Duration::from_millis(1));
    }
    producer.join().unwrap();
}
