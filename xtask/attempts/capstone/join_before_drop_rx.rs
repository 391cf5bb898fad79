// Wrong: batch 2 joins its producers before it drops `rx`. A producer that
// waits in `send` on the full channel never gets an `Err`, so the join waits
// for ever.

use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// An item: the producer that made it, and its number.
type Item = (usize, usize);

/// The channel both batches use.
fn item_channel() -> (SyncSender<Item>, Receiver<Item>) {
    // Bounded: a full channel makes producers wait.
    mpsc::sync_channel(4)
}

/// Starts `producers` threads, each with its own clone of `tx`. Producer `id`
/// sends `(id, 0)`, `(id, 1)`, ..., `(id, messages - 1)`.
fn start_producers(
    tx: &SyncSender<Item>,
    producers: usize,
    messages: usize,
) -> Vec<JoinHandle<()>> {
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
    handles
}

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 8);
    let wanted = kata::param("wanted", 2);

    // Batch 1: the producers end the stream.
    let (tx, rx) = item_channel();
    let handles = start_producers(&tx, producers, messages);
    // Only the producers' clones may keep the channel open.
    drop(tx);

    for (id, seq) in rx {
        println!("recv {id} {seq}");
        thread::sleep(Duration::from_millis(1));
    }
    for handle in handles {
        handle.join().unwrap();
    }
    println!("batch 1: all producers done");

    // Batch 2: the consumer ends the stream.
    let (tx, rx) = item_channel();
    let handles = start_producers(&tx, producers, messages);
    for (id, seq) in rx.iter().take(wanted) {
        println!("took {id} {seq}");
        thread::sleep(Duration::from_millis(1));
    }
    for handle in handles {
        handle.join().unwrap();
    }
    drop(rx);
    drop(tx);
    println!("batch 2: every producer stopped");
}
