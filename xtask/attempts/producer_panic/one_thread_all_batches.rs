// One thread parses every batch and stops a batch at its bad word; `main`
// reports producer 1 as panicked because its batch came up short.
use std::sync::mpsc;
use std::thread;

fn main() {
    let batches = [
        vec!["1", "2", "3"],
        vec!["10", "twenty", "30"],
        vec!["100", "200"],
    ];

    let (tx, rx) = mpsc::channel();
    let worker = thread::spawn(move || {
        let mut complete = Vec::new();
        for batch in batches {
            let mut whole = true;
            for text in batch {
                let Ok(number) = text.parse::<u32>() else {
                    whole = false;
                    break;
                };
                tx.send(number).unwrap();
            }
            complete.push(whole);
        }
        complete
    });

    let mut count = 0;
    let mut total = 0;
    for number in rx {
        count += 1;
        total += number;
    }
    println!("received {count} numbers, total {total}");

    for (id, whole) in worker.join().unwrap().into_iter().enumerate() {
        if whole {
            println!("producer {id} finished");
        } else {
            println!("producer {id} panicked");
        }
    }
}
