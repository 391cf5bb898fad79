// Wrong: the worker sends one tuple, but `main` still receives twice, and
// prints the tuple it got first as a number (E0277 before the E0382 of the
// second `recv`).

use std::sync::mpsc::{self, RecvError};
use std::thread;

/// The sending half of a channel for exactly one message.
struct OneshotSender<T>(mpsc::Sender<T>);
/// The receiving half of a channel for exactly one message.
struct OneshotReceiver<T>(mpsc::Receiver<T>);

impl<T> OneshotSender<T> {
    /// Sends the message. Takes `self`: there is no second time.
    fn send(self, value: T) {
        // If the receiver is gone, nobody wants the answer: nothing to do.
        let _ = self.0.send(value);
    }
}

impl<T> OneshotReceiver<T> {
    /// Waits for the message. Takes `self`: there is no second time.
    fn recv(self) -> Result<T, RecvError> {
        self.0.recv()
    }
}

fn oneshot<T>() -> (OneshotSender<T>, OneshotReceiver<T>) {
    let (tx, rx) = mpsc::channel();
    (OneshotSender(tx), OneshotReceiver(rx))
}

fn main() {
    let readings = vec![17, 4, 23, 9, 12];
    let (result_tx, result_rx) = oneshot();

    let worker = thread::spawn(move || {
        let lowest = *readings.iter().min().unwrap();
        let highest = *readings.iter().max().unwrap();
        result_tx.send((lowest, highest));
    });

    let lowest = result_rx.recv().unwrap();
    let highest = result_rx.recv().unwrap();
    println!("lowest {lowest}, highest {highest}");
    worker.join().unwrap();
}
