// Wrong: the producer makes exactly the three tickets `main` takes, and
// unwraps each send. It prints the right lines and never panics, but it
// stops because it counted, not because the receiver said "no more": no
// send ever fails.

use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let producer = thread::spawn(move || {
        for ticket in 0u64..3 {
            tx.send(ticket).unwrap();
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
