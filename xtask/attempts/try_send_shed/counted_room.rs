// Wrong: counts the room instead of asking the channel. The first two items
// go in with `send`, and the rest are called shed without being offered.
// The lines are right, but no `try_send` ever said whether there was room.

use std::sync::mpsc;
use std::thread;

const ITEMS: usize = 6;
const ROOM: usize = 2;

fn main() {
    let (tx, rx) = mpsc::sync_channel(ROOM);

    let producer = thread::spawn(move || {
        let mut queued = 0;
        for i in 0..ITEMS {
            if queued < ROOM {
                tx.send(i).unwrap();
                queued += 1;
                println!("accepted {i}");
            } else {
                println!("shed {i}");
            }
        }
    });

    // The consumer starts only once the producer has offered every item.
    producer.join().unwrap();
    for i in rx {
        println!("recv {i}");
    }
}
