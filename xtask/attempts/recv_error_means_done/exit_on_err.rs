// `Err(_) => break`, but `done` is printed by the producer before it returns,
// not by `main` after the end of the stream: it can come before the last
// `recv` line.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let producer = thread::spawn(move || {
        let messages = kata::param("messages", 5);
        for seq in 0..messages {
            tx.send(seq).unwrap();
        }
        drop(tx);
        println!("done");
    });

    loop {
        match rx.recv() {
            Ok(seq) => println!("recv {seq}"),
            Err(_) => break,
        }
    }
    producer.join().unwrap();
}
