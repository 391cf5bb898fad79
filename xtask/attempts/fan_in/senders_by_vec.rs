// Correct, written differently: `vec![tx; producers]` makes all the Senders
// up front (clones, and the original moved into the last slot), so no Sender
// is left behind in `main` and nothing needs a `drop`.

use std::sync::mpsc;
use std::thread;

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();
    let senders = vec![tx; producers];
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

    for (id, seq) in rx {
        println!("recv {id} {seq}");
    }
    for handle in handles {
        handle.join().unwrap();
    }
}
