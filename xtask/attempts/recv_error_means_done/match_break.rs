// Correct, written differently: `loop` with a `match` that breaks on `Err`.

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
    loop {
        match rx.recv() {
            Ok(seq) => println!("recv {seq}"),
            Err(_) => break,
        }
    }

    println!("done");
    producer.join().unwrap();
}
