// Correct, written differently: sends a clone and logs the original after
// the send; the kitchen collects with `rx.iter().collect()`.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel::<String>();

    let kitchen = thread::spawn(move || rx.iter().collect::<Vec<_>>());

    for table in 1..=3 {
        let order = format!("soup for table {table}");
        tx.send(order.clone()).unwrap();
        println!("queued: {order}");
    }
    drop(tx);

    let orders = kitchen.join().unwrap();
    println!("the kitchen received {} orders:", orders.len());
    for order in orders {
        println!("  {order}");
    }
}
