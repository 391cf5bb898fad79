// Wrong: an unbounded channel. `send` never waits, so the producer runs far
// ahead of the slow consumer.

use std::sync::mpsc::channel;
use std::thread;
use std::time::Duration;

fn main() {
    let messages = kata::param("messages", 20);

    let (tx, rx) = channel::<usize>();
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
