//! Why it works: a channel stays open while any Sender exists, and `for .. in
//! rx` keeps waiting on an open channel, even an empty one. The workers own
//! clones, dropped when their closures return; the original `tx` belongs to
//! `main`, which only cloned it, so the reference solution drops it before
//! receiving. Once the last worker finishes, no Sender is left: the loop drains
//! what is queued and ends. Shutdown needs no message count and no "stop"
//! message.

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

    // `main` never sends: drop its Sender, so that only the workers' clones
    // keep the channel open, and the loop ends when the last worker is done.
    drop(tx);
    for (id, seq) in rx {
        println!("recv {id} {seq}");
    }

    for handle in handles {
        handle.join().unwrap();
    }
    println!("all workers done");
}
