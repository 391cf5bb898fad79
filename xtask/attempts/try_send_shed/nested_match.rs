// Correct, written differently: `match` on the error kind inside the `Err`
// arm, and `Disconnected` returns from the producer.
use std::sync::mpsc::{self, TrySendError};
use std::thread;

const ITEMS: usize = 6;

fn main() {
    let (tx, rx) = mpsc::sync_channel(2);

    let producer = thread::spawn(move || {
        for i in 0..ITEMS {
            match tx.try_send(i) {
                Ok(()) => println!("accepted {i}"),
                Err(err) => match err {
                    TrySendError::Full(item) => println!("shed {item}"),
                    TrySendError::Disconnected(_) => return,
                },
            }
        }
    });

    // The consumer starts only once the producer has offered every item.
    producer.join().unwrap();
    for i in rx {
        println!("recv {i}");
    }
}
