// `main` keeps the orders in a Vec and gives it to the kitchen when spawning
// it: the kitchen hands the list back, but no order went through a channel.
use std::thread;

fn main() {
    let mut queued = Vec::new();
    for table in 1..=3 {
        let order = format!("soup for table {table}");
        println!("queued: {order}");
        queued.push(order);
    }

    let kitchen = thread::spawn(move || queued);

    let orders = kitchen.join().unwrap();
    println!("the kitchen received {} orders:", orders.len());
    for order in orders {
        println!("  {order}");
    }
}
