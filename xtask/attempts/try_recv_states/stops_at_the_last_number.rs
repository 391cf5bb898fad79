// Misses the point: the loop stops after the number it knows to be the last
// and prints `stop: Disconnected` itself. The output is right, but no
// `try_recv` ever returned `Disconnected`: the channel never said it was over.

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
            Ok(seq) => {
                println!("recv {seq}");
                // The last number the producer sends: the end, or so it seems.
                if seq == 2 {
                    println!("stop: Disconnected");
                    break;
                }
            }
            Err(_) => thread::yield_now(),
        }
    }

    // If `main` stopped before saying "go", this lets the producer give up.
    drop(go_tx);
    producer.join().unwrap();
}
