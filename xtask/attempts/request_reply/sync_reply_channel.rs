// Correct, written differently: each reply channel is a `sync_channel(1)`
// (the reply type names the Sender so), and the answer is taken with `recv`.
use std::sync::mpsc::{self, SyncSender};
use std::thread;

struct Request {
    item: String,
    reply: SyncSender<Option<u32>>,
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
        let (reply_tx, reply_rx) = mpsc::sync_channel(1);
        let request = Request {
            item: item.to_string(),
            reply: reply_tx,
        };
        request_tx.send(request).unwrap();
        let answer: Option<u32> = reply_rx.recv().unwrap();
        match answer {
            Some(price) => println!("{item} costs {price}"),
            None => println!("{item} is not for sale"),
        }
    }

    drop(request_tx);
    server.join().unwrap();
}
