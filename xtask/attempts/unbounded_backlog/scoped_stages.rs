// Correct, written differently: source and relay are scoped threads and the
// sink receives with `while let Ok(..) = sink_rx.recv()`.
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let messages = kata::param("messages", 20);

    // Both links are bounded, so the sink's pace reaches the source.
    let (to_relay, relay_rx) = mpsc::sync_channel(1);
    let (to_sink, sink_rx) = mpsc::sync_channel(1);

    thread::scope(|scope| {
        scope.spawn(move || {
            for i in 0..messages {
                to_relay.send(i).unwrap();
                println!("sent {i}");
            }
        });
        scope.spawn(move || {
            for chunk in relay_rx {
                to_sink.send(chunk).unwrap();
            }
        });
        while let Ok(chunk) = sink_rx.recv() {
            println!("recv {chunk}");
            // Slow sink: keep this.
            thread::sleep(Duration::from_millis(1));
        }
    });
}
