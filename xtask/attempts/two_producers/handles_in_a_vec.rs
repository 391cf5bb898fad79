// Correct, written differently: both producers spawned in a loop over their
// ids, each with a clone; the original is dropped; `while let` receives.
use std::sync::mpsc;
use std::thread;

fn main() {
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();
    let mut handles = Vec::new();
    for id in 0..2 {
        let tx = tx.clone();
        handles.push(thread::spawn(move || {
            for seq in 0..messages {
                tx.send((id, seq)).unwrap();
            }
        }));
    }
    drop(tx);

    while let Ok((producer, seq)) = rx.recv() {
        println!("recv {producer} {seq}");
    }
    for handle in handles {
        handle.join().unwrap();
    }
}
