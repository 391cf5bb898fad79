// `Err(_) => return`: the loop ends at the `Err`, but `main` returns with it,
// so `done` is never printed and the producer is never joined.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let producer = thread::spawn(move || {
        let messages = kata::param("messages", 5);
        for seq in 0..messages {
            tx.send(seq).unwrap();
        }
    });

    loop {
        match rx.recv() {
            Ok(seq) => println!("recv {seq}"),
            Err(_) => return,
        }
    }
    #[allow(unreachable_code)]
    {
        println!("done");
        producer.join().unwrap();
    }
}
