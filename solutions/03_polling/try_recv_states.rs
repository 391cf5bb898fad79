//! Why it works: in the reference solution `Empty` only means "not yet", so
//! the loop goes on to its next round; `Disconnected` means the producer's
//! Sender is gone and the queue is drained, so the loop stops. `try_recv`
//! hands out every queued message before it reports `Disconnected`, so all
//! three arrive. Round 0 runs before "go", which is why it always finds the
//! channel empty, and every line is printed by `main`, so the output never
//! changes.

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

        match rx.try_recv() {
            Ok(seq) => println!("recv {seq}"),
            // Nothing yet, but the producer is alive: next round.
            Err(TryRecvError::Empty) => thread::yield_now(),
            // Nothing now and nothing ever: the producer is done.
            Err(TryRecvError::Disconnected) => {
                println!("stop: Disconnected");
                break;
            }
        }
    }

    // If `main` stopped before saying "go", this lets the producer give up.
    drop(go_tx);
    producer.join().unwrap();
}
