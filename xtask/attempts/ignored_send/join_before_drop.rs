// Wrong: `main` joins the producer before it drops `rx`, so the Receiver is
// alive while `main` waits: every send succeeds, the producer never stops, and
// `join` never returns. (The producer itself stops right on a failed send.)

use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let producer = thread::spawn(move || {
        let stopped = (0u64..).try_for_each(|ticket| tx.send(ticket));
        if let Err(mpsc::SendError(ticket)) = stopped {
            eprintln!("nobody wanted ticket {ticket}");
        }
    });

    for ticket in rx.iter().take(3) {
        println!("took ticket {ticket}");
    }
    producer.join().unwrap();
    drop(rx);
    println!("producer stopped");
}
