// Correct, written differently: collect every message, sort by ticket,
// then print.
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

    let mut received: Vec<(usize, String)> = rx.iter().collect();
    received.sort_by_key(|(ticket, _)| *ticket);
    for (ticket, word) in received {
        println!("{ticket} {word}");
    }

    for handle in handles {
        handle.join().unwrap();
    }
}
