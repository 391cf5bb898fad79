// Wrong: no channel and no thread at all. It prints the lines a correct run
// prints, computed from the parameters; no message is ever received.

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 4);

    for id in 0..producers {
        for seq in 0..messages {
            println!("recv {id} {seq}");
        }
    }
}
