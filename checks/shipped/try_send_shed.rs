// try_send_shed: when the queue is full, drop the item instead of waiting
//
// A producer offers 6 items to a channel with room for 2. Here the consumer
// is busy elsewhere: `main` only starts reading once the producer has offered
// every item (that keeps the result the same on every run).
//
// `send` on a full `sync_channel` waits for room, and room never comes: the
// consumer is waiting for the producer to finish. The program hangs.
//
// A busy service often prefers to shed load: if there is no room right now,
// give up on the item, note it, and move on. `try_send` does exactly that: it
// never waits, and when the buffer is full it hands the item back to you in
// `TrySendError::Full`. (`TrySendError::Disconnected` means the receiver is
// gone: stop sending then.)
//
// Done when: the program prints, in this order,
//     accepted 0
//     accepted 1
//     shed 2
//     shed 3
//     shed 4
//     shed 5
//     recv 0
//     recv 1
//
// Print exactly these words (the check compares the whole output), and keep
// the receiving loop as it is.

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
            tx.send(i).unwrap();
            println!("accepted {i}");
        }
    });

    // The consumer starts only once the producer has offered every item.
    producer.join().unwrap();
    for i in rx {
        println!("recv {i}");
    }
}
