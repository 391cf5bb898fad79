// Correct, written differently: `main` produces and a spawned thread consumes.
// The bound comes from the channel, not from which thread does what.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let messages = kata::param("messages", 20);

    let (tx, rx) = mpsc::sync_channel::<usize>(2);
    let consumer = thread::spawn(move || {
        for i in rx {
            println!("recv {i}");
            thread::sleep(Duration::from_millis(1));
        }
    });

    for i in 0..messages {
        tx.send(i).unwrap();
        println!("sent {i}");
    }
    drop(tx);
    consumer.join().unwrap();
}
