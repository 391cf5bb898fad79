// crossbeam's `Select` by hand instead of the `select!` macro: an operation
// per open channel, rebuilt each round, and a closed channel left out.

use crossbeam_channel::{Select, unbounded};
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

    let mut open = vec![(0, orders_rx), (1, alerts_rx)];
    while !open.is_empty() {
        let mut select = Select::new();
        for (_, rx) in &open {
            select.recv(rx);
        }
        let oper = select.select();
        let i = oper.index();
        match oper.recv(&open[i].1) {
            Ok(seq) => println!("recv {} {seq}", open[i].0),
            Err(_) => {
                open.remove(i);
            }
        }
    }

    for handle in handles {
        handle.join().unwrap();
    }
}
