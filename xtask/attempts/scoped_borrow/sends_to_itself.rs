// The scoped thread only takes part in name: `main` sends every name into
// the channel itself, then receives them back.
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
        s.spawn(|| {});
        for name in &names {
            tx.send(name.as_str()).unwrap();
        }
    });
    drop(tx);
    for name in rx {
        println!("{name} has {} letters", name.len());
    }

    println!("done with all {} names", names.len());
}
