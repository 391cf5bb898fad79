// Wrong: `main` keeps its Sender and receives exactly `producers * messages`
// times: it counts the messages, which the kata forbids, instead of letting
// the channel say that the stream is over.

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

    // Every worker sends `messages` messages: receive that many.
    for _ in 0..producers * messages {
        let (id, seq) = rx.recv().unwrap();
        println!("recv {id} {seq}");
    }
    drop(tx);

    for handle in handles {
        handle.join().unwrap();
    }
    println!("all workers done");
}
