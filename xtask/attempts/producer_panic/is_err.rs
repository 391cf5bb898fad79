// Correct, written differently: `if handle.join().is_err()`, and the
// producers spawned by `map` and collected into a Vec.
use std::sync::mpsc;
use std::thread;

fn main() {
    let batches = [
        vec!["1", "2", "3"],
        vec!["10", "twenty", "30"],
        vec!["100", "200"],
    ];

    let (tx, rx) = mpsc::channel();
    let handles: Vec<_> = batches
        .into_iter()
        .map(|batch| {
            let tx = tx.clone();
            thread::spawn(move || {
                for text in batch {
                    let number: u32 = text.parse().unwrap();
                    tx.send(number).unwrap();
                }
            })
        })
        .collect();
    drop(tx);

    let mut count = 0;
    let mut total = 0;
    for number in rx {
        count += 1;
        total += number;
    }
    println!("received {count} numbers, total {total}");

    for (id, handle) in handles.into_iter().enumerate() {
        if handle.join().is_err() {
            println!("producer {id} panicked");
        } else {
            println!("producer {id} finished");
        }
    }
}
