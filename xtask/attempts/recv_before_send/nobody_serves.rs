// Wrong (as shipped): both threads start by waiting in `recv`, and nobody
// serves: each waits for the other to send first.

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

    // As shipped: nobody serves.
    for _ in 0..ROUNDS {
        let ball = from_pong.recv().unwrap();
        println!("ping got {ball}");
        to_pong.send(ball + 1).unwrap();
    }

    drop(to_pong);
    pong.join().unwrap();
}
