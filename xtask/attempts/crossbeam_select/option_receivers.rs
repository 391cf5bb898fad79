// Each receiver in an `Option`, taken out when its channel closes; the
// `select!` waits on `never()` in its place, and the loop ends when both
// are gone.

use crossbeam_channel::{Receiver, never, select, unbounded};
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

    let mut orders: Option<Receiver<usize>> = Some(orders_rx);
    let mut alerts: Option<Receiver<usize>> = Some(alerts_rx);
    let closed = never();
    while orders.is_some() || alerts.is_some() {
        select! {
            recv(orders.as_ref().unwrap_or(&closed)) -> msg => {
                match msg {
                    Ok(seq) => println!("recv 0 {seq}"),
                    Err(_) => orders = None,
                }
            }
            recv(alerts.as_ref().unwrap_or(&closed)) -> msg => {
                match msg {
                    Ok(seq) => println!("recv 1 {seq}"),
                    Err(_) => alerts = None,
                }
            }
        }
    }

    for handle in handles {
        handle.join().unwrap();
    }
}
