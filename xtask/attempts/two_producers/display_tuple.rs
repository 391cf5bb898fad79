// Wrong: prints the received tuple with `{}`, which a tuple does not
// implement (E0277): the kata's line prints its two numbers apart.

use std::sync::mpsc;
use std::thread;

fn main() {
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();
    let tx2 = tx.clone();

    let first = thread::spawn(move || {
        for seq in 0..messages {
            tx.send((0, seq)).unwrap();
        }
    });

    let second = thread::spawn(move || {
        for seq in 0..messages {
            tx2.send((1, seq)).unwrap();
        }
    });

    for msg in rx {
        println!("recv {}", msg);
    }
    first.join().unwrap();
    second.join().unwrap();
}
