// Correct, written differently: `while open`, the flag cleared on
// `Disconnected`; `Timeout` does nothing, so the next round waits again.

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

    let mut open = true;
    let mut round = 0u64;
    while open {
        if round == 1 {
            println!("go");
            go_tx.send(()).unwrap();
        }
        round += 1;

        match rx.recv_timeout(WAIT) {
            Ok(seq) => println!("recv {seq}"),
            Err(RecvTimeoutError::Timeout) => {}
            Err(err @ RecvTimeoutError::Disconnected) => {
                println!("stop: {err:?}");
                open = false;
            }
        }
    }

    // If `main` stopped before saying "go", this lets the producer give up.
    drop(go_tx);
    producer.join().unwrap();
}
