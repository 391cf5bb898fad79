// Correct, written differently: a `loop` with its own counter that leaves at
// `if let Err(_) = tx.send(..)`; `main` receives with `recv` three times.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel::<u64>();

    let producer = thread::spawn(move || {
        let mut ticket = 0;
        loop {
            if let Err(_) = tx.send(ticket) {
                break;
            }
            ticket += 1;
        }
    });

    for _ in 0..3 {
        let ticket = rx.recv().unwrap();
        println!("took ticket {ticket}");
    }
    drop(rx);

    producer.join().unwrap();
    println!("producer stopped");
}
