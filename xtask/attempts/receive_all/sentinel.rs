// The producer sends an end marker after its messages, and `main` stops at
// the marker: the loop ends on a value, not because the channel closed.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let producer = thread::spawn(move || {
        let messages = kata::param("messages", 6);
        for seq in 0..messages {
            tx.send(Some(seq)).unwrap();
        }
        tx.send(None).unwrap();
    });

    // Ends once the producer has dropped `tx` and everything was received.
    while let Some(seq) = rx.recv().unwrap() {
        println!("recv {seq}");
    }

    producer.join().unwrap();
}
