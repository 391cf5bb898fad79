// Wrong: `main` reads the count and receives that many messages, never
// meeting `Err(RecvError)`: the end of the stream is not taken from the channel.

use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let producer = thread::spawn(move || {
        let messages = kata::param("messages", 5);
        for seq in 0..messages {
            tx.send(seq).unwrap();
        }
        // `tx` is dropped here: the channel closes once it is empty.
    });

    // `Err(RecvError)` = empty and no Sender left: the normal end.
    for _ in 0..kata::param("messages", 5) {
        let seq = rx.recv().unwrap();
        println!("recv {seq}");
    }

    println!("done");
    producer.join().unwrap();
}
