// Wrong: no channel and no thread at all. It prints `recv` and `sent` lines
// in an order that satisfies the bound, computed from the parameters; no item
// is ever sent or received.

fn main() {
    let messages = kata::param("messages", 20);

    for i in 0..messages {
        println!("sent {i}");
        println!("recv {i}");
    }
}
