// Correct, written differently: the original Sender lives in a block that
// spawns the workers and ends before receiving, so it is dropped there.

use std::sync::mpsc;
use std::thread;

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 4);

    let (rx, handles) = {
        let (tx, rx) = mpsc::channel();
        let handles: Vec<_> = (0..producers)
            .map(|id| {
                let tx = tx.clone();
                thread::spawn(move || {
                    for seq in 0..messages {
                        tx.send((id, seq)).unwrap();
                    }
                })
            })
            .collect();
        (rx, handles)
    };

    for (id, seq) in rx {
        println!("recv {id} {seq}");
    }
    for handle in handles {
        handle.join().unwrap();
    }
    println!("all workers done");
}
