// Puts its own answer into the reply channel and receives it back: the
// server is asked, but the answer `main` prints is its own.
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
        let (reply_tx, reply_rx) = mpsc::channel();
        let prices = [("apple", 3), ("bread", 25), ("cheese", 40)];
        let mine = prices
            .iter()
            .find(|(name, _)| *name == item)
            .map(|(_, price)| *price);
        reply_tx.send(mine).unwrap();
        let (server_tx, _server_rx) = mpsc::channel();
        let request = Request {
            item: item.to_string(),
            reply: server_tx,
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
