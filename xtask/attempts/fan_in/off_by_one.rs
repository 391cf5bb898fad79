// Wrong: each producer sends `1..messages`, so every first message is lost.

use std::sync::mpsc;
use std::thread;

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();
    for id in 0..producers {
        let tx = tx.clone();
        thread::spawn(move || {
            for seq in 1..messages {
                tx.send((id, seq)).unwrap();
            }
        });
    }
    drop(tx);

    for (id, seq) in rx {
        println!("recv {id} {seq}");
    }
}
