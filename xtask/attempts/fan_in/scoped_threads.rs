// Correct, written differently: scoped threads all borrow the one Sender
// (`Sender` is `Sync`), so nothing is cloned. The scope ends once every
// producer is done; then `main` drops `tx` and drains the channel, which
// holds every message because an unbounded `send` never waits.

use std::sync::mpsc;
use std::thread;

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();
    thread::scope(|scope| {
        for id in 0..producers {
            let tx = &tx;
            scope.spawn(move || {
                for seq in 0..messages {
                    tx.send((id, seq)).unwrap();
                }
            });
        }
    });
    drop(tx);

    for (id, seq) in rx {
        println!("recv {id} {seq}");
    }
}
