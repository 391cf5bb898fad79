// The producer makes exactly three tickets and still unwraps every send:
// it never meets the closed channel, it just happens to stop in time.
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
    drop(rx);

    producer.join().unwrap();
    println!("producer stopped");
}
