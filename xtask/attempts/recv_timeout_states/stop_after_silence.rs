// Wrong: any error is "nothing yet" until 200 ms have passed without a
// message; then the loop stops. It ends with the right lines, but it went
// on calling `recv_timeout` after the channel had said `Disconnected`, and
// it would stop after a long enough pause of a slow producer.

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_millis(50);
const SILENCE: Duration = Duration::from_millis(200);

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

    let mut last_heard = Instant::now();
    for round in 0u64.. {
        // `main`'s own work for this round.
        if round == 1 {
            println!("go");
            go_tx.send(()).unwrap();
        }

        match rx.recv_timeout(WAIT) {
            Ok(seq) => {
                println!("recv {seq}");
                last_heard = Instant::now();
            }
            Err(_) if last_heard.elapsed() < SILENCE => {}
            Err(_) => {
                println!("stop: Disconnected");
                break;
            }
        }
    }

    // If `main` stopped before saying "go", this lets the producer give up.
    drop(go_tx);
    producer.join().unwrap();
}
