// drop_before_iterating: a Sender hidden inside a struct
//
// A `Team` starts worker threads that all report into one channel. It keeps a
// Sender for itself, so that it can hand a clone to every worker it starts.
// Each worker sends its reports, numbered 0, 1, 2, ..., and `main` prints
// every report it receives as `recv <worker> <seq>`.
//
// Every report arrives, and then the program hangs. The loop over `rx` waits
// as long as any Sender exists, and one still does: the Sender inside `team`.
// A value that holds a Sender keeps the channel open for as long as it lives,
// just like a plain Sender would. (`drop(tx)` won't help: `tx` was moved into
// the team.)
//
// Done when: every report is received exactly once and the program ends on
// its own.
//
// Keep the `println!` as it is: the runner reads those lines.

use std::sync::mpsc::{self, Sender};
use std::thread::{self, JoinHandle};

struct Team {
    reports: Sender<(usize, usize)>,
}

impl Team {
    /// Starts a worker that sends `count` reports with its own Sender.
    fn start_worker(&self, id: usize, count: usize) -> JoinHandle<()> {
        let reports = self.reports.clone();
        thread::spawn(move || {
            for seq in 0..count {
                reports.send((id, seq)).unwrap();
            }
        })
    }
}

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 4);

    let (tx, rx) = mpsc::channel();
    let team = Team { reports: tx };

    let mut handles = Vec::new();
    for id in 0..producers {
        handles.push(team.start_worker(id, messages));
    }

    // TODO: `team` still holds a Sender, so this loop never ends. The team is
    // not needed any more: end its life before receiving.
    for (id, seq) in rx {
        println!("recv {id} {seq}");
    }

    for handle in handles {
        handle.join().unwrap();
    }
}
