// Keeps `Rc` and no thread at all: `main` sends the list to itself and
// prints the welcomes, so nothing ever crosses a thread.
use std::rc::Rc;
use std::sync::mpsc;

fn main() {
    let guests: Rc<Vec<String>> = Rc::new(vec![
        "Ada".to_string(),
        "Grace".to_string(),
        "Barbara".to_string(),
    ]);

    let (tx, rx) = mpsc::channel::<Rc<Vec<String>>>();
    tx.send(Rc::clone(&guests)).unwrap();
    drop(tx);
    for list in rx {
        for guest in list.iter() {
            println!("welcome, {guest}");
        }
    }

    println!("{} guests", guests.len());
}
