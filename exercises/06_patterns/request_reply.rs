// request_reply: ask a thread a question and get the answer back
//
// A server thread owns a small price list. The client (`main`) asks it for
// the price of a few items, one request after the other, and prints each
// answer as `<item> costs <price>`.
//
// A channel only goes one way, so how does the answer come back? Each request
// carries its own reply `Sender`: the client makes a fresh channel for the
// request, keeps the `Receiver`, and sends the `Sender` along with the
// question. The server answers on it. This does not compile yet: the request
// is built without its `reply` field, and nothing waits for the answer.
//
// Done when: the program prints the price of every item, in the order asked,
// and ends.
//
// Keep the `println!` as it is: the runner compares the output.

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
        // TODO: make a reply channel for this request, put its Sender in the
        // request, and wait on its Receiver for the answer.
        let request = Request {
            item: item.to_string(),
        };
        request_tx.send(request).unwrap();
        let answer: Option<u32> = None;
        match answer {
            Some(price) => println!("{item} costs {price}"),
            None => println!("{item} is not for sale"),
        }
    }

    drop(request_tx);
    server.join().unwrap();
}
