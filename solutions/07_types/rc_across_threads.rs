//! Why it works: the reference solution shares the list through `Arc`, which
//! is `Rc` with an atomic reference count, so cloning and dropping handles
//! from several threads at once is safe, and `Arc<T>` is `Send` whenever `T`
//! is `Send + Sync`. A channel of `Arc`s may move into the printer thread;
//! sending a handle moves only the pointer, not the list. The compiler caught
//! the `Rc` before it could ever race: `Send` is checked on everything a
//! spawned closure captures, the `Receiver` included.

use std::sync::{Arc, mpsc};
use std::thread;

fn main() {
    // One list, shared by handles that are safe to use from any thread.
    let guests: Arc<Vec<String>> = Arc::new(vec![
        "Ada".to_string(),
        "Grace".to_string(),
        "Barbara".to_string(),
    ]);

    let (tx, rx) = mpsc::channel::<Arc<Vec<String>>>();
    let printer = thread::spawn(move || {
        for list in rx {
            for guest in list.iter() {
                println!("welcome, {guest}");
            }
        }
    });

    tx.send(Arc::clone(&guests)).unwrap();
    drop(tx);
    printer.join().unwrap();

    println!("{} guests", guests.len());
}
