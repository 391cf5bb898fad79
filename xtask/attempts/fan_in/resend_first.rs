// Wrong: each producer sends its first message twice "to be sure", so the
// consumer receives it twice: a duplicated message.

use std::sync::mpsc;
use std::thread;

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();
    for id in 0..producers {
        let tx = tx.clone();
        thread::spawn(move || {
            tx.send((id, 0)).unwrap();
            for seq in 0..messages {
                tx.send((id, seq)).unwrap();
            }
        });
    }
    drop(tx);

    for (id, seq) in rx {
        println!("recv {id} {seq}");
    }
}
