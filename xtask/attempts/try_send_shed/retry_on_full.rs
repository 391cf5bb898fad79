// Wrong: retries `try_send` while the channel is `Full`. `main` reads only
// after the `join`, so no room ever comes and the producer spins for ever.

use std::sync::mpsc::{self, TrySendError};
use std::thread;

const ITEMS: usize = 6;

fn main() {
    let (tx, rx) = mpsc::sync_channel(2);

    let producer = thread::spawn(move || {
        for i in 0..ITEMS {
            while let Err(TrySendError::Full(_)) = tx.try_send(i) {
                println!("shed {i}");
            }
        }
    });

    producer.join().unwrap();
    for i in rx {
        println!("recv {i}");
    }
}
