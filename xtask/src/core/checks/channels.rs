//! Facts observed on the channels themselves, not on what a program prints.
//!
//! Under the explorer every channel operation, lock and spawn of a schedule
//! is recorded and summarised (`explore_protocol::Observations`). A kata
//! names in its catalog entry which of these facts make its point
//! (`ChannelFact`); each one is judged on every schedule tried, beside the
//! printed facts. Like those, each is derived from what a channel guarantees
//! and what a correct program does on every interleaving, never from timing:
//!
//! - `ReceiptsBacked`: a message printed as received was received. A correct
//!   program receives at least once per `recv` line it prints, on any schedule.
//! - `WithinBound`: a channel that carries messages holds at most the kata's
//!   bound. A `sync_channel(k)` buffer never holds more than `k`, so a
//!   capacity above the bound (or an unbounded channel) is the only way over.
//! - `EndsOnDisconnect`: the receiving loop ended because the channel said
//!   every Sender was gone. That is the only way such a loop ends in a
//!   correct program, on every schedule.
//! - `NoWorkUnderLock`: a thread holding a lock does nothing but the receive
//!   it took the lock for. Held or not is a property of the code path, the
//!   same on every schedule.
//! - `StopsWhenClosed`: a send that failed because the receiver is gone is
//!   the thread's last on that channel, and no thread panics.

use explore_protocol::{Action, ChannelSummary, HeldWhile, Observations, Op, OpResult};

use crate::core::catalog::{ChannelFact, Kata};

/// The plain-words problems of one schedule's observations for `kata`'s
/// channel facts; `stdout` is what the schedule printed. Empty when every
/// fact holds.
pub fn problems(kata: &Kata, observations: &Observations, stdout: &str) -> Vec<String> {
    kata.channels
        .iter()
        .filter_map(|fact| match fact {
            ChannelFact::ReceiptsBacked => receipts_backed(observations, stdout),
            ChannelFact::WithinBound => within_bound(observations, kata.bound.unwrap_or(0)),
            ChannelFact::EndsOnDisconnect => ends_on_disconnect(observations),
            ChannelFact::NoWorkUnderLock => no_work_under_lock(observations),
            ChannelFact::StopsWhenClosed => stops_when_closed(observations),
        })
        .collect()
}

/// `line N` where the learner's file has one.
fn line(at: Option<u32>) -> String {
    at.map_or_else(
        || "a line outside your file".to_string(),
        |l| format!("line {l}"),
    )
}

/// How a channel is named to the learner: by the line that made it.
fn channel_name(c: &ChannelSummary) -> String {
    let kind = match c.capacity {
        None => "channel()".to_string(),
        Some(k) => format!("sync_channel({k})"),
    };
    format!("the {kind} made at {}", line(c.made_at))
}

fn receipts_backed(observations: &Observations, stdout: &str) -> Option<String> {
    let printed = stdout
        .lines()
        .filter(|l| super::first_word_is(l, "recv"))
        .count() as u64;
    let received: u64 = observations.channels.iter().map(|c| c.receives_ok).sum();
    if printed <= received {
        return None;
    }
    Some(if observations.channels.is_empty() {
        format!(
            "The program printed {printed} `recv` lines but made no channel at all: the \
             lines must report messages that really went through a channel."
        )
    } else {
        format!(
            "The program printed {printed} `recv` lines but received only {received} \
             message{} from its channels: every `recv` line must report a message `recv` \
             really returned.",
            if received == 1 { "" } else { "s" }
        )
    })
}

fn within_bound(observations: &Observations, bound: usize) -> Option<String> {
    let carrying = observations.channels.iter().filter(|c| c.sends_ok > 0);
    let over: Vec<String> = carrying
        .filter(|c| c.capacity.is_none_or(|k| k > bound))
        .map(|c| {
            let held = match c.max_fill {
                Some(fill) if fill > bound => format!(
                    " (it held {fill} message{} at once)",
                    if fill == 1 { "" } else { "s" }
                ),
                _ => String::new(),
            };
            format!("{}{held}", channel_name(c))
        })
        .collect();
    if over.is_empty() {
        return None;
    }
    let room = match bound {
        0 => "no buffer at all: `sync_channel(0)`".to_string(),
        k => format!("a buffer of at most {k}: `sync_channel({k})`"),
    };
    Some(format!(
        "{} can hold more messages than the kata allows; it asks for {room}.",
        capitalize(&over.join("; "))
    ))
}

fn ends_on_disconnect(observations: &Observations) -> Option<String> {
    let ended = observations
        .recv_ends
        .iter()
        .any(|end| end.result == OpResult::Disconnected && matches!(end.op, Op::Iter | Op::Recv));
    if ended {
        return None;
    }
    Some(
        "No receiving loop ended because its channel closed: the program stopped receiving \
         on its own (counting the messages?). Let the loop run until every Sender is \
         dropped; then `recv` returns `Err` and `for msg in rx` ends by itself."
            .to_string(),
    )
}

/// Taking the job out of a shared queue is what a worker holds the lock for.
fn is_receive(action: Action) -> bool {
    matches!(
        action,
        Action::Channel(Op::Recv | Op::TryRecv | Op::Iter | Op::TryIter)
    )
}

fn no_work_under_lock(observations: &Observations) -> Option<String> {
    let held: Vec<&HeldWhile> = observations
        .held
        .iter()
        .filter(|h| !is_receive(h.action))
        .collect();
    let first = held.first()?;
    let what = match first.action {
        Action::Channel(op) => format!("called `{}`", op.as_str()),
        Action::Print => "printed".to_string(),
        Action::Join => "waited in `join`".to_string(),
        Action::Sleep => "slept".to_string(),
        Action::Lock => "took another lock".to_string(),
        Action::Spawn => "spawned a thread".to_string(),
    };
    Some(format!(
        "`{}` held the lock made at {} (taken at {}) while it {what} at {}: the other \
         workers waited for it, so the pool ran one job at a time. Take the job out of the \
         queue in a statement of its own, so the guard is dropped before the work starts.",
        first.thread,
        line(first.lock_made_at),
        line(first.acquired_at),
        line(first.at)
    ))
}

fn stops_when_closed(observations: &Observations) -> Option<String> {
    if let Some(thread) = observations.panicked.first() {
        let failed = observations
            .send_failures
            .iter()
            .find(|f| &f.thread == thread && f.error == OpResult::Disconnected);
        return Some(match failed {
            Some(f) => format!(
                "`{thread}` panicked after its `{}` at {} failed because the receiver was \
                 gone: a failed send is the signal to stop, not a crash. Handle the `Err` \
                 and return.",
                f.op.as_str(),
                line(f.at)
            ),
            None => format!("`{thread}` panicked."),
        });
    }
    let going_on = observations
        .send_failures
        .iter()
        .find(|f| f.error == OpResult::Disconnected && f.kept_sending)?;
    Some(format!(
        "`{}` went on sending after its `{}` at {} failed because the receiver was gone: \
         no later message can arrive. Stop at the first `Err`.",
        going_on.thread,
        going_on.op.as_str(),
        line(going_on.at)
    ))
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use explore_protocol::{RecvEnd, SendFailure};

    fn channel(
        capacity: Option<usize>,
        sends: u64,
        receives: u64,
        fill: Option<usize>,
    ) -> ChannelSummary {
        ChannelSummary {
            channel: 0,
            made_at: Some(12),
            capacity,
            sends_ok: sends,
            receives_ok: receives,
            max_fill: fill,
        }
    }

    /// What a schedule printing `n` receipts carries.
    fn lines(n: usize) -> String {
        (0..n).map(|i| format!("recv {i}\n")).collect()
    }

    #[test]
    fn receipts_need_receives() {
        let mut seen = Observations::default();
        let said = receipts_backed(&seen, &lines(3)).unwrap();
        assert!(said.contains("made no channel at all"), "{said}");
        seen.channels.push(channel(None, 3, 2, None));
        let said = receipts_backed(&seen, &lines(3)).unwrap();
        assert!(said.contains("received only 2 messages"), "{said}");
        seen.channels[0].receives_ok = 3;
        assert_eq!(receipts_backed(&seen, &lines(3)), None);
        // Other lines are the learner's own business.
        let mut chatty = lines(3);
        chatty.push_str("received everything\n");
        assert_eq!(receipts_backed(&seen, &chatty), None);
    }

    #[test]
    fn a_channel_over_the_bound_is_named_by_its_line() {
        let mut seen = Observations::default();
        seen.channels.push(channel(Some(2), 5, 5, Some(2)));
        assert_eq!(within_bound(&seen, 2), None);
        seen.channels[0].capacity = Some(5);
        seen.channels[0].max_fill = Some(4);
        let said = within_bound(&seen, 2).unwrap();
        assert!(
            said.starts_with("The sync_channel(5) made at line 12 (it held 4 messages at once)"),
            "{said}"
        );
        seen.channels[0] = channel(None, 5, 5, None);
        let said = within_bound(&seen, 0).unwrap();
        assert!(said.contains("channel() made at line 12"), "{said}");
        assert!(said.contains("`sync_channel(0)`"), "{said}");
        // A channel nothing went through (a done signal made and dropped) is no buffer.
        seen.channels[0] = channel(None, 0, 0, None);
        assert_eq!(within_bound(&seen, 0), None);
    }

    #[test]
    fn a_loop_must_end_on_disconnection() {
        let mut seen = Observations::default();
        assert!(ends_on_disconnect(&seen).is_some());
        seen.recv_ends.push(RecvEnd {
            channel: 0,
            thread: "main".into(),
            at: Some(30),
            op: Op::TryRecv,
            result: OpResult::Empty,
        });
        assert!(ends_on_disconnect(&seen).is_some());
        seen.recv_ends.push(RecvEnd {
            channel: 0,
            thread: "main".into(),
            at: Some(31),
            op: Op::Iter,
            result: OpResult::Disconnected,
        });
        assert_eq!(ends_on_disconnect(&seen), None);
    }

    #[test]
    fn a_lock_held_for_the_receive_alone_is_fine() {
        let held = |action| HeldWhile {
            thread: "thread 2".into(),
            lock_made_at: Some(20),
            acquired_at: Some(24),
            action,
            at: Some(26),
        };
        let mut seen = Observations::default();
        seen.held.push(held(Action::Channel(Op::Recv)));
        assert_eq!(no_work_under_lock(&seen), None);
        seen.held.push(held(Action::Channel(Op::Send)));
        let said = no_work_under_lock(&seen).unwrap();
        assert!(
            said.starts_with(
                "`thread 2` held the lock made at line 20 (taken at line 24) while it called \
                 `send` at line 26"
            ),
            "{said}"
        );
    }

    #[test]
    fn a_closed_channel_means_stop() {
        let failure = |kept_sending| SendFailure {
            channel: 0,
            thread: "producer 1".into(),
            at: Some(40),
            op: Op::Send,
            error: OpResult::Disconnected,
            kept_sending,
        };
        let mut seen = Observations::default();
        seen.send_failures.push(failure(false));
        assert_eq!(stops_when_closed(&seen), None);
        seen.send_failures[0] = failure(true);
        assert!(
            stops_when_closed(&seen)
                .unwrap()
                .contains("went on sending")
        );
        seen.send_failures[0] = failure(false);
        seen.panicked.push("producer 1".into());
        let said = stops_when_closed(&seen).unwrap();
        assert!(
            said.contains("panicked after its `send` at line 40 failed"),
            "{said}"
        );
    }
}
