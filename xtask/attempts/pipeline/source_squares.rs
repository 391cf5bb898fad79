// Misses the point: the source squares its own numbers and sends the pairs
// straight to the printing stage; the square stage has nothing left to do,
// so it is gone. Two stages, one channel: it prints the same lines.

use std::sync::mpsc;
use std::thread;

fn main() {
    let messages = kata::param("messages", 5);

    let (square_tx, square_rx) = mpsc::channel::<(usize, usize)>();

    let source = thread::spawn(move || {
        for n in 0..messages {
            square_tx.send((n, n * n)).unwrap();
        }
    });

    for (n, squared) in square_rx {
        println!("recv {n}");
        println!("  {n} squared is {squared}");
    }

    source.join().unwrap();
}
