//! Why it works: `send` takes ownership of the `String`, so every use of
//! `order` has to come before it. The reference solution logs first: it reads
//! the order while `main` still owns it, then gives it away, and nothing is
//! copied. (Sending `order.clone()` also compiles, at the price of a second
//! `String`.) All lines are printed by `main`, and the kitchen's list only
//! after `join`, so the output is the same on every run.

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

    for table in 1..=3 {
        let order = format!("soup for table {table}");
        // Use the order while `main` still owns it...
        println!("queued: {order}");
        // ...then hand it over. After this line `order` belongs to the channel.
        tx.send(order).unwrap();
    }
    // The last Sender goes away: the kitchen's `for` loop ends.
    drop(tx);

    let orders = kitchen.join().unwrap();
    println!("the kitchen received {} orders:", orders.len());
    for order in orders {
        println!("  {order}");
    }
}
