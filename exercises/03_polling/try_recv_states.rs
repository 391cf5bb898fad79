// try_recv_states: "nothing yet" is not "nothing ever"
//
// `main` runs a loop that must never block, like a game loop drawing frames.
// Each round it does its own work, then checks the channel with
// `try_recv()`, which returns at once. In round 1 its work is to tell the
// producer "go"; the producer sends nothing before that, so the check in
// round 0 certainly finds the channel empty.
//
// `try_recv()` can come back empty-handed for two different reasons:
// - `Err(TryRecvError::Empty)`: no message right now, but a Sender is still
//   alive, so more may come. Carry on with the next round.
// - `Err(TryRecvError::Disconnected)`: no message, and every Sender is gone,
//   so none will ever come. Stop.
//
// The loop treats every error as the end, so it stops in round 0, before
// the producer has even started.
//
// Done when: `main` prints `go`, every message, then `stop: Disconnected`.
// Print nothing on `Empty`: how many rounds find the channel empty depends
// on timing. Keep the other `println!` lines as they are.

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
            // TODO: `Empty` and `Disconnected` mean different things.
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
