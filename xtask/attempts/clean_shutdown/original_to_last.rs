// Correct, written differently: the last worker takes the original Sender
// instead of a clone, so none is left in `main`.

use std::sync::mpsc;
use std::thread;

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();
    let mut senders: Vec<_> = (1..producers).map(|_| tx.clone()).collect();
    senders.push(tx);
    let handles: Vec<_> = senders
        .into_iter()
        .enumerate()
        .map(|(id, tx)| {
            thread::spawn(move || {
                for seq in 0..messages {
                    tx.send((id, seq)).unwrap();
                }
            })
        })
        .collect();

    while let Ok((id, seq)) = rx.recv() {
        println!("recv {id} {seq}");
    }
    for handle in handles {
        handle.join().unwrap();
    }
    println!("all workers done");
}
