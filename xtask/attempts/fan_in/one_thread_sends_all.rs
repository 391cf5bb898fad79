// One thread sends the messages of every producer, producer by producer:
// each producer's order is kept, but there is only one producer thread.
use std::sync::mpsc;
use std::thread;

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();

    let all = thread::spawn(move || {
        for id in 0..producers {
            for seq in 0..messages {
                tx.send((id, seq)).unwrap();
            }
        }
    });

    for (id, seq) in rx {
        println!("recv {id} {seq}");
    }
    all.join().unwrap();
}
