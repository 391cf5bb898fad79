// unbounded_backlog: backpressure has to reach the source
//
// A pipeline of three threads. The source reads chunks 0, 1, 2, ... of a big
// file and prints `sent <i>` as soon as each `send` returns. The relay passes
// every chunk on. `main` is the sink: it prints `recv <i>` for each chunk and
// then spends a moment writing it out. The sink is the slowest stage.
//
// Every chunk stands for 1 KiB of data. The channel from the relay to the sink
// is bounded, but the one from the source to the relay is not. Once the sink
// falls behind, the relay waits, and the source keeps reading anyway: chunks
// pile up in the first channel. For a file of a million chunks that backlog
// reaches 1,000,000 x 1,024 bytes, close to 1 GiB of memory, all of it data
// that nobody has had time to use yet.
//
// Bound the first channel too, with room for 1 chunk. Then the pipeline never
// holds more than 3 chunks, one in each channel and one in the relay's hands:
// 3 KiB, however big the file is.
//
// Done when: every chunk reaches the sink once and in order, and the source is
// never more than 3 chunks ahead of the sink.
//
// Keep both `println!`s where they are, and keep the sink's pause.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let messages = kata::param("messages", 20);

    // TODO: the first channel has no limit. Give it room for 1 chunk, like
    // the second one.
    let (to_relay, relay_rx) = mpsc::channel();
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
