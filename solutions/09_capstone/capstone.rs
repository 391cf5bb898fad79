//! Why it works: `sync_channel(4)` holds at most four items, so a producer
//! whose `send` finds it full waits for the consumer: backpressure instead of
//! an ever-growing queue. In the reference solution's batch 1 each producer
//! owns a clone of the `Sender` and `main` drops the original, so the receiving
//! loop ends once every producer has finished, without counting anything. In
//! batch 2 `main` drops its Receiver after `wanted` items; from then on every
//! `send` returns `Err`, even one already waiting for room, and its producers
//! leave their loop at the first `Err`: the ordinary way to shut down from the
//! receiving side. Every `join` then finds a thread that ended normally.

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
    // `main` has what it needs: the receiving end goes away, and every
    // producer still has items it cannot send.
    drop(rx);
    for handle in handles {
        handle.join().unwrap();
    }
    drop(tx);
    println!("batch 2: every producer stopped");
}
