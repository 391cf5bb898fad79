//! Why it works: a bounded channel only slows down the thread that sends into
//! it. In the reference solution both channels are bounded, so the waiting
//! travels back up the pipeline: the sink is slow, so the relay's `send`
//! waits, so the relay stops taking chunks, so the source's `send` waits too.
//! At most 1 chunk sits in each channel and 1 in the relay's hands, so memory
//! stays at 3 KiB for any input size. One unbounded link anywhere, and the
//! backlog collects in front of it.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let messages = kata::param("messages", 20);

    // Both links are bounded, so the sink's pace reaches the source.
    let (to_relay, relay_rx) = mpsc::sync_channel(1);
    let (to_sink, sink_rx) = mpsc::sync_channel(1);

    let source = thread::spawn(move || {
        for i in 0..messages {
            to_relay.send(i).unwrap();
            println!("sent {i}");
        }
    });

    let relay = thread::spawn(move || {
        for chunk in relay_rx {
            to_sink.send(chunk).unwrap();
        }
    });

    for chunk in sink_rx {
        println!("recv {chunk}");
        // Slow sink: keep this.
        thread::sleep(Duration::from_millis(1));
    }
    source.join().unwrap();
    relay.join().unwrap();
}
