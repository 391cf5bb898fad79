// Correct, written differently: `is_ok()` on the join result.

use std::sync::mpsc;
use std::thread;

fn main() {
    let batches = [
        vec!["1", "2", "3"],
        vec!["10", "twenty", "30"],
        vec!["100", "200"],
    ];

    let (tx, rx) = mpsc::channel();
    let mut handles = Vec::new();
    for batch in batches {
        let tx = tx.clone();
        handles.push(thread::spawn(move || {
            for text in batch {
                let number: u32 = text.parse().unwrap();
                tx.send(number).unwrap();
            }
        }));
    }
    drop(tx);

    let mut count = 0;
    let mut total = 0;
    for number in rx {
        count += 1;
        total += number;
    }
    println!("received {count} numbers, total {total}");

    for (id, handle) in handles.into_iter().enumerate() {
        // `Err` carries the panic of that thread: report it and go on.
        if handle.join().is_ok() {
            println!("producer {id} finished");
        } else {
            println!("producer {id} panicked");
        }
    }
}
