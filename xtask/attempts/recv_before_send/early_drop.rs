// Wrong: serves the first ball, then drops `to_pong` at once: `pong` ends
// after one ball, and `main`'s second `recv` finds the channel closed.

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

    // TODO: `main` waits for a ball that nobody has served yet. Send the first
    // ball to `pong` before the loop starts waiting.
    to_pong.send(0).unwrap();
    drop(to_pong);
    for _ in 0..ROUNDS {
        let ball = from_pong.recv().unwrap();
        println!("ping got {ball}");
    }

    pong.join().unwrap();
}
