// Wrong: serves, then joins `pong` before the rally. `pong` ends only when
// `to_pong` is gone, and `main` still needs it in the loop after the join.

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

    // Serves, then joins `pong` before the rally.
    to_pong.send(0).unwrap();
    pong.join().unwrap();
    for _ in 0..ROUNDS {
        let ball = from_pong.recv().unwrap();
        println!("ping got {ball}");
        to_pong.send(ball + 1).unwrap();
    }

    drop(to_pong);
}
