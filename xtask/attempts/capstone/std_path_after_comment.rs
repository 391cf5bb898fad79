// capstone: bounded fan-in, and both ways a stream can end
//
// Several producers send numbered items `(producer, seq)` through one
// channel to one slow consumer (`main`, 1 ms per item). Each producer prints
// `sent <p> <seq>` right after `send` returns.
//
// The program runs two batches, with the same producers and the same kind
// of channel, and each batch's stream ends from a different side:
// - Batch 1, the producers end it: `main` receives every item, printing
//   `recv <p> <seq>` right after it receives, until the stream is over.
// - Batch 2, the consumer ends it: `main` needs only the first `wanted`
//   items (`took <p> <seq>`), then drops its Receiver while the producers
//   still have items to send.
//
// Three things are wrong, and you have met each of them before:
// - Batch 1 never ends: the consumer's loop waits while any `Sender` is
//   alive, and one of them is never used or dropped.
// - The channel is unbounded, so fast producers pile up work the consumer
//   cannot keep up with. Make it hold at most 4 items: a producer must wait
//   when it is full.
// - In batch 2, `send` fails once the consumer is gone. That is a shutdown
//   signal, not a reason to panic: the producer should just stop.
//
// Done when: in batch 1 every item arrives exactly once, no producer is ever
// more than 4 items ahead of the consumer, and the receiving loop ends
// because the last Sender is gone (don't count the items); in batch 2 every
// producer stops at its first failed `send`, without panicking; and the
// program ends normally.
//
// Keep the `println!` lines where they are (the runner reads them), and keep
// the `join().unwrap()` lines: a producer that panics must fail the program.

use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// An item: the producer that made it, and its number.
type Item = (usize, usize);

/// The channel both batches use.
fn item_channel() -> (SyncSender<Item>, Receiver<Item>) {
    // At most 4 items wait in it.
    std::sync::mpsc::sync_channel(4)
}

/// Starts `producers` threads, each with its own clone of `tx`. Producer `id`
/// sends `(id, 0)`, `(id, 1)`, ..., `(id, messages - 1)`.
fn start_producers(tx: SyncSender<Item>, producers: usize, messages: usize) -> Vec<JoinHandle<()>> {
    let mut handles = Vec::new();
    for id in 0..producers {
        let tx = tx.clone();
        handles.push(thread::spawn(move || {
            for seq in 0..messages {
                let _ = tx.send((id, seq));
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
    let handles = start_producers(tx, producers, messages);
    while let Ok((id, seq)) = rx.recv() {
        println!("recv {id} {seq}");
        thread::sleep(Duration::from_millis(1));
    }
    for handle in handles {
        handle.join().unwrap();
    }
    println!("batch 1: all producers done");

    // Batch 2: the consumer ends the stream.
    let (tx, rx) = item_channel();
    let handles = start_producers(tx, producers, messages);
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
    println!("batch 2: every producer stopped");
}
