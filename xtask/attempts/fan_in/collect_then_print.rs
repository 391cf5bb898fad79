// Correct, written differently: join the producers first, then collect every
// message and print them all. Each producer's order survives `collect`.

use std::sync::mpsc;
use std::thread;

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel::<(usize, usize)>();
    let handles: Vec<_> = (0..producers)
        .map(|id| {
            let tx = tx.clone();
            thread::spawn(move || {
                for seq in 0..messages {
                    tx.send((id, seq)).expect("main still receives");
                }
            })
        })
        .collect();
    drop(tx);
    for handle in handles {
        handle.join().unwrap();
    }

    let received: Vec<(usize, usize)> = rx.iter().collect();
    for (id, seq) in received {
        println!("recv {id} {seq}");
    }
}
