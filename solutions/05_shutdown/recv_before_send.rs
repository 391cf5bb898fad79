//! Why it works: a blocking `recv` returns only once someone sends. Before,
//! both threads began by receiving, so each waited for the other forever: a
//! cycle of waits with no way out. In the reference solution `main` sends
//! first and only then waits, so at every moment one thread holds the ball
//! and can move. The prints come in a fixed order: each thread prints after
//! the message that woke it, and the other thread printed before it sent
//! that message.

use std::sync::mpsc;
use std::thread;

const ROUNDS: usize = 3;

fn main() {
    let (to_pong, from_ping) = mpsc::channel::<u32>();
    let (to_ping, from_pong) = mpsc::channel::<u32>();

    let pong = thread::spawn(move || {
        for ball in from_ping {
            println!("pong got {ball}");
            to_ping.send(ball + 1).unwrap();
        }
    });

    // Serve: the first message has to come from someone who is not waiting.
    to_pong.send(0).unwrap();
    for _ in 0..ROUNDS {
        let ball = from_pong.recv().unwrap();
        println!("ping got {ball}");
        to_pong.send(ball + 1).unwrap();
    }

    // No more balls: closing `to_pong` ends `pong`'s loop.
    drop(to_pong);
    pong.join().unwrap();
}
