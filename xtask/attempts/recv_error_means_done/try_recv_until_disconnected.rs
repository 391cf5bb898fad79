// Correct, written differently: a `try_recv` loop that yields on `Empty`
// and stops on `Disconnected`, the end of the stream.
use std::sync::mpsc::{self, TryRecvError};
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let producer = thread::spawn(move || {
        let messages = kata::param("messages", 5);
        for seq in 0..messages {
            tx.send(seq).unwrap();
        }
    });

    loop {
        match rx.try_recv() {
            Ok(seq) => println!("recv {seq}"),
            Err(TryRecvError::Empty) => thread::yield_now(),
            Err(TryRecvError::Disconnected) => break,
        }
    }

    println!("done");
    producer.join().unwrap();
}
