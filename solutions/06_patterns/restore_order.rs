//! Why it works: a channel keeps each producer's own order and nothing more, so
//! the order that matters must travel inside the messages: in the reference
//! solution, a ticket number given out before the work was split. It prints
//! what it receives, and keeps the words that came early in a `BTreeMap` keyed
//! by ticket and prints a word as soon as every ticket before it has been
//! printed. Whatever the interleaving, the output is the same. (Collecting
//! everything and sorting by ticket works too; the map lets the first words out
//! before the last ones arrive.)

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::thread;

fn main() {
    let sentence = "each sender keeps its own order but the channel mixes senders as it likes";
    let words: Vec<&'static str> = sentence.split(' ').collect();
    let producers = 3;

    let (tx, rx) = mpsc::channel::<(usize, String)>();
    let mut handles = Vec::new();
    for id in 0..producers {
        let mut jobs: Vec<(usize, &str)> = words
            .iter()
            .copied()
            .enumerate()
            .skip(id)
            .step_by(producers)
            .collect();
        let tx = tx.clone();
        handles.push(thread::spawn(move || {
            // This producer takes its jobs from the back of its list.
            while let Some((ticket, word)) = jobs.pop() {
                tx.send((ticket, word.to_uppercase())).unwrap();
            }
        }));
    }
    drop(tx);

    // Words that arrived before their turn wait here, ordered by ticket.
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    for (ticket, word) in rx {
        waiting.insert(ticket, word);
        // Print every word whose turn has come.
        while let Some(word) = waiting.remove(&next) {
            println!("{next} {word}");
            next += 1;
        }
    }

    for handle in handles {
        handle.join().unwrap();
    }
}
