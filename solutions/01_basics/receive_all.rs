//! Why it works: a receiving loop such as the reference solution's
//! `for seq in rx` calls `recv()` until it returns `Err`, which happens only
//! when the channel is empty and no Sender is left. The only Sender lives in the
//! producer's closure and is dropped when the closure returns, after the last
//! `send`. So the loop sees every message, in the order it was sent, and then
//! ends without knowing the count.

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

    // Ends once the producer has dropped `tx` and everything was received.
    for seq in rx {
        println!("recv {seq}");
    }

    producer.join().unwrap();
}
