// Correct, written differently: scoped stages, the middle one written as an
// iterator chain; each stage's Sender is moved in, so each channel closes
// when the stage before it returns.

use std::sync::mpsc;
use std::thread;

fn main() {
    let messages = kata::param("messages", 5);

    let (number_tx, number_rx) = mpsc::channel::<usize>();
    let (square_tx, square_rx) = mpsc::channel::<(usize, usize)>();

    thread::scope(|scope| {
        scope.spawn(move || (0..messages).try_for_each(|n| number_tx.send(n)).unwrap());
        scope.spawn(move || {
            number_rx
                .iter()
                .map(|n| (n, n * n))
                .try_for_each(|pair| square_tx.send(pair))
                .unwrap()
        });
        for (n, squared) in square_rx {
            println!("recv {n}");
            println!("  {n} squared is {squared}");
        }
    });
}
