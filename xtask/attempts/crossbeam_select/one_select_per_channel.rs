// A `select!` per channel, one after the other: each waits on one channel
// only, so it is a plain `recv` under another name, and `main` serves the
// alerts only once the orders are closed.

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

    for (id, rx) in [(0, &orders_rx), (1, &alerts_rx)] {
        loop {
            select! {
                recv(rx) -> msg => match msg {
                    Ok(seq) => println!("recv {id} {seq}"),
                    Err(_) => break,
                },
            }
        }
    }

    for handle in handles {
        handle.join().unwrap();
    }
}
