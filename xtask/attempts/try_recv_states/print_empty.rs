// Wrong: prints a line on every `Empty`: how many rounds find the channel
// empty depends on timing, so the output changes from run to run.

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
            Err(TryRecvError::Empty) => println!("stop: Empty, trying again"),
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
