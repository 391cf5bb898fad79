// Wrong: `try_send(i).unwrap()` panics at the first `Full`, an ordinary answer
// of `try_send`.

use std::sync::mpsc;
use std::thread;

const ITEMS: usize = 6;

fn main() {
    let (tx, rx) = mpsc::sync_channel(2);

    let producer = thread::spawn(move || {
        for i in 0..ITEMS {
            // TODO: `send` waits for room that never comes. Use `tx.try_send(i)`
            // and match on the result: print `accepted {i}` when it is `Ok`,
            // `shed {i}` when the channel is full, and stop when it is
            // disconnected.
            tx.try_send(i).unwrap();
            println!("accepted {i}");
        }
    });

    // The consumer starts only once the producer has offered every item.
    producer.join().unwrap();
    for i in rx {
        println!("recv {i}");
    }
}
