// `main` serves into its own channel and plays both sides, printing each
// hit: every ball it receives is one it sent itself.
use std::sync::mpsc;

const ROUNDS: usize = 3;

fn main() {
    let (tx, rx) = mpsc::channel::<u32>();
    tx.send(0).unwrap();
    for round in 0..=ROUNDS {
        let ball = rx.recv().unwrap();
        println!("pong got {ball}");
        if round < ROUNDS {
            println!("ping got {}", ball + 1);
            tx.send(ball + 2).unwrap();
        }
    }
}
