// Correct, written differently: the scoped thread borrows `tx` (no `move`),
// and the scope returns how many names `main` received.
use std::sync::mpsc;
use std::thread;

fn main() {
    let names = vec![
        "Ada".to_string(),
        "Grace".to_string(),
        "Katherine".to_string(),
    ];
    let (tx, rx) = mpsc::channel::<&str>();

    let received = thread::scope(|s| {
        s.spawn(|| {
            for name in &names {
                tx.send(name.as_str()).unwrap();
            }
            drop(tx);
        });
        let mut received = 0;
        for name in rx.iter() {
            println!("{name} has {} letters", name.len());
            received += 1;
        }
        received
    });
    assert_eq!(received, names.len());

    println!("done with all {} names", names.len());
}
