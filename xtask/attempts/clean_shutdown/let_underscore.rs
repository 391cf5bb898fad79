// Wrong: `let _ = tx;` does not drop `tx`. The `_` pattern binds nothing, so
// nothing is moved and the original Sender lives on to the end of `main`: the
// receiving loop never ends, a timeout.

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
            for seq in 0..messages {
                tx.send((id, seq)).unwrap();
            }
        }));
    }
    let _ = tx;

    for (id, seq) in rx {
        println!("recv {id} {seq}");
    }
    for handle in handles {
        handle.join().unwrap();
    }
    println!("all workers done");
}
