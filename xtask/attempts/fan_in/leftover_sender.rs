// Wrong: `main` keeps the original `tx`. The receiving loop waits as long as
// any Sender is alive, so it never ends: a timeout.

use std::sync::mpsc;
use std::thread;

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();
    for id in 0..producers {
        let tx = tx.clone();
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
