//! The Sender that keeps a deadlocked thread's channel open, read from the
//! program's text: the explorer reports where each thread waits, and the
//! schedule never reached the drop that would have closed the channel.

use crate::core::explore::{BlockedThread, Wait};

/// The Sender that keeps a waiting thread's channel open, named from the
/// program's text: held by the thread that waits, and maybe dropped by it,
/// but only after the loop that waits for the channel to close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldSender {
    /// The thread that waits in `recv`.
    pub thread: String,
    /// The Sender's name in the program (`tx`).
    pub sender: String,
    /// The line where the thread waits in `recv`.
    pub waits_at: u32,
    /// The line of a `drop(tx)` after the loop, if there is one.
    pub dropped_at: Option<u32>,
    /// Another waiting thread whose block drops the Sender after its own
    /// wait, in `recv` or `join` (its name and the line it waits at): it
    /// holds the Sender, and `dropped_at` is its drop.
    pub dropped_by: Option<(String, u32)>,
    /// The first line after that other thread's wait, before its drop, that
    /// names the Sender (`to_pong.send(ball + 1)` in the loop that waits):
    /// the holder still needs it after its wait, so it sends only once its
    /// own message has come.
    pub used_at: Option<u32>,
    /// A line of a loop around the wait, before it, where the waiting
    /// thread uses its own Sender (`let worker_tx = tx.clone();`): the next
    /// round needs it, so it cannot be dropped before the wait.
    pub needed_at: Option<u32>,
}

/// The Sender that keeps a deadlock's waiting channel open, read from the
/// program's text. Only when every blocked thread waits in `recv` or `join`,
/// one of them in `recv` on a channel with one Sender left: that Sender's name is the first
/// of the `let (tx, rx) = ...` nearest above the wait whose receiver the
/// waiting line names. Its late drop (the schedule never reached it, so the
/// explorer could not record it) is a `drop(tx)` after the waiting line in
/// the same block, or in a block around it (a closure's end stops the
/// search: that is another thread). A thread with a late drop comes first.
pub fn held_sender(source: &str, blocked: &[BlockedThread]) -> Option<HeldSender> {
    if !blocked
        .iter()
        .all(|t| matches!(t.wait, Wait::Recv { .. } | Wait::Join { .. }))
    {
        return None;
    }
    let lines: Vec<String> = source.lines().map(code_of).collect();
    let held: Vec<HeldSender> = blocked
        .iter()
        .filter_map(|thread| {
            let Wait::Recv {
                at: Some(waits_at),
                channel,
            } = &thread.wait
            else {
                return None;
            };
            if channel.senders != 1 {
                return None;
            }
            let wait = *waits_at as usize;
            let waiting = lines.get(wait.checked_sub(1)?)?;
            let sender = lines[..wait - 1].iter().rev().find_map(|line| {
                let (sender, receiver) = channel_names(line)?;
                names(waiting, receiver).then_some(sender)
            })?;
            let own = dropped_after(&lines, wait, sender);
            // Not dropped by the waiting thread: by another that waits, in
            // the block of its own wait, after it (`main` dropping a stage's
            // Sender only after its receiving loop). The program compiled, so
            // that thread still owns the Sender there, and never gets to the
            // drop while it waits.
            let other = || {
                blocked.iter().find_map(|other| {
                    let (Wait::Recv {
                        at: Some(other_at), ..
                    }
                    | Wait::Join {
                        at: Some(other_at), ..
                    }) = &other.wait
                    else {
                        return None;
                    };
                    if other.name == thread.name {
                        return None;
                    }
                    let at = dropped_after(&lines, *other_at as usize, sender)?;
                    let used = (*other_at as usize..at as usize - 1)
                        .find(|&i| names(&lines[i], sender))
                        .map(|i| i as u32 + 1);
                    Some((at, (other.name.clone(), *other_at), used))
                })
            };
            let (dropped_at, dropped_by, used_at) = match own {
                Some(at) => (Some(at), None, None),
                None => match other() {
                    Some((at, by, used)) => (Some(at), Some(by), used),
                    None => (None, None, None),
                },
            };
            let needed_at = match dropped_at {
                None => needed_in_loop(&lines, wait, sender),
                Some(_) => None,
            };
            Some(HeldSender {
                thread: thread.name.clone(),
                sender: sender.to_string(),
                waits_at: *waits_at,
                dropped_at,
                dropped_by,
                used_at,
                needed_at,
            })
        })
        .collect();
    let late = held
        .iter()
        .position(|h| h.dropped_at.is_some())
        .unwrap_or(0);
    held.into_iter().nth(late)
}

/// The Receiver a thread keeps while it waits in `join` for a thread that
/// waits in `send`: dropped only after the `join`, with no use in between,
/// so the blocked send can neither go through nor fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptReceiver {
    /// The thread that waits in `join`.
    pub joiner: String,
    /// The Receiver's name in the program (`rx`).
    pub receiver: String,
    /// The line of the `join`.
    pub joins_at: u32,
    /// The line of the `drop(rx)` after it.
    pub dropped_at: u32,
}

/// The Receiver kept by a thread that waits in `join` for one that waits
/// in `send`, read from the program's text: the receiver of the nearest
/// `let (tx, rx) = ...` above the `join`, dropped by a `drop(rx)` after it
/// in the same block (or one around it), and not named in between: nothing
/// receives after the join, so dropping it first is what lets the send
/// return (with `Err`).
pub fn kept_receiver(source: &str, blocked: &[BlockedThread]) -> Option<KeptReceiver> {
    let lines: Vec<String> = source.lines().map(code_of).collect();
    blocked.iter().find_map(|joiner| {
        let Wait::Join {
            at: Some(joins_at),
            thread,
        } = &joiner.wait
        else {
            return None;
        };
        let joined = blocked.iter().find(|t| t.name == *thread)?;
        if !matches!(joined.wait, Wait::Send { .. }) {
            return None;
        }
        let join = *joins_at as usize;
        let receiver = lines[..join.checked_sub(1)?]
            .iter()
            .rev()
            .find_map(|line| channel_names(line).map(|(_, receiver)| receiver))?;
        let dropped_at = dropped_after(&lines, join, receiver)?;
        // A receive between the join and the drop: receiving is the fix there.
        if (join..dropped_at as usize - 1).any(|i| names(&lines[i], receiver)) {
            return None;
        }
        Some(KeptReceiver {
            joiner: joiner.name.clone(),
            receiver: receiver.to_string(),
            joins_at: *joins_at,
            dropped_at,
        })
    })
}

/// The first line of a loop around line `wait`, before it, that names
/// `sender`: a `for`, `while` or `loop` block that encloses the wait, found
/// by the braces, within the same closure or function.
fn needed_in_loop(lines: &[String], wait: usize, sender: &str) -> Option<u32> {
    let mut depth = 0i32;
    for i in (0..wait - 1).rev() {
        let line = &lines[i];
        for c in line.chars().rev() {
            match c {
                '}' => depth += 1,
                '{' => depth -= 1,
                _ => {}
            }
        }
        if depth >= 0 {
            continue;
        }
        // Line `i` opens a block around the wait.
        depth = 0;
        let head = line.trim_start();
        if line.contains('|') || head.starts_with("fn ") || head.contains(" fn ") {
            return None;
        }
        let is_loop = ["for ", "while ", "loop "]
            .iter()
            .any(|k| head.starts_with(k) || head.contains(&format!(" {k}")))
            || head.starts_with("loop{");
        if is_loop {
            return (i + 1..wait - 1)
                .find(|&j| names(&lines[j], sender))
                .map(|j| j as u32 + 1);
        }
    }
    None
}

/// The line of a `drop(sender)` after line `wait`, in its block or a block
/// around it, before the end of a closure or a new `let (sender, ..)` that
/// shadows it.
fn dropped_after(lines: &[String], wait: usize, sender: &str) -> Option<u32> {
    let dropped = format!("drop({sender})");
    // Depth of braces relative to the start of the waiting line; the lowest
    // it has been is the block the search is in.
    let mut depth = 0i32;
    let mut lowest = 0i32;
    for (i, line) in lines.iter().enumerate().skip(wait - 1) {
        if i >= wait && depth == lowest && line.contains(&dropped) {
            return Some(i as u32 + 1);
        }
        if i >= wait && line.contains("})") {
            return None;
        }
        // A new Sender of the same name: a later drop is of that one.
        if i >= wait && channel_names(line).is_some_and(|(name, _)| name == sender) {
            return None;
        }
        for c in line.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            lowest = lowest.min(depth);
        }
    }
    None
}

/// A line without its `//` comment and with its string literals emptied,
/// so that their braces and words do not count.
fn code_of(line: &str) -> String {
    let mut code = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        match (in_string, c) {
            (true, '\\') => {
                chars.next();
            }
            (true, '"') => {
                in_string = false;
                code.push('"');
            }
            (true, _) => {}
            (false, '"') => {
                in_string = true;
                code.push('"');
            }
            (false, '/') if chars.peek() == Some(&'/') => break,
            (false, c) => code.push(c),
        }
    }
    code
}

/// `("tx", "rx")` from `let (tx, rx) = ...` (or `let (mut tx, rx)`).
fn channel_names(line: &str) -> Option<(&str, &str)> {
    let rest = line.split_once("let (")?.1;
    let (pair, _) = rest.split_once(')')?;
    let (sender, receiver) = pair.split_once(',')?;
    Some((plain_name(sender)?, plain_name(receiver)?))
}

/// `tx` from ` tx` or ` mut tx`; `None` for a pattern that is not a name.
fn plain_name(s: &str) -> Option<&str> {
    let s = s.trim();
    let s = s.strip_prefix("mut ").unwrap_or(s).trim();
    (!s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_')).then_some(s)
}

/// Whether `line` has the word `name` (not as part of a longer name).
fn names(line: &str, name: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    line.match_indices(name).any(|(i, _)| {
        !line[..i].chars().next_back().is_some_and(ident)
            && !line[i + name.len()..].chars().next().is_some_and(ident)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn waits_in_recv(name: &str, at: u32, senders: usize) -> BlockedThread {
        BlockedThread {
            name: name.into(),
            spawned_at: None,
            wait: Wait::Recv {
                at: Some(at),
                channel: crate::core::explore::Channel {
                    made_at: Some(2),
                    capacity: None,
                    senders,
                },
            },
        }
    }

    const DROPPED_AFTER: &str = "fn main() {
    let (tx, rx) = mpsc::channel();
    let worker = tx.clone();
    thread::spawn(move || worker.send(1).unwrap());
    for n in rx {
        println!(\"{n}\"); // drop(tx) not here
    }
    drop(tx);
}
";

    #[test]
    fn a_drop_after_the_receiving_loop_is_found_in_the_source() {
        let late = held_sender(DROPPED_AFTER, &[waits_in_recv("main", 5, 1)]);
        assert_eq!(
            late,
            Some(HeldSender {
                thread: "main".into(),
                sender: "tx".into(),
                waits_at: 5,
                dropped_at: Some(8),
                dropped_by: None,
                used_at: None,
                needed_at: None,
            })
        );
        // Inside a loop's body, the drop after the loop is found too.
        let inside = "fn main() {
    let (tx, rx) = mpsc::channel();
    loop {
        let n = rx.recv().unwrap();
        println!(\"{n}\");
    }
    drop(tx);
}
";
        assert_eq!(
            held_sender(inside, &[waits_in_recv("main", 4, 1)]).and_then(|l| l.dropped_at),
            Some(7)
        );
    }

    #[test]
    fn a_drop_after_another_waiting_thread_s_loop_names_that_thread() {
        // `main` keeps `number_tx` until after its own loop; the stage that
        // waits on `number_rx` is another thread.
        let source = "fn main() {
    let (number_tx, number_rx) = mpsc::channel();
    let (square_tx, square_rx) = mpsc::channel();
    let square = thread::spawn(move || {
        for n in number_rx {
            square_tx.send(n * n).unwrap();
        }
    });
    for n in square_rx {
        println!(\"{n}\");
    }
    drop(number_tx);
}
";
        let held = held_sender(
            source,
            &[waits_in_recv("main", 9, 1), waits_in_recv("thread 1", 5, 1)],
        );
        assert_eq!(
            held,
            Some(HeldSender {
                thread: "thread 1".into(),
                sender: "number_tx".into(),
                waits_at: 5,
                dropped_at: Some(12),
                dropped_by: Some(("main".into(), 9)),
                used_at: None,
                needed_at: None,
            })
        );
    }

    #[test]
    fn a_sender_the_holder_sends_on_after_its_wait_is_said_to_be_used_there() {
        // recv_before_send: `main` sends on `to_pong` in the loop that waits,
        // so dropping it before that loop is no fix.
        let source = "fn main() {
    let (to_pong, from_ping) = mpsc::channel::<u32>();
    let (to_ping, from_pong) = mpsc::channel::<u32>();
    let pong = thread::spawn(move || {
        for ball in from_ping {
            to_ping.send(ball + 1).unwrap();
        }
    });
    for _ in 0..3 {
        let ball = from_pong.recv().unwrap();
        to_pong.send(ball + 1).unwrap();
    }
    drop(to_pong);
    pong.join().unwrap();
}
";
        let held = held_sender(
            source,
            &[
                waits_in_recv("main", 10, 1),
                waits_in_recv("thread 1", 5, 1),
            ],
        )
        .unwrap();
        assert_eq!(held.sender, "to_pong");
        assert_eq!(held.dropped_by, Some(("main".into(), 10)));
        assert_eq!(held.used_at, Some(11));
    }

    #[test]
    fn a_sender_used_earlier_in_a_loop_around_the_wait_is_needed_in_the_next_round() {
        // try_iter_drain: `main` clones `tx` for each batch, then waits for
        // the channel to close inside the same loop.
        let source = "fn main() {
    let (tx, rx) = mpsc::channel();
    for batch in 1..=2 {
        let worker_tx = tx.clone();
        thread::spawn(move || worker_tx.send(batch).unwrap()).join().unwrap();
        for message in rx.iter() {
            println!(\"{message}\");
        }
    }
}
";
        let held = held_sender(source, &[waits_in_recv("main", 6, 1)]).unwrap();
        assert_eq!((held.dropped_at, held.needed_at), (None, Some(4)));
        // Without a loop around the wait, the Sender is not needed again.
        assert_eq!(
            held_sender(DROPPED_AFTER, &[waits_in_recv("main", 5, 1)]).and_then(|h| h.needed_at),
            None
        );
    }

    #[test]
    fn a_receiver_dropped_after_a_join_on_a_blocked_send_is_kept_unless_received_from() {
        let blocked = [
            BlockedThread {
                name: "main".into(),
                spawned_at: None,
                wait: Wait::Join {
                    at: Some(5),
                    thread: "thread 1".into(),
                },
            },
            BlockedThread {
                name: "thread 1".into(),
                spawned_at: Some(3),
                wait: Wait::Send {
                    at: Some(3),
                    channel: crate::core::explore::Channel {
                        made_at: Some(2),
                        capacity: Some(1),
                        senders: 1,
                    },
                },
            },
        ];
        let source = "fn main() {
    let (tx, rx) = mpsc::sync_channel(1);
    let h = thread::spawn(move || for i in 0..9 { let _ = tx.send(i); });
    println!(\"{}\", rx.recv().unwrap());
    h.join().unwrap();
    drop(rx);
}
";
        assert_eq!(
            kept_receiver(source, &blocked),
            Some(KeptReceiver {
                joiner: "main".into(),
                receiver: "rx".into(),
                joins_at: 5,
                dropped_at: 6,
            })
        );
        // Receiving after the join: receiving first is the fix, not a drop.
        let receives = source.replace(
            "    drop(rx);",
            "    for i in &rx { println!(\"{i}\"); }\n    drop(rx);",
        );
        assert_eq!(kept_receiver(&receives, &blocked), None);
    }

    #[test]
    fn no_late_drop_where_the_source_shows_none() {
        let dropped = |source: &str, thread: &str, at: u32| {
            held_sender(source, &[waits_in_recv(thread, at, 1)]).map(|h| h.dropped_at)
        };
        // Two Senders alive: dropping one would not close the channel.
        assert_eq!(
            held_sender(DROPPED_AFTER, &[waits_in_recv("main", 5, 2)]),
            None
        );
        // No `drop(tx)` after the loop (only in a comment).
        let kept = DROPPED_AFTER.replace("    drop(tx);\n", "");
        assert_eq!(dropped(&kept, "main", 5), Some(None));
        // The drop is in another thread's closure, after it ends.
        let other = "fn main() {
    let (tx, rx) = mpsc::channel();
    let h = thread::spawn(move || {
        for n in rx {
            println!(\"{n}\");
        }
    });
    drop(tx);
}
";
        assert_eq!(dropped(other, "thread 1", 4), Some(None));
        // The drop after the loop is of a second `tx` that shadows the first.
        let shadowed = "fn main() {
    let (tx, rx) = mpsc::channel();
    for n in rx {
        println!(\"{n}\");
    }
    let (tx, rx) = mpsc::channel();
    drop(tx);
}
";
        assert_eq!(dropped(shadowed, "main", 3), Some(None));
    }
}
