// Keeps the team alive and takes exactly `producers x messages` reports:
// the loop ends by counting, and the team's Sender is never dropped.
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
    for (id, seq) in rx.iter().take(producers * messages) {
        println!("recv {id} {seq}");
    }
    drop(team);

    for handle in handles {
        handle.join().unwrap();
    }
}
