//! Why it works: the reference solution offers each item with `try_send`,
//! which never blocks. On a full `sync_channel` it returns
//! `Err(TrySendError::Full(item))` right away and gives the item back, so the
//! producer can decide what to do with it: here it drops it and says so. Only
//! 2 items fit, so exactly 2 are accepted and the rest are shed, on every run.
//! `Disconnected` is a different story: nobody will ever receive again, so the
//! producer stops instead of shedding forever.

use std::sync::mpsc::{self, TrySendError};
use std::thread;

const ITEMS: usize = 6;

fn main() {
    let (tx, rx) = mpsc::sync_channel(2);

    let producer = thread::spawn(move || {
        for i in 0..ITEMS {
            match tx.try_send(i) {
                Ok(()) => println!("accepted {i}"),
                // No room right now: the item comes back to us, and we drop it.
                Err(TrySendError::Full(item)) => println!("shed {item}"),
                // The receiver is gone: no later item could be delivered either.
                Err(TrySendError::Disconnected(_)) => break,
            }
        }
    });

    // The consumer starts only once the producer has offered every item.
    producer.join().unwrap();
    for i in rx {
        println!("recv {i}");
    }
}
