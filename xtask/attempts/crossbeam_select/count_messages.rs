// `select!` over both channels, but the loop counts the messages it expects
// (`2 * messages`) instead of meeting both channels closed: the channel that
// delivers the last message is never seen to close.

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

    let mut received = 0;
    while received < 2 * messages {
        select! {
            recv(orders_rx) -> msg => match msg {
                Ok(seq) => {
                    println!("recv 0 {seq}");
                    received += 1;
                }
                Err(_) => orders_rx = never(),
            },
            recv(alerts_rx) -> msg => match msg {
                Ok(seq) => {
                    println!("recv 1 {seq}");
                    received += 1;
                }
                Err(_) => alerts_rx = never(),
            },
        }
    }

    for handle in handles {
        handle.join().unwrap();
    }
}
