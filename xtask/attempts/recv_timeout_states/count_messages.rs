// Wrong: the loop counts the messages and stops after the third, printing
// the stop line itself. The lines are right, but the loop never waited for
// `Disconnected`: it knew how many would come.

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

    let mut received = 0;
    for round in 0u64.. {
        // `main`'s own work for this round.
        if round == 1 {
            println!("go");
            go_tx.send(()).unwrap();
        }

        match rx.recv_timeout(WAIT) {
            Ok(seq) => {
                println!("recv {seq}");
                received += 1;
                if received == 3 {
                    println!("stop: Disconnected");
                    break;
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
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
