// Wrong: relies on a global order across producers. The consumer takes any
// message whose number is not above the last one it saw for a repeat and
// skips it, but numbers only rise within one producer: as soon as a second
// producer's `0` arrives after anything else, it is dropped as a "repeat".

use std::sync::mpsc;
use std::thread;

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();
    for id in 0..producers {
        let tx = tx.clone();
        thread::spawn(move || {
            for seq in 0..messages {
                tx.send((id, seq)).unwrap();
            }
        });
    }
    drop(tx);

    let mut last = None;
    for (id, seq) in rx {
        if last.is_some_and(|last| seq <= last) {
            continue;
        }
        last = Some(seq);
        println!("recv {id} {seq}");
    }
}
