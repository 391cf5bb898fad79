// The printer captures an `Arc` clone in its closure: it is `Arc` and it
// compiles, but the list never goes through the channel.
use std::sync::Arc;
use std::thread;

fn main() {
    // One list, shared by handles that are safe to use from any thread.
    let guests: Arc<Vec<String>> = Arc::new(vec![
        "Ada".to_string(),
        "Grace".to_string(),
        "Barbara".to_string(),
    ]);

    let list = Arc::clone(&guests);
    let printer = thread::spawn(move || {
        for guest in list.iter() {
            println!("welcome, {guest}");
        }
    });
    printer.join().unwrap();

    println!("{} guests", guests.len());
}
