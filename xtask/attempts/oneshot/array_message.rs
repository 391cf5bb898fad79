// Correct, written differently: the worker sends an array of both numbers,
// and `main` destructures it in the `let`.
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
        // TODO: one message only. Send both numbers in it.
        result_tx.send([lowest, highest]);
    });

    let [lowest, highest] = result_rx.recv().unwrap();
    println!("lowest {lowest}, highest {highest}");
    worker.join().unwrap();
}
