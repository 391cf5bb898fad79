// Correct, written differently: `if let` on each case, `continue` on `Empty`
// after a `yield_now`, and the loop leaves on `Disconnected`.
use std::sync::mpsc::{self, TryRecvError};
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();
    let (go_tx, go_rx) = mpsc::channel();

    let producer = thread::spawn(move || {
        // Wait for "go". If `main` drops `go_tx` instead, there is no work.
        if go_rx.recv().is_err() {
            return;
        }
        for seq in 0..3 {
            tx.send(seq).unwrap();
        }
    });

    for round in 0u64.. {
        // `main`'s own work for this round.
        if round == 1 {
            println!("go");
            go_tx.send(()).unwrap();
        }

        let next = rx.try_recv();
        if let Ok(seq) = next {
            println!("recv {seq}");
            continue;
        }
        if let Err(TryRecvError::Empty) = next {
            thread::yield_now();
            continue;
        }
        println!("stop: Disconnected");
        break;
    }

    // If `main` stopped before saying "go", this lets the producer give up.
    drop(go_tx);
    producer.join().unwrap();
}
