// moved_message: after `send`, the message is gone
//
// `main` takes orders and passes each one to a kitchen thread through a
// channel. The kitchen keeps every order it receives and hands the whole
// list back when the channel closes. `main` also logs each order it queues.
//
// It does not compile: error E0382, "borrow of moved value: `order`".
//
// `tx.send(order)` takes `order` by value. From that moment the `String`
// (and the memory holding its text) belongs to the channel, and soon to the
// kitchen thread, which may already be reading it. If `main` could still
// use `order`, two threads would share that memory without any lock. The
// compiler rules it out: a value you sent is no longer yours.
//
// Ways out, all common in real code:
// - use the value *before* sending it, while `main` still owns it;
// - send a copy on purpose, `order.clone()`, and keep the original;
// - send something small instead (an id, a number) and keep the big value.
//
// Done when: it compiles and prints one `queued:` line per order, then the
// kitchen's list. Keep the `println!` texts as they are.

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
        tx.send(order).unwrap();
        // TODO: `order` was moved into the channel by the line above.
        println!("queued: {order}");
    }
    // The last Sender goes away: the kitchen's `for` loop ends.
    drop(tx);

    let orders = kitchen.join().unwrap();
    println!("the kitchen received {} orders:", orders.len());
    for order in orders {
        println!("  {order}");
    }
}
