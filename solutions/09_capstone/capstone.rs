//! Why it works: `sync_channel(4)` holds at most four items, so a producer
//! whose `send` finds it full waits for the consumer: backpressure instead of
//! an ever-growing queue. Each producer owns a clone of the `Sender` and `main`
//! drops the original, so the receiving loop ends once every producer has
//! finished. A producer treats a failed `send` as "the consumer is gone" and
//! simply stops, the ordinary way to shut down from the receiving side.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 8);

    // Bounded: a full channel makes producers wait.
    let (tx, rx) = mpsc::sync_channel::<(usize, usize)>(4);

    let mut handles = Vec::new();
    for id in 0..producers {
        let tx = tx.clone();
        handles.push(thread::spawn(move || {
            for seq in 0..messages {
                // An error means the receiver is gone: nobody to send to.
                if tx.send((id, seq)).is_err() {
                    break;
                }
                println!("sent {id} {seq}");
            }
        }));
    }
    // Only the producers' clones may keep the channel open.
    drop(tx);

    for (id, seq) in rx {
        println!("recv {id} {seq}");
        thread::sleep(Duration::from_millis(1));
    }

    for handle in handles {
        handle.join().unwrap();
    }
    println!("all producers done");
}
