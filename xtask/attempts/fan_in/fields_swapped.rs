// Wrong: prints the message number before the producer (`recv {seq} {id}`):
// every message arrives, but each line reads as another message.

use std::sync::mpsc;
use std::thread;

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();

    let mut handles = Vec::new();
    for id in 0..producers {
        let tx = tx.clone();
        handles.push(thread::spawn(move || {
            for seq in 0..messages {
                tx.send((id, seq)).unwrap();
            }
        }));
    }
    drop(tx);

    for (id, seq) in rx {
        println!("recv {seq} {id}");
    }
    for handle in handles {
        handle.join().unwrap();
    }
}
