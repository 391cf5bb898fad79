// Wrong: `let _ = tx.send(ticket)` silences the warning and the panic, but
// the producer makes tickets for nobody forever, so `join` never returns.

use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let producer = thread::spawn(move || {
        for ticket in 0u64.. {
            // The receiver is gone: nobody wants more tickets. Stop.
            let _ = tx.send(ticket);
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
