// Wrong: the thread is scoped already, but its `move` closure takes `names`
// itself, so `tx` carries references into a value the thread drops (E0597),
// and `main` uses `names` after the move (E0382).

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
        s.spawn(move || {
            for name in &names {
                tx.send(name.as_str()).unwrap();
            }
        });
        for name in rx {
            println!("{name} has {} letters", name.len());
        }
    });

    println!("done with all {} names", names.len());
}
