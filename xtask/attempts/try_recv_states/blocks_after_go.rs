// Polls only in round 0; from "go" on it waits in `recv`, so the loop is no
// longer one that never blocks.
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

        let next = if round == 0 {
            rx.try_recv().map_err(|_| ())
        } else {
            rx.recv().map_err(|_| ())
        };
        match next {
            Ok(seq) => println!("recv {seq}"),
            Err(()) if round == 0 => {}
            Err(()) => {
                println!("stop: Disconnected");
                break;
            }
        }
    }

    // If `main` stopped before saying "go", this lets the producer give up.
    drop(go_tx);
    producer.join().unwrap();
}
