// Wrong: only round 0's time-out is taken for "not yet"; any later error is
// taken for the end. On a quiet machine no later wait runs out, so the lines
// are right; on a busy one a wait after "go" can run out too, and the loop
// stops before the messages arrive.

use std::sync::mpsc;
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
            // Round 0 always times out: the producer has not been told to start.
            Err(_) if round == 0 => continue,
            Err(err) => {
                println!("stop: {err:?}");
                break;
            }
        }
    }

    // If `main` stopped before saying "go", this lets the producer give up.
    drop(go_tx);
    producer.join().unwrap();
}
