// Correct, written differently: scoped workers borrow one `Mutex<u64>`, so
// no `Arc` is needed; each takes the guard into a variable, adds, and lets
// it go at the end of the loop body.

use std::sync::Mutex;
use std::thread;

fn main() {
    let count = Mutex::new(0u64);
    thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for _ in 0..25 {
                    let mut n = count.lock().unwrap();
                    *n += 1;
                }
            });
        }
    });
    println!("total {}", count.into_inner().unwrap());
}
