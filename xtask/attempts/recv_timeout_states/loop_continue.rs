// Correct, written differently: a plain `loop` whose round is counted by
// hand, `continue` on `Timeout` and `break` on `Disconnected`.

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

    let mut round = 0u64;
    loop {
        if round == 1 {
            println!("go");
            go_tx.send(()).unwrap();
        }
        round += 1;

        match rx.recv_timeout(WAIT) {
            Ok(seq) => println!("recv {seq}"),
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    println!("stop: Disconnected");

    // If `main` stopped before saying "go", this lets the producer give up.
    drop(go_tx);
    producer.join().unwrap();
}
