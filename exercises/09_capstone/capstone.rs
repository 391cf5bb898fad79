// capstone: bounded fan-in with a clean shutdown
//
// Several producers send numbered items `(producer, seq)` to one slow
// consumer (`main`, 1 ms per item). Each producer prints `sent <p> <seq>`
// right after `send` returns; the consumer prints `recv <p> <seq>` right
// after it receives.
//
// Three things are wrong, and you have met each of them before:
// - The program never ends: the consumer's loop waits while any `Sender` is
//   alive, and one of them is never used or dropped.
// - The channel is unbounded, so fast producers pile up work the consumer
//   cannot keep up with. Make it hold at most 4 items: a producer must wait
//   when it is full.
// - A failed `send` means the consumer is gone. That is a shutdown signal, not
//   a reason to panic: the producer should just stop.
//
// Done when: every item arrives exactly once, no producer is ever more than 4
// items ahead of the consumer, and the program ends.
//
// Keep the `println!` lines where they are: the runner reads them.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 8);

    // TODO: at most 4 items may wait in the channel.
    let (tx, rx) = mpsc::channel::<(usize, usize)>();

    let mut handles = Vec::new();
    for id in 0..producers {
        let tx = tx.clone();
        handles.push(thread::spawn(move || {
            for seq in 0..messages {
                // TODO: if the consumer is gone, stop instead of panicking.
                tx.send((id, seq)).unwrap();
                println!("sent {id} {seq}");
            }
        }));
    }
    // TODO: the loop below ends only when every Sender is gone.

    for (id, seq) in rx {
        println!("recv {id} {seq}");
        thread::sleep(Duration::from_millis(1));
    }

    for handle in handles {
        handle.join().unwrap();
    }
    println!("all producers done");
}
