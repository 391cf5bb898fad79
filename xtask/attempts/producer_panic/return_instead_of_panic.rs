// The producers return `false` at a bad word instead of panicking, and `main`
// calls that "panicked": the batches no longer panic at all.
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
                let Ok(number) = text.parse::<u32>() else {
                    return false;
                };
                tx.send(number).unwrap();
            }
            true
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
        if handle.join().unwrap() {
            println!("producer {id} finished");
        } else {
            println!("producer {id} panicked");
        }
    }
}
