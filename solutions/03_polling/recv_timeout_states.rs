//! Why it works: `Timeout` only says that nothing came within `WAIT` while a
//! Sender was alive, so the reference solution simply waits again next
//! round, whatever the round. `Disconnected` comes only once the queue is
//! drained and the producer's Sender is dropped, so it ends the loop after
//! the last message. Round 0 waits before "go" was sent, so it always times
//! out; no time-out prints anything, so its output is the same however slow
//! the machine is. A loop that stops on some later `Timeout` would not be.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

const WAIT: Duration = Duration::from_millis(50);

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

        match rx.recv_timeout(WAIT) {
            Ok(seq) => println!("recv {seq}"),
            // Nothing within `WAIT`, but the producer is alive: next round.
            Err(RecvTimeoutError::Timeout) => {}
            // Empty and no Sender left: nothing will ever arrive.
            Err(RecvTimeoutError::Disconnected) => {
                println!("stop: Disconnected");
                break;
            }
        }
    }

    // If `main` stopped before saying "go", this lets the producer give up.
    drop(go_tx);
    producer.join().unwrap();
}
