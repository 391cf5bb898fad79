//! Why it works: `Sender` is `Clone`, and every clone feeds the same channel.
//! In the reference solution each producer thread owns its own clone, and all
//! of them run (and send) at once. The receiving loop ends once every clone
//! *and* the original `tx` have been dropped: the producers drop theirs when
//! their closures return, and `main` drops the original before it starts
//! receiving.
//! Messages of one producer arrive in the order it sent them; across producers
//! there is no order.

use std::sync::mpsc;
use std::thread;

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();

    let mut handles = Vec::new();
    for id in 0..producers {
        // One clone per producer, moved into its thread.
        let tx = tx.clone();
        handles.push(thread::spawn(move || {
            for seq in 0..messages {
                tx.send((id, seq)).unwrap();
            }
        }));
    }
    // The original is not used to send: drop it, or the loop below never ends.
    drop(tx);

    for (id, seq) in rx {
        println!("recv {id} {seq}");
    }
    for handle in handles {
        handle.join().unwrap();
    }
}
