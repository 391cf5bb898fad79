// pipeline: stages connected by channels
//
// Three stages, each owning one step of the work:
//   source thread --numbers--> square thread --squares--> main (prints)
// `main` prints `recv <n>` and then the square for every number it gets.
//
// Every number comes through, but the program never ends. Shutdown in a
// pipeline flows downstream: the source ends and drops its Sender, which ends
// the square stage's loop, which drops *its* Sender, which ends main's loop.
// The chain is stuck at its start: find the Sender that keeps the first
// channel open.
//
// Done when: all numbers come through, in order, and the program ends.
//
// Keep the `println!` lines as they are: the runner reads them.

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

    source.join().unwrap();
    square.join().unwrap();
}
