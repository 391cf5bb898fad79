// No `select!`: drains the orders until they close, then the alerts. Every
// message is printed in its producer's order, but `main` waits on one
// channel while the other may have messages.

use crossbeam_channel::unbounded;
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

    for seq in orders_rx.iter() {
        println!("recv 0 {seq}");
    }
    for seq in alerts_rx.iter() {
        println!("recv 1 {seq}");
    }

    for handle in handles {
        handle.join().unwrap();
    }
}
