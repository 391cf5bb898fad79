// Correct, written differently: room for 1 item keeps the producer at most 1
// ahead, which is within the limit of 2.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let messages = kata::param("messages", 20);

    let (tx, rx) = mpsc::sync_channel(1);
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
