// Wrong: offers items with `try_send` until the first `Full`, then takes the
// channel for full for good and sheds the rest without offering them. The
// lines are right here, but only one `try_send` said `Full`: a consumer that
// made room in between would have taken the others.

use std::sync::mpsc::{self, TrySendError};
use std::thread;

const ITEMS: usize = 6;

fn main() {
    let (tx, rx) = mpsc::sync_channel(2);

    let producer = thread::spawn(move || {
        let mut full = false;
        for i in 0..ITEMS {
            if full {
                println!("shed {i}");
                continue;
            }
            match tx.try_send(i) {
                Ok(()) => println!("accepted {i}"),
                Err(TrySendError::Full(item)) => {
                    println!("shed {item}");
                    full = true;
                }
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
