// Correct, written differently: every producer but the last gets a clone, and
// the last one takes the original `tx`, so there is nothing left to drop.

use std::sync::mpsc;
use std::thread;

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();
    let mut handles = Vec::new();
    for id in 0..producers - 1 {
        let tx = tx.clone();
        handles.push(thread::spawn(move || {
            for seq in 0..messages {
                tx.send((id, seq)).unwrap();
            }
        }));
    }
    let last = producers - 1;
    handles.push(thread::spawn(move || {
        for seq in 0..messages {
            tx.send((last, seq)).unwrap();
        }
    }));

    for (id, seq) in rx {
        println!("recv {id} {seq}");
    }
    for handle in handles {
        handle.join().unwrap();
    }
}
