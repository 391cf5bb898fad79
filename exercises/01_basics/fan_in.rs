// fan_in: several producers, one consumer
//
// Each producer thread sends its messages, numbered 0, 1, 2, ... through the
// same channel, and `main` prints every message it receives as
// `recv <producer> <seq>`.
//
// Right now only producer 0 gets to send: the other producers have nothing to
// send with. Give every producer its own `Sender` so that all of them send.
//
// Done when: every message of every producer is received exactly once. The
// messages of different producers may arrive mixed in any order; only each
// producer's own order is guaranteed, and that is all the check asks for.
//
// Keep the `println!` as it is: the runner reads those lines.

use std::sync::mpsc;
use std::thread;

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();

    let mut handles = Vec::new();
    for id in 0..producers {
        // TODO: every producer needs a Sender of its own. Only the first one
        // gets `tx` today; the others send nothing.
        let tx = if id == 0 { Some(tx.clone()) } else { None };
        handles.push(thread::spawn(move || {
            if let Some(tx) = tx {
                for seq in 0..messages {
                    tx.send((id, seq)).unwrap();
                }
            }
        }));
    }
    drop(tx);

    for (id, seq) in rx {
        println!("recv {id} {seq}");
    }
    for handle in handles {
        handle.join().unwrap();
    }
}
