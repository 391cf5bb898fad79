// clone_receiver: a std channel has exactly one consumer
//
// `main` sends jobs 0..8 into a channel, and two worker threads should share
// the work: each job done once, by either worker, which prints `job <n> done`.
//
// This does not compile: it tries to clone the `Receiver` so that both
// workers can read from the channel. `Sender` is `Clone` (many producers),
// `Receiver` is not (single consumer): that is the "mpsc" in the module name.
// Within std, keep one consumer and let it hand the jobs on: a dispatcher
// thread owns `rx` and forwards each job to a worker's own channel, taking
// turns. (Channels whose receivers clone exist in crates such as crossbeam;
// the next chapter meets them.)
//
// Done when: every job is done exactly once and the program ends. Which worker
// does which job does not matter.
//
// Keep the `println!` as it is: the runner reads the lines (in any order).

use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel::<usize>();

    // TODO: a Receiver cannot be cloned. Give each worker a channel of its own
    // and let one dispatcher thread own `rx`.
    let rx2 = rx.clone();
    let mut workers = Vec::new();
    for rx in [rx, rx2] {
        workers.push(thread::spawn(move || {
            for job in rx {
                println!("job {job} done");
            }
        }));
    }

    for job in 0..8 {
        tx.send(job).unwrap();
    }
    drop(tx);

    for worker in workers {
        worker.join().unwrap();
    }
}
