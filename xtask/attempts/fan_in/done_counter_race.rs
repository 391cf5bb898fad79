// Wrong, and caught only on some thread schedules: main polls with
// `try_recv` and stops once a shared counter says every producer is done.
// Between main's empty `try_recv` and its look at the counter, the last
// producer can send its last message and count itself done: main stops with
// that message still in the channel. On real threads the window is a few
// instructions wide, and the runs nearly always pass.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, TryRecvError};
use std::thread;

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();
    let done = Arc::new(AtomicUsize::new(0));
    let mut handles = Vec::new();
    for id in 0..producers {
        let tx = tx.clone();
        let done = Arc::clone(&done);
        handles.push(thread::spawn(move || {
            for seq in 0..messages {
                tx.send((id, seq)).unwrap();
            }
            done.fetch_add(1, Ordering::SeqCst);
        }));
    }

    loop {
        match rx.try_recv() {
            Ok((id, seq)) => println!("recv {id} {seq}"),
            Err(TryRecvError::Empty) => {
                if done.load(Ordering::SeqCst) == producers {
                    break;
                }
                thread::yield_now();
            }
            Err(TryRecvError::Disconnected) => break,
        }
    }
    for handle in handles {
        handle.join().unwrap();
    }
}
