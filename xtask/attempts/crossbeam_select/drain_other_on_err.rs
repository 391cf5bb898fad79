// Right: `select!` over both channels; once one arm returns `Err` (that
// channel is closed and empty), the other channel is drained with a plain
// `for` loop, and the loop ends. Nothing can come through the closed one any
// more, so the plain receive misses nothing.

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

    loop {
        select! {
            recv(orders_rx) -> msg => match msg {
                Ok(seq) => println!("recv 0 {seq}"),
                Err(_) => {
                    // orders is closed and empty: only alerts are left.
                    for seq in &alerts_rx {
                        println!("recv 1 {seq}");
                    }
                    break;
                }
            },
            recv(alerts_rx) -> msg => match msg {
                Ok(seq) => println!("recv 1 {seq}"),
                Err(_) => {
                    for seq in &orders_rx {
                        println!("recv 0 {seq}");
                    }
                    break;
                }
            },
        }
    }

    for handle in handles {
        handle.join().unwrap();
    }
}
