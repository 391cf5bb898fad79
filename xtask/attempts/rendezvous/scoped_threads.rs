// Correct, written differently: the producer is a scoped thread and the
// consumer a `loop` with `match` on `recv`; the scope joins the producer.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let messages = kata::param("messages", 20);

    let (tx, rx) = mpsc::sync_channel(0);
    thread::scope(|scope| {
        scope.spawn(move || {
            for i in 0..messages {
                tx.send(i).unwrap();
                println!("sent {i}");
            }
        });
        loop {
            match rx.recv() {
                Ok(i) => {
                    println!("recv {i}");
                    thread::sleep(Duration::from_millis(1));
                }
                Err(mpsc::RecvError) => break,
            }
        }
    });
}
