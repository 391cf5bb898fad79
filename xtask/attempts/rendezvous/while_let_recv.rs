// Correct, written differently: `while let Ok(i) = rx.recv()` instead of
// `for i in rx`, with the same `sync_channel(0)`.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let messages = kata::param("messages", 20);

    let (tx, rx) = mpsc::sync_channel(0);
    let producer = thread::spawn(move || {
        for i in 0..messages {
            tx.send(i).unwrap();
            println!("sent {i}");
        }
    });

    while let Ok(i) = rx.recv() {
        println!("recv {i}");
        thread::sleep(Duration::from_millis(1));
    }
    producer.join().unwrap();
}
