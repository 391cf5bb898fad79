// Misses the point: two of the three orders go to the kitchen; `main`
// prints its own copies as the kitchen's list. The output is right, but the
// kitchen's thread received only two orders.

use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let kitchen = thread::spawn(move || {
        let mut orders = Vec::new();
        for order in rx {
            orders.push(order);
        }
        orders
    });

    let mut all = Vec::new();
    for table in 1..=3 {
        let order = format!("soup for table {table}");
        println!("queued: {order}");
        all.push(order.clone());
        // The last order is kept back: only the first two reach the kitchen.
        if table < 3 {
            tx.send(order).unwrap();
        }
    }
    drop(tx);

    let _ = kitchen.join().unwrap();
    println!("the kitchen received {} orders:", all.len());
    for order in all {
        println!("  {order}");
    }
}
