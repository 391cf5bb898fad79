// recv_before_send: two threads, each waiting for the other
//
// `main` and a `pong` thread play ping-pong over two channels. The ball is a
// number. Each player waits for the ball, prints the number it got and hits
// the ball back with the number plus one: `main` receives on `from_pong` and
// sends on `to_pong`, and `pong` does the opposite.
//
// Nothing is printed, and the program never ends. `pong` waits for a ball
// from `main`. `main` waits for a ball from `pong`. Nobody has served, so each
// thread waits for a message that only the other one could send: a deadlock.
// No error and no timeout will ever end it.
//
// `main` serves: it must send the first ball, 0, before it starts waiting.
// Leave `pong` as it is.
//
// Done when: the program prints the rally below and ends. (`pong` hits the
// ball once more after `main`'s last return, and the rally is over.)
//     pong got 0
//     ping got 1
//     pong got 2
//     ping got 3
//     pong got 4
//     ping got 5
//     pong got 6

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
    for _ in 0..ROUNDS {
        let ball = from_pong.recv().unwrap();
        println!("ping got {ball}");
        to_pong.send(ball + 1).unwrap();
    }

    drop(to_pong);
    pong.join().unwrap();
}
