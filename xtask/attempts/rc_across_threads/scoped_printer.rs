// Correct, written differently: the printer is a scoped thread and receives
// with `while let Ok(list) = rx.recv()`.
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
    thread::scope(|s| {
        s.spawn(move || {
            while let Ok(list) = rx.recv() {
                for guest in list.iter() {
                    println!("welcome, {guest}");
                }
            }
        });
        tx.send(Arc::clone(&guests)).unwrap();
        drop(tx);
    });

    println!("{} guests", guests.len());
}
