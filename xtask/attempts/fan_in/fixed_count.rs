// Wrong: receives a fixed count, `messages`, instead of until the channel
// closes, so the other producers' messages are lost.

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
                // Sending fails once `main` stops receiving; that is fine here.
                let _ = tx.send((id, seq));
            }
        });
    }

    for _ in 0..messages {
        let (id, seq) = rx.recv().unwrap();
        println!("recv {id} {seq}");
    }
}
