// Correct, written differently: `while let Ok(..) = rx.recv()` instead of
// `for .. in rx`; both end when the last Sender is gone.

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

    while let Ok((id, seq)) = rx.recv() {
        println!("recv {id} {seq}");
    }
    for handle in handles {
        handle.join().unwrap();
    }
}
