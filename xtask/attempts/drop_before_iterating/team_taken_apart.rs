// Correct, written differently: the team is taken apart with a `let`
// pattern and its Sender dropped by name; `while let` receives.
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

    // Dropping the team drops the Sender it holds: no more workers can be
    // started, and the loop below ends once the workers are done.
    let Team { reports } = team;
    drop(reports);
    while let Ok((id, seq)) = rx.recv() {
        println!("recv {id} {seq}");
    }

    for handle in handles {
        handle.join().unwrap();
    }
}
