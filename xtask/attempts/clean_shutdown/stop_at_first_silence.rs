// Wrong: stops receiving as soon as the channel is empty for a moment
// (`try_iter`), instead of when it is closed. The workers have barely started,
// so their messages are lost.

use std::sync::mpsc;
use std::thread;

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();
    let mut handles = Vec::new();
    for id in 0..producers {
        let tx = tx.clone();
        handles.push(thread::spawn(move || {
            // Let `main` reach its loop first, as a slow worker would.
            thread::sleep(std::time::Duration::from_millis(50));
            for seq in 0..messages {
                let _ = tx.send((id, seq));
            }
        }));
    }
    drop(tx);

    for (id, seq) in rx.try_iter() {
        println!("recv {id} {seq}");
    }
    for handle in handles {
        handle.join().unwrap();
    }
    println!("all workers done");
}
