// rc_across_threads: only `Send` values may cross threads
//
// `main` builds a guest list once and shares it cheaply through a reference
// counted pointer: one copy of the list, several handles to it. It sends a
// handle to a printer thread, which prints the guests, and keeps one handle
// for itself to count them afterwards.
//
// This does not compile. `Rc` counts its handles without any synchronization,
// so two threads touching the same count could corrupt it; Rust marks `Rc` as
// not `Send`, and a channel of `Rc`s cannot be moved into another thread.
// `Arc` is the atomic, thread-safe version of the same idea.
//
// Done when: the printer thread prints every guest and `main` prints the
// count.
//
// Keep the `println!` lines as they are: the runner compares the output.

use std::rc::Rc;
use std::sync::mpsc;
use std::thread;

fn main() {
    // TODO: this handle type cannot cross threads. Pick one that can.
    let guests: Rc<Vec<String>> = Rc::new(vec![
        "Ada".to_string(),
        "Grace".to_string(),
        "Barbara".to_string(),
    ]);

    let (tx, rx) = mpsc::channel::<Rc<Vec<String>>>();
    let printer = thread::spawn(move || {
        for list in rx {
            for guest in list.iter() {
                println!("welcome, {guest}");
            }
        }
    });

    tx.send(Rc::clone(&guests)).unwrap();
    drop(tx);
    printer.join().unwrap();

    println!("{} guests", guests.len());
}
