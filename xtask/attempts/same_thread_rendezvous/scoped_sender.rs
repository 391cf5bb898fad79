// Correct, written differently: the producer is a scoped thread, joined
// when the scope ends, and `main` receives inside the scope.
use std::sync::mpsc;
use std::thread;

fn main() {
    let messages = kata::param("messages", 8);

    // Capacity 0 stays: every `send` must meet a `recv`.
    let (tx, rx) = mpsc::sync_channel(0);

    thread::scope(|scope| {
        scope.spawn(move || {
            for i in 0..messages {
                tx.send(i).unwrap();
                println!("sent {i}");
            }
        });
        for i in rx.iter() {
            println!("recv {i}");
        }
    });
}
