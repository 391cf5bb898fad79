// Correct, written differently: `main` hands the items over and a spawned
// thread takes them. A rendezvous does not care which side is which thread.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread;
use std::time::Duration;

fn main() {
    let messages = kata::param("messages", 20);

    let (tx, rx): (SyncSender<usize>, Receiver<usize>) = sync_channel(0);
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
