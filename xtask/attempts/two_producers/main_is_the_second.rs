// The first producer is a thread; `main` sends the second producer's
// messages itself before it receives: two Senders, but one producer thread.
use std::sync::mpsc;
use std::thread;

fn main() {
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();
    let tx1 = tx.clone();

    let first = thread::spawn(move || {
        for seq in 0..messages {
            tx.send((0, seq)).unwrap();
        }
    });

    for seq in 0..messages {
        tx1.send((1, seq)).unwrap();
    }
    drop(tx1);

    for (producer, seq) in rx {
        println!("recv {producer} {seq}");
    }
    first.join().unwrap();
}
