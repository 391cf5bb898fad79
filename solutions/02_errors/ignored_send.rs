//! Why it works: `send` fails only when the Receiver is gone, so `Err` is
//! the receiver's "no more, thanks". The reference solution's producer checks
//! every result and leaves its loop at the first `Err`, which comes right after
//! `main` drops `rx`. So `join` returns. What `main` prints does not depend on
//! timing: one producer's tickets arrive in order, so `take(3)` gets 0, 1 and 2.

use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let producer = thread::spawn(move || {
        for ticket in 0u64.. {
            // The receiver is gone: nobody wants more tickets. Stop.
            if tx.send(ticket).is_err() {
                eprintln!("producer: receiver gone after {ticket} tickets");
                break;
            }
        }
    });

    for ticket in rx.iter().take(3) {
        println!("took ticket {ticket}");
    }
    // `main` has what it needs: the receiving end goes away.
    drop(rx);

    producer.join().unwrap();
    println!("producer stopped");
}
