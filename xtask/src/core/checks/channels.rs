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
//! - `FromAnotherThread`, `OwnSenders`, `ClosesAsSignal`,
//!   `KeptFromFailedSends`, `MeetsClosedChannel`, `PollsOnly`,
//!   `ShedsWithTrySend`, `ReplyPerAnswer`, `OneMessagePerChannel`,
//!   `SeveralConsumers`, `SharedQueue`: which thread did which operation on
//!   which channel, and what it returned (`Observations::ops`). Which thread
//!   runs a line of code, and how many times, is the program's own choice,
//!   the same on every schedule; each is derived for its katas in
//!   checks/README.md.

use std::collections::{BTreeMap, BTreeSet};

use explore_protocol::{Action, ChannelSummary, HeldWhile, Observations, Op, OpResult, OpSite};

use super::Params;
use crate::core::catalog::{ChannelFact, Kata};

/// The plain-words problems of one schedule's observations for `kata`'s
/// channel facts, run with `params`; `stdout` is what the schedule printed.
/// Empty when every fact holds.
pub fn problems(
    kata: &Kata,
    params: &Params,
    observations: &Observations,
    stdout: &str,
) -> Vec<String> {
    kata.channels
        .iter()
        .filter_map(|fact| match fact {
            ChannelFact::ReceiptsBacked => receipts_backed(observations, stdout),
            ChannelFact::WithinBound => within_bound(observations, kata.bound.unwrap_or(0)),
            ChannelFact::EndsOnDisconnect => ends_on_disconnect(observations),
            ChannelFact::NoWorkUnderLock => no_work_under_lock(observations),
            ChannelFact::StopsWhenClosed => stops_when_closed(observations),
            ChannelFact::FromAnotherThread => from_another_thread(observations),
            ChannelFact::OwnSenders => {
                let producers = params
                    .get("producers")
                    .copied()
                    .or(kata.senders)
                    .unwrap_or(1);
                own_senders(observations, producers)
            }
            ChannelFact::ClosesAsSignal => closes_as_signal(observations),
            ChannelFact::KeptFromFailedSends => kept_from_failed_sends(observations, stdout),
            ChannelFact::MeetsClosedChannel => meets_closed_channel(observations),
            ChannelFact::PollsOnly => polls_only(observations),
            ChannelFact::ShedsWithTrySend => sheds_with_try_send(observations, stdout),
            ChannelFact::ReplyPerAnswer => reply_per_answer(observations, stdout),
            ChannelFact::OneMessagePerChannel => one_message_per_channel(observations),
            ChannelFact::SeveralConsumers => several_consumers(observations),
            ChannelFact::SharedQueue => {
                shared_queue(observations, params.get("workers").copied().unwrap_or(2))
            }
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

/// How many times `site` happened: a receive that found the channel empty
/// is recorded once whatever its count.
fn times(site: &OpSite) -> u64 {
    site.count.unwrap_or(1)
}

fn is_receive_op(op: Op) -> bool {
    !op.is_send()
}

/// `` `main`'s `send` at line 12 `` and the like.
fn site_name(site: &OpSite) -> String {
    format!(
        "`{}`'s `{}` at {}",
        site.thread,
        site.op.as_str(),
        line(site.at)
    )
}

/// The successful sends and receives of each thread on each channel.
fn threads_by_channel(observations: &Observations, send: bool) -> BTreeMap<usize, BTreeSet<&str>> {
    let mut map: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
    for site in &observations.ops {
        if site.result == OpResult::Ok && site.op.is_send() == send {
            map.entry(site.channel)
                .or_default()
                .insert(site.thread.as_str());
        }
    }
    map
}

/// How the learner is told which channel: by the line that made it.
fn channel_at(observations: &Observations, channel: usize) -> String {
    observations
        .channels
        .iter()
        .find(|c| c.channel == channel)
        .map_or_else(|| "a channel".to_string(), channel_name)
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A message that one thread sent and another received: what the kata's
/// channel is for. And no thread receives on a channel it sends on itself
/// (its own messages, which never changed hands).
fn from_another_thread(observations: &Observations) -> Option<String> {
    let senders = threads_by_channel(observations, true);
    let receivers = threads_by_channel(observations, false);
    for (channel, takers) in &receivers {
        let givers = senders.get(channel).cloned().unwrap_or_default();
        if let Some(both) = takers.intersection(&givers).next() {
            let sent = observations
                .ops
                .iter()
                .find(|s| s.channel == *channel && s.thread == *both && s.op.is_send())?;
            let got = observations
                .ops
                .iter()
                .find(|s| s.channel == *channel && s.thread == *both && is_receive_op(s.op))?;
            return Some(format!(
                "{} received what {} had sent itself, on {}: the message never went to \
                 another thread. The value must be made in one thread and received in the \
                 other.",
                capitalize(&site_name(got)),
                site_name(sent),
                channel_at(observations, *channel)
            ));
        }
    }
    let crossed = receivers.iter().any(|(channel, takers)| {
        senders
            .get(channel)
            .is_some_and(|givers| givers.iter().any(|g| !takers.contains(g)))
    });
    if crossed {
        return None;
    }
    Some(match observations.ops.iter().find(|s| s.op.is_send()) {
        Some(sent) => format!(
            "{} sent a message, but no other thread received one: the value must go \
             through the channel, from the thread that has it to the thread that prints \
             it.",
            capitalize(&site_name(sent))
        ),
        None => match observations.channels.first() {
            Some(c) => format!(
                "Nothing was sent on {}, nor on any channel: the value must go through the \
                 channel, from the thread that has it (`tx.send(..)`) to the thread that \
                 prints it (`rx.recv()`).",
                channel_name(c)
            ),
            None => "The program made no channel: the value must go through a channel, \
                     from the thread that has it (`tx.send(..)`) to the thread that prints \
                     it (`rx.recv()`)."
                .to_string(),
        },
    })
}

/// The channel the most producers sent on, and those producers: threads
/// that sent on it and do not receive from it (the consumer is no producer).
fn busiest_by_senders(observations: &Observations) -> Option<(usize, BTreeSet<&str>)> {
    let receivers = threads_by_channel(observations, false);
    threads_by_channel(observations, true)
        .into_iter()
        .map(|(channel, threads)| {
            let consumers = receivers.get(&channel).cloned().unwrap_or_default();
            (channel, &threads - &consumers)
        })
        .max_by_key(|(_, threads)| threads.len())
}

fn own_senders(observations: &Observations, producers: usize) -> Option<String> {
    let Some((channel, threads)) = busiest_by_senders(observations) else {
        return Some(format!(
            "Nothing was sent on any channel, but the kata has {producers} producers, each \
             sending its own messages."
        ));
    };
    if threads.len() >= producers {
        return None;
    }
    let sites: Vec<String> = observations
        .ops
        .iter()
        .filter(|s| s.channel == channel && s.op.is_send() && s.result == OpResult::Ok)
        .map(|s| {
            format!(
                "{}: {}",
                site_name(s),
                plural(times(s), "message", "messages")
            )
        })
        .collect();
    Some(format!(
        "Only {} sent on {}, apart from the one receiving ({}), but the kata has {producers} \
         producers: each producer is a thread of its own, sending its messages on a Sender \
         of its own (`tx.clone()`).",
        plural(threads.len() as u64, "thread", "threads"),
        channel_at(observations, channel),
        sites.join(", ")
    ))
}

fn closes_as_signal(observations: &Observations) -> Option<String> {
    if let Some(sent) = observations
        .ops
        .iter()
        .find(|s| s.op.is_send() && s.result == OpResult::Ok)
    {
        return Some(format!(
            "{} sent a message on {}: the channel is a pure signal. Nothing is sent on \
             it; the worker's Sender is dropped, and that closes it.",
            capitalize(&site_name(sent)),
            channel_at(observations, sent.channel)
        ));
    }
    let closed = observations
        .ops
        .iter()
        .any(|s| is_receive_op(s.op) && s.result == OpResult::Disconnected);
    if closed {
        return None;
    }
    Some(
        match observations.ops.iter().find(|s| is_receive_op(s.op)) {
            Some(waited) => format!(
                "{} never found the channel closed: `main` must learn that the worker is done \
             from the channel, when `recv()` returns `Err`.",
                capitalize(&site_name(waited))
            ),
            None => "`main` never received on the channel: it must learn that the worker is \
                 done from the channel itself, when `recv()` returns `Err` because the \
                 worker's Sender is gone."
                .to_string(),
        },
    )
}

/// The lines whose first words are `words`.
fn lines_starting(stdout: &str, words: &str) -> u64 {
    stdout
        .lines()
        .filter(|l| {
            l.split_whitespace()
                .zip(words.split_whitespace())
                .filter(|(a, b)| a.trim_end_matches(':') == b.trim_end_matches(':'))
                .count()
                == words.split_whitespace().count()
        })
        .count() as u64
}

fn kept_from_failed_sends(observations: &Observations, stdout: &str) -> Option<String> {
    let kept = lines_starting(stdout, "kept for later:");
    let failed: u64 = observations
        .ops
        .iter()
        .filter(|s| s.op.is_send() && s.result == OpResult::Disconnected)
        .map(times)
        .sum();
    if kept <= failed {
        return None;
    }
    let sends: Vec<String> = observations
        .ops
        .iter()
        .filter(|s| s.op.is_send())
        .map(|s| {
            format!(
                "{} {} {}",
                site_name(s),
                match s.result {
                    OpResult::Ok => "succeeded",
                    _ => "failed",
                },
                plural(times(s), "time", "times")
            )
        })
        .collect();
    let sends = if sends.is_empty() {
        "no `send` was called at all".to_string()
    } else {
        sends.join(", ")
    };
    Some(format!(
        "The program printed {} but {} ({sends}): a job is kept for later only \
         when `send` gave it back inside its `Err`. Send every job, and keep the ones the \
         error returns.",
        plural(kept, "`kept for later:` line", "`kept for later:` lines"),
        match failed {
            0 => "no send failed".to_string(),
            n => format!("only {} failed", plural(n, "send", "sends")),
        }
    ))
}

fn meets_closed_channel(observations: &Observations) -> Option<String> {
    let met = observations
        .ops
        .iter()
        .any(|s| s.op.is_send() && s.result == OpResult::Disconnected);
    if met {
        return None;
    }
    let sends: Vec<String> = observations
        .ops
        .iter()
        .filter(|s| s.op.is_send())
        .map(|s| {
            format!(
                "{} sent {}",
                site_name(s),
                plural(times(s), "message", "messages")
            )
        })
        .collect();
    Some(format!(
        "No send ever failed ({}): the producer stopped on its own, not because the \
         receiver was gone. Produce for as long as anyone wants the messages, and stop \
         at the first `Err` from `send`.",
        if sends.is_empty() {
            "nothing was sent".to_string()
        } else {
            sends.join(", ")
        }
    ))
}

fn polls_only(observations: &Observations) -> Option<String> {
    let mains = observations
        .ops
        .iter()
        .filter(|s| s.thread == "main" && is_receive_op(s.op));
    let mut polled = false;
    let mut found_empty = false;
    for site in mains {
        match site.op {
            Op::TryRecv | Op::TryIter => {
                polled = true;
                found_empty |= site.result == OpResult::Empty;
            }
            _ => {
                return Some(format!(
                    "{} on {} waits for a message: `main` must never block here. Take \
                     only what is queued with `try_recv()` or `try_iter()`.",
                    capitalize(&site_name(site)),
                    channel_at(observations, site.channel)
                ));
            }
        }
    }
    if !polled {
        return Some(
            "`main` never called `try_recv()` or `try_iter()`: it must look at the channel \
             without waiting."
                .to_string(),
        );
    }
    if found_empty {
        return None;
    }
    let site = observations
        .ops
        .iter()
        .find(|s| s.thread == "main" && matches!(s.op, Op::TryRecv | Op::TryIter))?;
    Some(format!(
        "{} never found the channel empty: `main` took a number of messages it knew in \
         advance instead of what was queued. Stop when `try_recv()` says `Empty` \
         (`try_iter()` does).",
        capitalize(&site_name(site))
    ))
}

fn sheds_with_try_send(observations: &Observations, stdout: &str) -> Option<String> {
    let count = |result: OpResult| -> u64 {
        observations
            .ops
            .iter()
            .filter(|s| s.op == Op::TrySend && s.result == result)
            .map(times)
            .sum()
    };
    let (accepted, shed) = (count(OpResult::Ok), count(OpResult::Full));
    let (accepted_lines, shed_lines) = (
        lines_starting(stdout, "accepted"),
        lines_starting(stdout, "shed"),
    );
    if accepted_lines <= accepted && shed_lines <= shed {
        return None;
    }
    let others: Vec<String> = observations
        .ops
        .iter()
        .filter(|s| s.op == Op::Send)
        .map(|s| format!("{}: {}", site_name(s), plural(times(s), "time", "times")))
        .collect();
    let others = if others.is_empty() {
        String::new()
    } else {
        format!(
            " The items went through {}, which waits instead.",
            others.join(", ")
        )
    };
    Some(format!(
        "The program printed {} and {}, but `try_send` returned `Ok` {} and \
         `Full` {}: every item is offered with `try_send`, which says at once whether \
         there is room.{others}",
        plural(accepted_lines, "`accepted` line", "`accepted` lines"),
        plural(shed_lines, "`shed` line", "`shed` lines"),
        plural(accepted, "time", "times"),
        plural(shed, "time", "times"),
    ))
}

fn reply_per_answer(observations: &Observations, stdout: &str) -> Option<String> {
    let answers = stdout.lines().filter(|l| !l.trim().is_empty()).count() as u64;
    let senders = threads_by_channel(observations, true);
    // Requests: `main`'s sends on channels another thread receives.
    let receivers = threads_by_channel(observations, false);
    let requests: u64 = observations
        .ops
        .iter()
        .filter(|s| s.thread == "main" && s.op.is_send() && s.result == OpResult::Ok)
        .filter(|s| {
            receivers
                .get(&s.channel)
                .is_some_and(|r| r.iter().any(|t| *t != "main"))
        })
        .map(times)
        .sum();
    // Replies: `main`'s receives on channels only other threads send on.
    let replies: u64 = observations
        .ops
        .iter()
        .filter(|s| s.thread == "main" && is_receive_op(s.op) && s.result == OpResult::Ok)
        .filter(|s| {
            senders
                .get(&s.channel)
                .is_some_and(|g| !g.is_empty() && !g.contains("main"))
        })
        .map(times)
        .sum();
    if requests >= answers && replies >= answers {
        return None;
    }
    Some(format!(
        "`main` printed {} but sent {} to the server and received {} from it: \
         each answer must be asked for with a request and come back on its reply \
         channel, from the server that owns the prices.",
        plural(answers, "answer", "answers"),
        plural(requests, "request", "requests"),
        plural(replies, "reply", "replies")
    ))
}

fn one_message_per_channel(observations: &Observations) -> Option<String> {
    let over = observations.channels.iter().find(|c| c.sends_ok > 1)?;
    let sites: Vec<String> = observations
        .ops
        .iter()
        .filter(|s| s.channel == over.channel && s.op.is_send() && s.result == OpResult::Ok)
        .map(|s| format!("{}: {}", site_name(s), plural(times(s), "time", "times")))
        .collect();
    Some(format!(
        "{} carried {} ({}): a one-shot channel carries exactly one. Its `send` takes \
         `self`, so a second message does not compile; put both numbers in one message.",
        capitalize(&channel_name(over)),
        plural(over.sends_ok, "message", "messages"),
        sites.join(", ")
    ))
}

/// Threads that receive and never send: the ones that take the work.
fn consumers(observations: &Observations) -> BTreeSet<&str> {
    let sending: BTreeSet<&str> = observations
        .ops
        .iter()
        .filter(|s| s.op.is_send() && s.result == OpResult::Ok)
        .map(|s| s.thread.as_str())
        .collect();
    observations
        .ops
        .iter()
        .filter(|s| is_receive_op(s.op) && !sending.contains(s.thread.as_str()))
        .map(|s| s.thread.as_str())
        .collect()
}

fn several_consumers(observations: &Observations) -> Option<String> {
    let takers = consumers(observations);
    if takers.len() >= 2 {
        return None;
    }
    Some(match takers.first() {
        Some(one) => {
            let site = observations
                .ops
                .iter()
                .find(|s| s.thread == *one && is_receive_op(s.op))?;
            format!(
                "Only one worker took jobs ({}): two workers share the work, each \
                 receiving from a channel (its own, fed by a dispatcher, or one shared \
                 behind a `Mutex`).",
                site_name(site)
            )
        }
        None => "No worker received any job: two workers share the work, each \
                 receiving from a channel."
            .to_string(),
    })
}

fn shared_queue(observations: &Observations, workers: usize) -> Option<String> {
    // `main` hands the jobs out and collects the results: it is no worker.
    let mut takers: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
    for site in observations
        .ops
        .iter()
        .filter(|s| is_receive_op(s.op) && s.thread != "main")
    {
        takers
            .entry(site.channel)
            .or_default()
            .insert(site.thread.as_str());
    }
    let most = takers
        .iter()
        .max_by_key(|(channel, threads)| (threads.len(), std::cmp::Reverse(**channel)));
    let Some((&channel, threads)) = most else {
        return Some(format!(
            "No worker received a job, but the pool has {workers} workers: every worker \
             takes its jobs from the one shared queue."
        ));
    };
    if threads.len() >= workers {
        return None;
    }
    let sites: Vec<String> = observations
        .ops
        .iter()
        .filter(|s| s.channel == channel && is_receive_op(s.op) && s.thread != "main")
        .map(site_name)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    Some(format!(
        "Only {} received from {} ({}), but the pool has {workers} workers: every \
         worker takes its jobs from the one shared queue (`Arc<Mutex<Receiver>>`).",
        plural(threads.len() as u64, "worker", "workers"),
        channel_at(observations, channel),
        sites.join(", ")
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
    use explore_protocol::{OpSite, RecvEnd, SendFailure};

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

    fn op(channel: usize, thread: &str, at: u32, op: Op, result: OpResult, n: u64) -> OpSite {
        OpSite {
            channel,
            thread: thread.into(),
            at: Some(at),
            op,
            result,
            count: (result != OpResult::Empty).then_some(n),
        }
    }

    #[test]
    fn a_message_must_change_threads() {
        let mut seen = Observations::default();
        seen.channels.push(channel(None, 1, 1, None));
        seen.ops.push(op(0, "main", 14, Op::Send, OpResult::Ok, 1));
        seen.ops.push(op(0, "main", 15, Op::Recv, OpResult::Ok, 1));
        let said = from_another_thread(&seen).unwrap();
        assert!(
            said.starts_with("`main`'s `recv` at line 15 received what `main`'s `send` at line 14"),
            "{said}"
        );
        seen.ops[0].thread = "thread 1".into();
        assert_eq!(from_another_thread(&seen), None);
        seen.ops.pop();
        let said = from_another_thread(&seen).unwrap();
        assert!(said.contains("no other thread received"), "{said}");
    }

    #[test]
    fn the_consumer_is_no_producer() {
        let mut seen = Observations::default();
        seen.channels.push(channel(None, 6, 6, None));
        seen.ops
            .push(op(0, "thread 1", 14, Op::Send, OpResult::Ok, 3));
        seen.ops.push(op(0, "main", 19, Op::Send, OpResult::Ok, 3));
        seen.ops.push(op(0, "main", 22, Op::Iter, OpResult::Ok, 6));
        let said = own_senders(&seen, 2).unwrap();
        assert!(
            said.starts_with("Only 1 thread sent on the channel() made at line 12"),
            "{said}"
        );
        seen.ops[1].thread = "thread 2".into();
        assert_eq!(own_senders(&seen, 2), None);
        assert!(own_senders(&seen, 3).is_some());
    }

    #[test]
    fn polling_must_find_the_queue_empty_and_never_wait() {
        let mut seen = Observations::default();
        seen.ops
            .push(op(0, "main", 21, Op::TryRecv, OpResult::Ok, 6));
        let said = polls_only(&seen).unwrap();
        assert!(said.contains("never found the channel empty"), "{said}");
        seen.ops
            .push(op(0, "main", 21, Op::TryRecv, OpResult::Empty, 1));
        assert_eq!(polls_only(&seen), None);
        // Another thread may wait: only `main` polls.
        seen.ops
            .push(op(1, "thread 1", 9, Op::Recv, OpResult::Ok, 1));
        assert_eq!(polls_only(&seen), None);
        seen.ops.push(op(0, "main", 30, Op::Iter, OpResult::Ok, 3));
        let said = polls_only(&seen).unwrap();
        assert!(said.starts_with("`main`'s `iter` at line 30"), "{said}");
    }

    #[test]
    fn a_kept_job_is_a_failed_send() {
        let kept = "kept for later: invoice.pdf\nkept for later: letter.txt\n";
        let mut seen = Observations::default();
        seen.ops.push(op(0, "main", 42, Op::Send, OpResult::Ok, 1));
        let said = kept_from_failed_sends(&seen, kept).unwrap();
        assert!(said.contains("no send failed"), "{said}");
        seen.ops
            .push(op(0, "main", 48, Op::Send, OpResult::Disconnected, 2));
        assert_eq!(kept_from_failed_sends(&seen, kept), None);
    }

    #[test]
    fn a_pool_shares_one_queue_and_main_is_no_worker() {
        let mut seen = Observations::default();
        seen.channels.push(channel(None, 8, 8, None));
        seen.channels.push(channel(None, 8, 8, None));
        seen.ops
            .push(op(0, "thread 1", 17, Op::Iter, OpResult::Ok, 8));
        seen.ops.push(op(1, "main", 30, Op::Iter, OpResult::Ok, 8));
        let said = shared_queue(&seen, 2).unwrap();
        assert!(said.contains("`thread 1`'s `iter` at line 17"), "{said}");
        // The other worker met only the closed channel: it still took part.
        seen.ops
            .push(op(0, "thread 2", 17, Op::Iter, OpResult::Disconnected, 1));
        assert_eq!(shared_queue(&seen, 2), None);
    }
}
