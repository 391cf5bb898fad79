// One thread sends every word in ticket order, and `main` prints them as
// they come: the order is right because there is one producer.
use std::collections::BTreeMap;
use std::sync::mpsc;
use std::thread;

fn main() {
    let sentence = "each sender keeps its own order but the channel mixes senders as it likes";
    let words: Vec<&'static str> = sentence.split(' ').collect();
    let producers = 3;

    let (tx, rx) = mpsc::channel::<(usize, String)>();
    let all_tx = tx.clone();
    let handles = vec![thread::spawn(move || {
        for (ticket, word) in words.iter().enumerate() {
            all_tx.send((ticket, word.to_uppercase())).unwrap();
        }
    })];
    let _ = producers;
    drop(tx);

    for (ticket, word) in rx {
        println!("{ticket} {word}");
    }

    for handle in handles {
        handle.join().unwrap();
    }
}
