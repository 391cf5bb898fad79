// Correct, written differently: the producer is a scoped thread, and each
// offer's result is taken apart with `if let`/`else`: `Full` sheds the item
// it hands back, `Disconnected` ends the offers, anything else was accepted.

use std::sync::mpsc::{self, TrySendError};
use std::thread;

const ITEMS: usize = 6;

fn main() {
    let (tx, rx) = mpsc::sync_channel(2);

    thread::scope(|scope| {
        scope.spawn(move || {
            for i in 0..ITEMS {
                let offered = tx.try_send(i);
                if let Err(TrySendError::Full(item)) = offered {
                    println!("shed {item}");
                } else if offered.is_err() {
                    return;
                } else {
                    println!("accepted {i}");
                }
            }
        });
    });

    // The consumer starts only once the producer has offered every item.
    for i in rx {
        println!("recv {i}");
    }
}
