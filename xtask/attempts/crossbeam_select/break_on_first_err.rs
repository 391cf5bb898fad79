// Wrong: `let Ok(seq) = msg else { break }` in both arms: the first channel to
// close ends the whole loop, and the other channel's remaining messages are
// never received. No count anywhere.

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
            recv(orders_rx) -> msg => {
                let Ok(seq) = msg else { break };
                println!("recv 0 {seq}");
            }
            recv(alerts_rx) -> msg => {
                let Ok(seq) = msg else { break };
                println!("recv 1 {seq}");
            }
        }
    }

    for handle in handles {
        handle.join().unwrap();
    }
}
