// bounded_producer: a fast producer must wait for a slow consumer
//
// A producer thread sends the items 0, 1, 2, ... and prints `sent <i>` as soon
// as each `send` returns. `main` is the consumer: it prints `recv <i>` for each
// item it takes, then spends a moment working on it.
//
// The channel has no limit, so `send` never waits: the producer piles every
// item into the queue while the consumer is still busy with the first ones.
// With real work and real data, that queue grows until memory runs out.
//
// Make the producer keep pace with the consumer: at most 2 items may wait in
// the channel at any time, and a `send` that finds no room must wait for it.
//
// Done when: every item is received once and in order, and the producer is
// never more than 2 items ahead of the consumer (the check counts the `recv`
// lines printed before each `sent` line).
//
// Keep both `println!`s where they are, and keep the consumer's pause.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let messages = kata::param("messages", 20);

    // TODO: this channel buffers without limit. Use a channel with room for
    // 2 items, so that `send` blocks while those 2 places are taken.
    let (tx, rx) = mpsc::channel();

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
