// scoped_borrow: threads that borrow need a scope
//
// `main` owns a list of names. A producer thread walks the list and sends each
// name (as a `&str`, a borrow, no copy) to `main`, which prints
// `<name> has <n> letters`. Afterwards `main` uses the list once more.
//
// This does not compile. A thread made by `thread::spawn` may outlive the
// function that spawned it, so its closure may not borrow local variables:
// `names` could be gone while the thread still reads it. `thread::scope`
// promises the opposite: every thread spawned in the scope is joined before
// the scope ends, so those threads may borrow what lives outside it.
//
// Done when: every name is printed in list order, then the closing line.
//
// Keep the `println!` lines as they are: the runner compares the output.

use std::sync::mpsc;
use std::thread;

fn main() {
    let names = vec![
        "Ada".to_string(),
        "Grace".to_string(),
        "Katherine".to_string(),
    ];
    let (tx, rx) = mpsc::channel::<&str>();

    // TODO: this thread borrows `names` (and `tx`): spawn it in a scope.
    let producer = thread::spawn(|| {
        for name in &names {
            tx.send(name.as_str()).unwrap();
        }
    });
    for name in rx {
        println!("{name} has {} letters", name.len());
    }
    producer.join().unwrap();

    println!("done with all {} names", names.len());
}
