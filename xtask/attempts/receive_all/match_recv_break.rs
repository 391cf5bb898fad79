// Correct, written differently: `loop` with `match rx.recv()`, leaving at
// `Err`, the end of the stream.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let producer = thread::spawn(move || {
        let messages = kata::param("messages", 6);
        for seq in 0..messages {
            tx.send(seq).unwrap();
        }
    });

    // Ends once the producer has dropped `tx` and everything was received.
    loop {
        match rx.recv() {
            Ok(seq) => println!("recv {seq}"),
            Err(_) => break,
        }
    }

    producer.join().unwrap();
}
