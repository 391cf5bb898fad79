// same_thread_rendezvous: a rendezvous needs two threads
//
// `main` sends the items 0, 1, 2, ... through a rendezvous channel, printing
// `sent <i>` after each `send`, and then receives them all, printing
// `recv <i>` for each one.
//
// Nothing is printed, and the program never ends. A `sync_channel(0)` has no
// buffer: `send` returns only when a receiver takes the item at the same
// moment. The only receiver is `main` itself, and `main` is stuck inside
// `send`, so it never gets to its `recv`. A thread cannot meet itself.
//
// Keep the capacity at 0: the hand-off is the point. Do the sending on a
// thread of its own, and keep receiving in `main`.
//
// Done when: every item is received once and in order, and no `sent <i>` line
// appears before `recv` was printed for every earlier item.
//
// Keep both `println!`s, each right after its `send` or `recv`.

use std::sync::mpsc;

fn main() {
    let messages = kata::param("messages", 8);

    // Capacity 0 stays: every `send` must meet a `recv`.
    let (tx, rx) = mpsc::sync_channel(0);

    // TODO: this loop blocks on the very first `send`, because the receiving
    // loop below never starts. Move it into a thread (with `tx` moved in), and
    // join that thread after the receiving loop.
    std::thread::scope(|scope| {
        scope.spawn(move || {
            for i in 0..messages {
                if tx.send(i).is_err() {
                    break;
                }
                println!("sent {i}");
            }
        });
        while let Ok(i) = rx.recv() {
            println!("recv {i}");
        }
    });
}
