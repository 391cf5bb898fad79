// Wrong: no channel and no thread at all. Each `recv` line is printed before
// its `sent` line, as a rendezvous would, but nothing is ever handed over.

fn main() {
    let messages = kata::param("messages", 20);

    for i in 0..messages {
        println!("recv {i}");
        println!("sent {i}");
    }
}
