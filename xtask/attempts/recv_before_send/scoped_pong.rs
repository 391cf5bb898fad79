// Correct, written differently: `pong` is a scoped thread with a
// `while let Ok(ball)` loop; `main` serves, then rallies.
use std::sync::mpsc;
use std::thread;

const ROUNDS: usize = 3;

fn main() {
    let (to_pong, from_ping) = mpsc::channel::<u32>();
    let (to_ping, from_pong) = mpsc::channel::<u32>();

    thread::scope(|scope| {
        scope.spawn(move || {
            while let Ok(ball) = from_ping.recv() {
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
    });
}
