// One thread sends the messages of both producers, interleaved: the output
// is a correct one, but there is only one producer.
use std::sync::mpsc;
use std::thread;

fn main() {
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();

    let both = thread::spawn(move || {
        for seq in 0..messages {
            tx.send((0, seq)).unwrap();
            tx.send((1, seq)).unwrap();
        }
    });

    for (producer, seq) in rx {
        println!("recv {producer} {seq}");
    }
    both.join().unwrap();
}
