// The first link gets a buffer of 8: the source can run far ahead of the
// sink before the bounded second link holds it back.
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let messages = kata::param("messages", 20);

    // Both links are bounded, so the sink's pace reaches the source.
    let (to_relay, relay_rx) = mpsc::sync_channel(8);
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
