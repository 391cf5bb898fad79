// restore_order: no global order across producers
//
// `main` numbers the words of a sentence (the number is the word's ticket)
// and deals them out to three producer threads: tickets 0, 3, 6, ... to the
// first, 1, 4, 7, ... to the second, and so on. Each producer sends
// `(ticket, WORD)` for the words it was given, in an order of its own: it
// works through its list from the back.
//
// The consumer prints the words as they arrive, and the sentence comes out
// scrambled. A channel keeps the order of each single producer, but it makes
// no promise about how messages of different producers interleave, and the
// producers do not even send in ticket order. The tickets are all it needs.
//
// Done when: the words are printed in ticket order, `<ticket> <WORD>`, one per
// line. Keep the three producers and their `pop()` as they are: fix it on the
// receiving side.

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

    // TODO: arrival order is not ticket order. Print in ticket order.
    for (ticket, word) in rx {
        println!("{ticket} {word}");
    }

    for handle in handles {
        handle.join().unwrap();
    }
}
