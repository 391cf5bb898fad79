// recv_timeout_states: a time-out is not the end
//
// `main` waits for messages, but never longer than `WAIT` at a time, so it
// can do other things in between (refresh a status line, check a deadline).
// Unlike polling with `try_recv`, it does not spin: the thread sleeps until
// a message comes or `WAIT` runs out. Each round it does its own work, then
// calls `recv_timeout(WAIT)`. In round 1 its work is to tell the producer
// "go"; the producer sends nothing before that, so the wait in round 0
// certainly runs out.
//
// `recv_timeout` can come back without a message for two reasons:
// - `Err(RecvTimeoutError::Timeout)`: nothing arrived within `WAIT`, but a
//   Sender is still alive. Try again next round.
// - `Err(RecvTimeoutError::Disconnected)`: the channel is empty and every
//   Sender is gone. Nothing will ever arrive: stop.
//
// The loop treats every error as the end, so it stops after round 0.
//
// Done when: `main` prints `go`, every message, then `stop: Disconnected`.
// Print nothing on `Timeout`: on a busy machine a later wait can run out
// too, so how many there are depends on timing. Keep the other `println!`
// lines as they are.

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
            // TODO: `Timeout` and `Disconnected` mean different things.
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
