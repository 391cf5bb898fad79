// Correct, written differently: scoped workers with their own clones; `main`
// drops the original inside the scope and receives there, and the scope
// joins the workers.

use std::sync::mpsc;
use std::thread;

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();
    thread::scope(|scope| {
        for id in 0..producers {
            let tx = tx.clone();
            scope.spawn(move || {
                for seq in 0..messages {
                    tx.send((id, seq)).unwrap();
                }
            });
        }
        drop(tx);
        for (id, seq) in rx {
            println!("recv {id} {seq}");
        }
    });
    println!("all workers done");
}
