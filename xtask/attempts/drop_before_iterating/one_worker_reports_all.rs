// One worker sends every worker's reports, worker by worker: the team
// drops its Sender, but there is only one producer thread.
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
    let reports = team.reports.clone();
    handles.push(thread::spawn(move || {
        for id in 0..producers {
            for seq in 0..messages {
                reports.send((id, seq)).unwrap();
            }
        }
    }));

    // Dropping the team drops the Sender it holds: no more workers can be
    // started, and the loop below ends once the workers are done.
    drop(team);
    for (id, seq) in rx {
        println!("recv {id} {seq}");
    }

    for handle in handles {
        handle.join().unwrap();
    }
}
