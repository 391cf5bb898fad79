//! Why it works: `select!` blocks until one of its operations can go ahead and
//! runs only that arm, so `main` serves whichever channel has a message. A
//! closed channel's `recv` is always ready with `Err`, so on the first `Err`
//! the reference solution swaps that receiver for `never()`, which is never
//! ready, and counts one channel fewer; when none is left the loop ends. Each
//! channel is FIFO with a single sender, so each producer's order is kept.

use crossbeam_channel::{never, select, unbounded};
use std::thread;
use std::time::Duration;

fn main() {
    let messages = kata::param("messages", 4);

    let (orders_tx, mut orders_rx) = unbounded::<usize>();
    let (alerts_tx, mut alerts_rx) = unbounded::<usize>();
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

    let mut open = 2;
    while open > 0 {
        select! {
            recv(orders_rx) -> msg => match msg {
                Ok(seq) => println!("recv 0 {seq}"),
                // Closed: never select on it again.
                Err(_) => {
                    orders_rx = never();
                    open -= 1;
                }
            },
            recv(alerts_rx) -> msg => match msg {
                Ok(seq) => println!("recv 1 {seq}"),
                Err(_) => {
                    alerts_rx = never();
                    open -= 1;
                }
            },
        }
    }

    for handle in handles {
        handle.join().unwrap();
    }
}
