//! Why it works: a `Sender` is an ordinary value, so it can travel inside a
//! message. In the reference solution every request brings a fresh reply
//! channel; the server answers on the `Sender` it was handed, and only the
//! client that asked holds the matching `Receiver`, so answers can never end
//! up with the wrong asker. `recv` on the reply channel waits for exactly
//! that one answer. Dropping `request_tx` at the end closes the server's
//! loop.

use std::sync::mpsc::{self, Sender};
use std::thread;

struct Request {
    item: String,
    reply: Sender<Option<u32>>,
}

fn main() {
    let (request_tx, request_rx) = mpsc::channel::<Request>();

    let server = thread::spawn(move || {
        let prices = [("apple", 3), ("bread", 25), ("cheese", 40)];
        for request in request_rx {
            let price = prices
                .iter()
                .find(|(name, _)| *name == request.item)
                .map(|(_, price)| *price);
            // The client may have given up waiting: that is no error here.
            let _ = request.reply.send(price);
        }
    });

    for item in ["bread", "apple", "cheese", "milk"] {
        // A one-shot channel for this request's answer.
        let (reply_tx, reply_rx) = mpsc::channel();
        let request = Request {
            item: item.to_string(),
            reply: reply_tx,
        };
        request_tx.send(request).unwrap();
        // Exactly one answer comes back on it.
        let answer = reply_rx.recv().unwrap();
        match answer {
            Some(price) => println!("{item} costs {price}"),
            None => println!("{item} is not for sale"),
        }
    }

    drop(request_tx);
    server.join().unwrap();
}
