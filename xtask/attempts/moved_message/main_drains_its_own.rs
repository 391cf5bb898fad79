// Sends every order, then receives them all again in `main`: the kitchen
// thread never sees one.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let kitchen = thread::spawn(Vec::<String>::new);

    for table in 1..=3 {
        let order = format!("soup for table {table}");
        println!("queued: {order}");
        tx.send(order).unwrap();
    }
    drop(tx);

    let mut orders = kitchen.join().unwrap();
    orders.extend(rx);
    println!("the kitchen received {} orders:", orders.len());
    for order in orders {
        println!("  {order}");
    }
}
