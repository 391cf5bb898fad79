// ignored_send: a failed send means "stop working"
//
// A producer thread hands out ticket numbers 0, 1, 2, ... for as long as
// anyone wants them. `main` needs three: it takes them and then drops its
// Receiver, because it will never receive again.
//
// From that moment every `send` returns `Err`. The producer unwraps the
// result, so it panics, and `main`'s `join().unwrap()` passes the panic on.
//
// `send` returns a `Result`, and `Result` is `#[must_use]`: the compiler
// warns when you ignore one. `let _ = tx.send(ticket);` would silence the
// warning, but it is wrong here: the producer would then make tickets for
// nobody, forever, and `join` would never return. The `Err` is the signal
// that the work is no longer wanted. Stop producing when you see it.
//
// Done when: the program prints the three tickets and `producer stopped`,
// and ends normally. Keep the prints as they are. If you want to report how
// many tickets the producer made, use `eprintln!`: that number depends on
// timing, and stderr is not checked.

use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let producer = thread::spawn(move || {
        for ticket in 0u64.. {
            // TODO: when this send fails, nobody is listening any more.
            tx.send(ticket).unwrap();
        }
    });

    for ticket in rx.iter().take(3) {
        println!("took ticket {ticket}");
    }
    // `main` has what it needs: the receiving end goes away.
    drop(rx);

    producer.join().unwrap();
    println!("producer stopped");
}
