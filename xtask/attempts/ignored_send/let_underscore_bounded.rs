// Wrong: `let _ = tx.send(ticket)` over a long but finite range. The
// producer ends, so `join` returns and the lines are right, but after
// `main` drops its Receiver every send fails and the producer goes on
// making tickets for nobody until the range runs out.

use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let producer = thread::spawn(move || {
        for ticket in 0u64..200_000 {
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
