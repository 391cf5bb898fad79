// receive_all: receive until the channel closes
//
// A producer thread sends its messages, numbered 0, 1, 2, ..., and `main`
// prints each one as `recv <seq>`. Only the producer knows how many there
// are: the runner picks a different count on every run.
//
// `main` calls `recv()` exactly three times, so it misses the rest.
//
// A `Receiver` can be used in a `for` loop. Each round waits for the next
// message; the loop ends when the channel is empty and every Sender has been
// dropped, which happens when the producer's closure returns. The end of
// the stream is part of the channel: no count, no special "last" message.
//
// Done when: `main` prints every message, in order, and then ends. Do not
// read the count in `main`: let the channel tell you when it is over.
//
// Keep the `println!` as it is: the runner reads those lines.

use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let producer = thread::spawn(move || {
        let messages = kata::param("messages", 6);
        for seq in 0..messages {
            tx.send(seq).unwrap();
        }
    });

    // TODO: receive until there is nothing more to come, not three times.
    for _ in 0..3 {
        let seq = rx.recv().unwrap();
        println!("recv {seq}");
    }

    producer.join().unwrap();
}
