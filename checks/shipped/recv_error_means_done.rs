// recv_error_means_done: `Err` from `recv()` means "finished"
//
// A producer thread sends its messages, numbered 0, 1, 2, ..., and returns,
// which drops its Sender. `main` receives in an endless `loop` and unwraps
// every result of `recv()`.
//
// `recv()` returns `Err(RecvError)` when the channel is empty and every
// Sender is gone, so nothing can ever arrive again. That is not a failure:
// it is how a channel says "that was all". Unwrapping it turns the normal
// end of the stream into a panic. (The compiler already warns that the lines
// after the loop are unreachable: the loop has no way out.)
//
// Done when: `main` prints every message, then `done`, and ends normally.
// Treat the `Err` as the end of the loop, not as a crash.
//
// Keep the `println!` lines as they are: the runner reads the `recv` lines.

use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let producer = thread::spawn(move || {
        let messages = kata::param("messages", 5);
        for seq in 0..messages {
            tx.send(seq).unwrap();
        }
        // `tx` is dropped here: the channel closes once it is empty.
    });

    // TODO: leave the loop when `recv()` returns `Err`.
    loop {
        let seq = rx.recv().unwrap();
        println!("recv {seq}");
    }

    println!("done");
    producer.join().unwrap();
}
