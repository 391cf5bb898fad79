// Wrong: clones `tx` for the worker, then drops the original inside the
// spawning loop, so the next round has no `tx` left to clone (E0382).

use std::sync::mpsc;
use std::thread;

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();

    let mut handles = Vec::new();
    for id in 0..producers {
        let tx2 = tx.clone();
        drop(tx);
        handles.push(thread::spawn(move || {
            for seq in 0..messages {
                tx2.send((id, seq)).unwrap();
            }
        }));
    }

    for (id, seq) in rx {
        println!("recv {id} {seq}");
    }

    for handle in handles {
        handle.join().unwrap();
    }
    println!("all workers done");
}
