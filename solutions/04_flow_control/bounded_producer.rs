//! Why it works: the reference solution's `sync_channel(2)` has room for
//! exactly 2 items. When both places are taken, `send` blocks until the
//! consumer takes one, so the producer can never be more than 2 items ahead:
//! the slow consumer sets the pace, and the queue's memory stays fixed however
//! many items are sent. This waiting is called backpressure. Use `sync_channel`
//! whenever producers must slow down rather than pile up work nobody has time
//! for yet.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let messages = kata::param("messages", 20);

    // Room for 2 items: a third `send` waits until the consumer takes one.
    let (tx, rx) = mpsc::sync_channel(2);

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
