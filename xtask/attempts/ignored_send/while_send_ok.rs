// Correct, written differently: the producer's loop runs while `send` works.

use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let producer = thread::spawn(move || {
        let mut ticket = 0u64;
        while tx.send(ticket).is_ok() {
            ticket += 1;
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
