// Wrong: the producer sends with a clone and `main` keeps the original
// Sender, so the consumer's loop never ends: a timeout.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let messages = kata::param("messages", 20);

    let (tx, rx) = mpsc::sync_channel(2);
    let producer_tx = tx.clone();
    let producer = thread::spawn(move || {
        for i in 0..messages {
            producer_tx.send(i).unwrap();
            println!("sent {i}");
        }
    });

    for i in rx {
        println!("recv {i}");
        thread::sleep(Duration::from_millis(1));
    }
    producer.join().unwrap();
}
