// Wrong: a buffer of 16 lets `send` drop the item off and return at once;
// the producer races ahead of the consumer.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let messages = kata::param("messages", 20);

    let (tx, rx) = mpsc::sync_channel(16);
    let producer = thread::spawn(move || {
        for i in 0..messages {
            tx.send(i).unwrap();
            println!("sent {i}");
        }
    });

    for i in rx {
        println!("recv {i}");
        thread::sleep(Duration::from_millis(1));
    }
    producer.join().unwrap();
}
