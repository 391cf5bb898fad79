// Wrong: `main` drops `number_tx` only after its own receiving loop, so the
// square stage never sees its channel close, and nothing ends.

use std::sync::mpsc;
use std::thread;

fn main() {
    let messages = kata::param("messages", 5);

    let (number_tx, number_rx) = mpsc::channel::<usize>();
    let (square_tx, square_rx) = mpsc::channel::<(usize, usize)>();

    // Stage 1: produce the numbers.
    // TODO: which Sender does the source need, and which one stays behind?
    let source_tx = number_tx.clone();
    let source = thread::spawn(move || {
        for n in 0..messages {
            source_tx.send(n).unwrap();
        }
    });

    // Stage 2: square each number and pass it on.
    let square = thread::spawn(move || {
        for n in number_rx {
            square_tx.send((n, n * n)).unwrap();
        }
    });

    // Stage 3: print.
    for (n, squared) in square_rx {
        println!("recv {n}");
        println!("  {n} squared is {squared}");
    }

    drop(number_tx);
    source.join().unwrap();
    square.join().unwrap();
}
