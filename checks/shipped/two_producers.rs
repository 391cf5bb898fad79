// two_producers: one Sender cannot move twice
//
// Two producer threads, 0 and 1, send their messages numbered 0, 1, 2, ...
// into one channel, and `main` prints each message as `recv <producer> <seq>`.
//
// It does not compile: error E0382, "use of moved value: `tx`". A `move`
// closure takes ownership of the `tx` it uses, so after the first
// `thread::spawn` there is no `tx` left in `main` for the second one.
//
// The channel is "mpsc": multiple producer, single consumer. Every producer
// needs a `Sender` of its own, and `Sender` is `Clone`: every clone sends
// into the same channel.
//
// Done when: it compiles and `main` receives every message of both
// producers. Messages of the two producers may arrive mixed in any order;
// only each producer's own order is guaranteed.
//
// Keep the `println!` as it is: the runner reads those lines.

use std::sync::mpsc;
use std::thread;

fn main() {
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();

    let first = thread::spawn(move || {
        for seq in 0..messages {
            tx.send((0, seq)).unwrap();
        }
    });

    // TODO: this producer needs a Sender of its own.
    let second = thread::spawn(move || {
        for seq in 0..messages {
            tx.send((1, seq)).unwrap();
        }
    });

    for (producer, seq) in rx {
        println!("recv {producer} {seq}");
    }
    first.join().unwrap();
    second.join().unwrap();
}
