//! Why it works: `thread::scope` joins every thread spawned in it before it
//! returns, so those threads may borrow locals that outlive the scope: here
//! the list `names`, and even the `&str` messages borrowed from it. In the
//! reference solution the thread *owns* `tx` (the `move` closure takes it, plus
//! a copy of the reference `names`), so when the thread finishes, `tx` is
//! dropped and the receiving loop ends. After the scope, `names` is `main`'s
//! again.

use std::sync::mpsc;
use std::thread;

fn main() {
    let names = vec![
        "Ada".to_string(),
        "Grace".to_string(),
        "Katherine".to_string(),
    ];
    let (tx, rx) = mpsc::channel::<&str>();

    thread::scope(|s| {
        // A reference is `Copy`: `move` copies it in and moves `tx` in.
        let names = &names;
        s.spawn(move || {
            for name in names {
                tx.send(name.as_str()).unwrap();
            }
        });
        for name in rx {
            println!("{name} has {} letters", name.len());
        }
    }); // The producer is joined here.

    println!("done with all {} names", names.len());
}
