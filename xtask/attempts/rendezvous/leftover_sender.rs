// Wrong: `main` keeps a SyncSender it never uses, so the receiving loop
// never ends: a timeout.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let messages = kata::param("messages", 20);

    let (tx, rx) = mpsc::sync_channel(0);
    let handoff = tx.clone();
    let producer = thread::spawn(move || {
        for i in 0..messages {
            handoff.send(i).unwrap();
            println!("sent {i}");
        }
    });

    for i in rx {
        println!("recv {i}");
        thread::sleep(Duration::from_millis(1));
    }
    producer.join().unwrap();
    drop(tx);
}
