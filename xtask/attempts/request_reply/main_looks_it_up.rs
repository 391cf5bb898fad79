// Sends each request with a reply Sender but never waits for the answer:
// `main` looks the price up in a copy of the list it keeps itself.
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
        let (reply_tx, _reply_rx) = mpsc::channel();
        let request = Request {
            item: item.to_string(),
            reply: reply_tx,
        };
        request_tx.send(request).unwrap();
        let prices = [("apple", 3), ("bread", 25), ("cheese", 40)];
        let answer: Option<u32> = prices
            .iter()
            .find(|(name, _)| *name == item)
            .map(|(_, price)| *price);
        match answer {
            Some(price) => println!("{item} costs {price}"),
            None => println!("{item} is not for sale"),
        }
    }

    drop(request_tx);
    server.join().unwrap();
}
