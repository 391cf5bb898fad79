// clean_shutdown: the receiving loop ends when the last Sender is gone
//
// Several worker threads each send their messages, numbered 0, 1, 2, ..., and
// `main` prints every message it receives as `recv <worker> <seq>`. When the
// stream is over, `main` joins the workers and prints `all workers done`.
//
// Every message arrives, and then the program hangs. A `for` loop over a
// Receiver ends only when the channel is empty *and* every Sender is gone,
// because as long as one Sender exists, another message could still come.
// Each worker drops its clone when its closure returns. Which Sender is left?
//
// Done when: every message is received exactly once and the program ends on
// its own. Don't count the messages to decide when to stop: let the channel
// tell you that the stream is over.
//
// Keep the `println!`s as they are: the runner reads the `recv` lines.

use std::sync::mpsc;
use std::thread;

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();

    let mut handles = Vec::new();
    for id in 0..producers {
        let tx = tx.clone();
        handles.push(thread::spawn(move || {
            for seq in 0..messages {
                tx.send((id, seq)).unwrap();
            }
        }));
    }

    // TODO: the loop below waits as long as any Sender is alive. The workers
    // only have clones: make sure the original is gone too.
    for (id, seq) in rx {
        println!("recv {id} {seq}");
    }

    for handle in handles {
        handle.join().unwrap();
    }
    println!("all workers done");
}
