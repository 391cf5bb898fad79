// crossbeam_select: waiting on two channels at once
//
// Two producers send on two separate channels: producer 0 on `orders`,
// producer 1 on `alerts`. `main` must take messages from whichever channel has
// one, and prints `recv <producer> <seq>`. std's `Receiver` can only wait on
// its own channel; the `crossbeam-channel` crate has `select!`, which waits
// on several operations and runs the arm of the first one that is ready.
//
// When a channel is closed (its producer is done), its `recv` arm is ready at
// once, every time, with an `Err`. This loop unwraps that `Err` and panics.
// Handle it: stop selecting on the closed channel, by swapping in
// `crossbeam_channel::never()` (a receiver that is never ready), and end the
// loop once both channels are closed.
//
// std's `mpsc` is the right first tool for plain fan-in; reach for crossbeam
// when you need `select!` over several channels, or several consumers (its
// `Receiver` is `Clone`). In async code, use the async runtime's channels
// (such as `tokio::sync::mpsc`), whose `recv` is awaited instead of blocking
// a whole thread.
//
// Done when: every message of both producers is printed and the program ends.
//
// Keep the `println!` lines as they are: the runner reads them.

use crossbeam_channel::{select, unbounded};
use std::thread;
use std::time::Duration;

fn main() {
    let messages = kata::param("messages", 4);

    let (orders_tx, orders_rx) = unbounded::<usize>();
    let (alerts_tx, alerts_rx) = unbounded::<usize>();
    let mut handles = Vec::new();
    for (id, tx) in [(0, orders_tx), (1, alerts_tx)] {
        handles.push(thread::spawn(move || {
            for seq in 0..messages {
                if id == 1 {
                    // Alerts trickle in slowly.
                    thread::sleep(Duration::from_millis(1));
                }
                tx.send(seq).unwrap();
            }
            println!("producer {id} is done");
        }));
    }

    let open = 2;
    // TODO: a closed channel's arm gives `Err`: count it and stop selecting on it.
    while open > 0 {
        select! {
            recv(orders_rx) -> msg => {
                let seq = msg.unwrap();
                println!("recv 0 {seq}");
            }
            recv(alerts_rx) -> msg => {
                let seq = msg.unwrap();
                println!("recv 1 {seq}");
            }
        }
    }

    for handle in handles {
        handle.join().unwrap();
    }
}
