// producer_panic: a panicking producer still closes its end
//
// Three producer threads each parse a batch of numbers and send them to
// `main`, which adds them up. Batch 1 holds a word that is not a number, so
// producer 1 panics half-way through. Leave the batches as they are: the
// panic is the point of this kata.
//
// A panic ends only the thread it happens in. While that thread unwinds, its
// values are dropped, its `Sender` too. So the channel still closes, the
// `for` loop in `main` still ends, and the numbers producer 1 sent before
// it panicked are still delivered.
//
// What is left of the panic waits in the thread's `JoinHandle`: `join()`
// returns `Err` for a thread that panicked. `main` unwraps that `Err`, and so
// crashes too.
//
// Done when: `main` reports every producer, as `producer <id> finished` or
// `producer <id> panicked`, and ends normally. Producer 1's panic message
// still shows up on stderr: that is expected.

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
        // TODO: `join()` returns `Err` if the thread panicked.
        handle.join().unwrap();
        println!("producer {id} finished");
    }
}
