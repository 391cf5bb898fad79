// No thread: `main` walks the list itself and prints each name.
use std::sync::mpsc;
use std::thread;

fn main() {
    let names = vec![
        "Ada".to_string(),
        "Grace".to_string(),
        "Katherine".to_string(),
    ];
    let (tx, rx) = mpsc::channel::<&str>();

    drop((tx, rx));
    for name in &names {
        println!("{name} has {} letters", name.len());
    }

    println!("done with all {} names", names.len());
}
