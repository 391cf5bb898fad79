// Wrong: the first producer's `move` closure takes `tx`, and the loop's next
// round uses it again: E0382, use of a moved value.

use std::sync::mpsc;
use std::thread;

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();
    for id in 0..producers {
        thread::spawn(move || {
            for seq in 0..messages {
                tx.send((id, seq)).unwrap();
            }
        });
    }

    for (id, seq) in rx {
        println!("recv {id} {seq}");
    }
}
