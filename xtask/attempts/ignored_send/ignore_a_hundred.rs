// A hundred tickets, each send's result ignored: the producer stops because
// its range ends, and goes on sending to nobody after the first `Err`.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let producer = thread::spawn(move || {
        for ticket in 0u64..100 {
            let _ = tx.send(ticket);
        }
    });

    for ticket in rx.iter().take(3) {
        println!("took ticket {ticket}");
    }
    drop(rx);

    producer.join().unwrap();
    println!("producer stopped");
}
