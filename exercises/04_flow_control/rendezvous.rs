// rendezvous: a hand-off with no buffer at all
//
// A producer thread hands items 0, 1, 2, ... to `main` and prints `sent <i>`
// as soon as each `send` returns. `main` prints `recv <i>` for each item it
// takes, then spends a moment working on it.
//
// The producer is meant to hand each item over in person, like a relay baton:
// `send` should return only once the consumer has actually taken the item, so
// the producer always knows its last item is in the consumer's hands. Right
// now the channel has a buffer, so `send` drops the item off and returns at
// once, and the producer races ahead while the consumer is still busy.
//
// Turn the channel into a rendezvous: a channel with no room at all, where
// every `send` waits for a `recv` to meet it.
//
// Done when: every item is received once and in order, and no `sent <i>` line
// appears before the consumer has printed `recv` for every earlier item.
//
// Keep both `println!`s where they are, and keep the consumer's pause.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let messages = kata::param("messages", 20);

    // TODO: with room for 16 items, `send` returns before anyone takes the
    // item. Give the channel no room at all.
    let (tx, rx) = mpsc::sync_channel(16);

    let producer = thread::spawn(move || {
        for i in 0..messages {
            tx.send(i).unwrap();
            println!("sent {i}");
        }
    });

    for i in rx {
        println!("recv {i}");
        // Slow consumer: keep this.
        thread::sleep(Duration::from_millis(1));
    }
    producer.join().unwrap();
}
