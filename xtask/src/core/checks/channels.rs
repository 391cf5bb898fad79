//! Facts observed on the channels themselves, not on what a program prints.
//!
//! Under the explorer every channel operation, lock and spawn of a schedule
//! is recorded and summarised (`explore_protocol::Observations`); so is each
//! real run of a program compiled against the recording `std`
//! (`xtask/record`), in the same shape. A kata names in its catalog entry
//! which of these facts make its point (`ChannelFact`); each one is judged
//! on every schedule tried, or on every recorded real run, beside the
//! printed facts. Like those, each is derived from what a channel guarantees
//! and what a correct program does on every interleaving, never from timing:
//!
//! - `ReceiptsBacked`: a message printed as received was received. A correct
//!   program receives at least once per `recv` line it prints, on any schedule.
//! - `WithinBound`: a channel that carries messages holds at most the kata's
//!   bound. A `sync_channel(k)` buffer never holds more than `k`, so a
//!   capacity above the bound (or an unbounded channel) is the only way over.
//! - `EndsOnDisconnect`: the receiving loop ended because the channel said
//!   every Sender was gone: `recv`, `for`, `try_recv` or `recv_timeout`
//!   returned `Disconnected`. That is the only way such a loop ends in a
//!   correct program, on every schedule, however it waits between messages.
//! - `EachEndsOnDisconnect`: the same for every channel that carried
//!   messages, not just one: each stage of a chain receives until its own
//!   input closes.
//! - `NoWorkUnderLock`: a thread holding a lock does nothing but the receive
//!   it took the lock for. Held or not is a property of the code path, the
//!   same on every schedule.
//! - `StopsWhenClosed`: a send that failed because the receiver is gone is
//!   the thread's last on that channel, and no thread panics.
//! - `FromAnotherThread`, `OwnSenders`, `ClosesAsSignal`,
//!   `KeptFromFailedSends`, `MeetsClosedChannel`, `PollsOnly`,
//!   `ShedsWithTrySend`, `ReplyPerAnswer`, `OneMessagePerChannel`,
//!   `SeveralConsumers`, `SharedQueue`, `ProducerPanics`, `StagesApart`,
//!   `CountsUnderLock`, `Selects`, `TimeoutMeansWait`: which thread did which
//!   operation (or took which lock) on
//!   which channel, and what it returned (`Observations::ops`). Which thread
//!   runs a line of code, and how many times, is the program's own choice,
//!   the same on every schedule; each is derived for its katas in
//!   checks/README.md.

use std::collections::{BTreeMap, BTreeSet};

use explore_protocol::{
    Action, ChannelSummary, HeldWhile, LockSite, Observations, Op, OpResult, OpSite, RecvEnd,
};

use super::{ChannelAt, Params, Problem, Roomy};
use crate::core::catalog::{ChannelFact, Kata};

/// The problems of one schedule's observations for `kata`'s channel facts,
/// run with `params`; `stdout` is what the schedule printed. Empty when every
/// fact holds.
pub fn problems(
    kata: &Kata,
    params: &Params,
    observations: &Observations,
    stdout: &str,
) -> Vec<Problem> {
    kata.channels
        .iter()
        .filter_map(|fact| match fact {
            ChannelFact::ReceiptsBacked => receipts_backed(observations, stdout),
            ChannelFact::WithinBound => within_bound(observations, kata.bound.unwrap_or(0)),
            ChannelFact::EndsOnDisconnect => ends_on_disconnect(observations),
            ChannelFact::EachEndsOnDisconnect => each_ends_on_disconnect(observations),
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
            ChannelFact::ProducerPanics => producer_panics(observations),
            ChannelFact::SeveralConsumers => several_consumers(observations),
            ChannelFact::SharedQueue => shared_queue(observations, workers(kata, params)),
            ChannelFact::QueuedReceived => queued_received(observations, stdout),
            ChannelFact::StagesApart => stages_apart(observations),
            ChannelFact::CountsUnderLock => counts_under_lock(observations, workers(kata, params)),
            ChannelFact::Selects => selects(observations),
            ChannelFact::TimeoutMeansWait => timeout_means_wait(observations),
        })
        .collect()
}

/// How many workers the kata has: its `workers` parameter, or its catalog's.
fn workers(kata: &Kata, params: &Params) -> usize {
    params.get("workers").copied().or(kata.workers).unwrap_or(2)
}

/// A channel as the learner is told of it: by the line that made it.
fn made(c: &ChannelSummary) -> ChannelAt {
    ChannelAt {
        capacity: c.capacity,
        made_at: c.made_at,
    }
}

/// The channel numbered `channel`, if the summary has it.
fn channel_at(observations: &Observations, channel: usize) -> Option<ChannelAt> {
    observations
        .channels
        .iter()
        .find(|c| c.channel == channel)
        .map(made)
}

fn receipts_backed(observations: &Observations, stdout: &str) -> Option<Problem> {
    let printed = stdout.lines().filter(|l| super::is_recv_line(l)).count() as u64;
    let received: u64 = observations.channels.iter().map(|c| c.receives_ok).sum();
    (printed > received).then_some(Problem::UnbackedReceipts {
        printed,
        received,
        channels: observations.channels.len(),
    })
}

fn within_bound(observations: &Observations, bound: usize) -> Option<Problem> {
    let carrying = observations.channels.iter().filter(|c| c.sends_ok > 0);
    let over: Vec<Roomy> = carrying
        .filter(|c| c.capacity.is_none_or(|k| k > bound))
        .map(|c| Roomy {
            capacity: c.capacity,
            made_at: c.made_at,
            held: c.max_fill.filter(|&fill| fill > bound),
        })
        .collect();
    (!over.is_empty()).then_some(Problem::OverBound {
        channels: over,
        bound,
    })
}

/// A receive that can end a loop on disconnection: `try_iter` cannot, as it
/// ends on an empty channel too.
fn ends_loop(end: &RecvEnd) -> bool {
    end.result == OpResult::Disconnected
        && matches!(
            end.op,
            Op::Iter | Op::Recv | Op::TryRecv | Op::RecvTimeout | Op::SelectRecv
        )
}

fn ends_on_disconnect(observations: &Observations) -> Option<Problem> {
    let ended = observations.recv_ends.iter().any(ends_loop);
    (!ended).then_some(Problem::NoEndOnDisconnect)
}

fn each_ends_on_disconnect(observations: &Observations) -> Option<Problem> {
    let open = observations.channels.iter().find(|c| {
        c.sends_ok > 0
            && !observations
                .recv_ends
                .iter()
                .any(|end| end.channel == c.channel && ends_loop(end))
    })?;
    let ended = observations.recv_ends.iter().find(|end| ends_loop(end));
    Some(Problem::StageNeverClosed {
        channel: made(open),
        ended_elsewhere: ended.map(|end| (end.thread.clone(), end.at)),
        selected: !observations.selects.is_empty(),
    })
}

/// Taking the job out of a shared queue is what a worker holds the lock for.
fn is_receive(action: Action) -> bool {
    matches!(
        action,
        Action::Channel(Op::Recv | Op::TryRecv | Op::Iter | Op::TryIter | Op::RecvTimeout)
    )
}

fn no_work_under_lock(observations: &Observations) -> Option<Problem> {
    let first: &HeldWhile = observations.held.iter().find(|h| !is_receive(h.action))?;
    Some(Problem::WorkUnderLock {
        thread: first.thread.clone(),
        lock_made_at: first.lock_made_at,
        acquired_at: first.acquired_at,
        action: first.action,
        at: first.at,
    })
}

fn stops_when_closed(observations: &Observations) -> Option<Problem> {
    if let Some(thread) = observations.panicked.first() {
        let failed = observations
            .send_failures
            .iter()
            .find(|f| &f.thread == thread && f.error == OpResult::Disconnected);
        return Some(Problem::ThreadPanicked {
            thread: thread.clone(),
            failed_send: failed.map(|f| (f.op, f.at)),
        });
    }
    let going_on = observations
        .send_failures
        .iter()
        .find(|f| f.error == OpResult::Disconnected && f.kept_sending)?;
    Some(Problem::KeptSending {
        thread: going_on.thread.clone(),
        op: going_on.op,
        at: going_on.at,
    })
}

/// How many times `site` happened: a receive that found the channel empty
/// is recorded once whatever its count.
fn times(site: &OpSite) -> u64 {
    site.count.unwrap_or(1)
}

fn is_receive_op(op: Op) -> bool {
    !op.is_send()
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

/// A message that one thread sent and another received: what the kata's
/// channel is for. And no thread receives on a channel it sends on itself
/// (its own messages, which never changed hands).
fn from_another_thread(observations: &Observations) -> Option<Problem> {
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
            return Some(Problem::OwnMessages {
                got: got.clone(),
                sent: sent.clone(),
                channel: channel_at(observations, *channel),
            });
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
        Some(sent) => Problem::NeverChangedThreads { sent: sent.clone() },
        None => Problem::NothingSent {
            channel: observations.channels.first().map(made),
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

fn own_senders(observations: &Observations, producers: usize) -> Option<Problem> {
    let Some((channel, threads)) = busiest_by_senders(observations) else {
        return Some(Problem::NoProducerSent { producers });
    };
    if threads.len() >= producers {
        return None;
    }
    let sends = observations
        .ops
        .iter()
        .filter(|s| s.channel == channel && s.op.is_send() && s.result == OpResult::Ok)
        .cloned()
        .collect();
    Some(Problem::TooFewProducers {
        senders: threads.len(),
        producers,
        channel: channel_at(observations, channel),
        sends,
    })
}

fn closes_as_signal(observations: &Observations) -> Option<Problem> {
    if let Some(sent) = observations
        .ops
        .iter()
        .find(|s| s.op.is_send() && s.result == OpResult::Ok)
    {
        return Some(Problem::SentOnSignal {
            sent: sent.clone(),
            channel: channel_at(observations, sent.channel),
        });
    }
    let closed = observations
        .ops
        .iter()
        .any(|s| is_receive_op(s.op) && s.result == OpResult::Disconnected);
    if closed {
        return None;
    }
    Some(Problem::NeverSawClosed {
        waited: observations
            .ops
            .iter()
            .find(|s| is_receive_op(s.op))
            .cloned(),
    })
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

/// Every send of the schedule.
fn sends(observations: &Observations) -> Vec<OpSite> {
    observations
        .ops
        .iter()
        .filter(|s| s.op.is_send())
        .cloned()
        .collect()
}

fn kept_from_failed_sends(observations: &Observations, stdout: &str) -> Option<Problem> {
    let kept = lines_starting(stdout, "kept for later:");
    let failed: u64 = observations
        .ops
        .iter()
        .filter(|s| s.op.is_send() && s.result == OpResult::Disconnected)
        .map(times)
        .sum();
    (kept > failed).then(|| Problem::KeptWithoutFailure {
        kept,
        failed,
        sends: sends(observations),
    })
}

fn queued_received(observations: &Observations, stdout: &str) -> Option<Problem> {
    let queued = lines_starting(stdout, "queued:");
    let received: u64 = observations
        .ops
        .iter()
        .filter(|s| is_receive_op(s.op) && s.result == OpResult::Ok && s.thread != "main")
        .map(times)
        .sum();
    (queued > received).then(|| Problem::QueuedNotReceived {
        queued,
        received,
        sends: sends(observations),
    })
}

fn meets_closed_channel(observations: &Observations) -> Option<Problem> {
    let met = observations
        .ops
        .iter()
        .any(|s| s.op.is_send() && s.result == OpResult::Disconnected);
    (!met).then(|| Problem::NoSendFailed {
        sends: sends(observations),
    })
}

fn polls_only(observations: &Observations) -> Option<Problem> {
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
                return Some(Problem::WaitsWhilePolling {
                    site: site.clone(),
                    channel: channel_at(observations, site.channel),
                });
            }
        }
    }
    if !polled {
        return Some(Problem::NeverPolled);
    }
    if found_empty {
        return None;
    }
    let site = observations
        .ops
        .iter()
        .find(|s| s.thread == "main" && matches!(s.op, Op::TryRecv | Op::TryIter))?;
    Some(Problem::NeverFoundEmpty { site: site.clone() })
}

fn sheds_with_try_send(observations: &Observations, stdout: &str) -> Option<Problem> {
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
    Some(Problem::NotShed {
        accepted_lines,
        shed_lines,
        accepted,
        shed,
        offers: sends(observations),
    })
}

fn reply_per_answer(observations: &Observations, stdout: &str) -> Option<Problem> {
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
    Some(Problem::UnaskedAnswers {
        answers,
        requests,
        replies,
    })
}

fn one_message_per_channel(observations: &Observations) -> Option<Problem> {
    let over = observations.channels.iter().find(|c| c.sends_ok > 1)?;
    Some(Problem::OneShotReused {
        channel: made(over),
        messages: over.sends_ok,
        sends: observations
            .ops
            .iter()
            .filter(|s| s.channel == over.channel && s.op.is_send() && s.result == OpResult::Ok)
            .cloned()
            .collect(),
    })
}

fn producer_panics(observations: &Observations) -> Option<Problem> {
    if !observations.panicked.is_empty() {
        return None;
    }
    Some(Problem::NoPanic {
        sends: observations
            .ops
            .iter()
            .filter(|s| s.op.is_send() && s.result == OpResult::Ok)
            .cloned()
            .collect(),
    })
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

fn several_consumers(observations: &Observations) -> Option<Problem> {
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
            Problem::OneConsumer { site: site.clone() }
        }
        None => Problem::NoConsumer,
    })
}

fn shared_queue(observations: &Observations, workers: usize) -> Option<Problem> {
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
        return Some(Problem::NoWorkerReceived { workers });
    };
    if threads.len() >= workers {
        return None;
    }
    Some(Problem::TooFewWorkers {
        takers: threads.len(),
        queues: takers.len(),
        workers,
        channel: channel_at(observations, channel),
        receives: observations
            .ops
            .iter()
            .filter(|s| s.channel == channel && is_receive_op(s.op) && s.thread != "main")
            .cloned()
            .collect(),
    })
}

/// `Timeout` means wait again, `Disconnected` means stop: every thread that
/// waited with `recv_timeout` on a channel stopped receiving there only once
/// it returned `Disconnected`, and one did.
fn timeout_means_wait(observations: &Observations) -> Option<Problem> {
    let waits = &observations.timed_waits;
    if let Some(w) = waits
        .iter()
        .find(|w| w.last_op == Op::RecvTimeout && w.last_result == OpResult::Timeout)
    {
        return Some(Problem::EndedOnTimeout {
            thread: w.thread.clone(),
            at: w.last_at,
            channel: channel_at(observations, w.channel),
        });
    }
    if let Some((w, (op, at))) = waits
        .iter()
        .find_map(|w| w.after_closed.map(|after| (w, after)))
    {
        return Some(Problem::ReceivedAfterClosed {
            thread: w.thread.clone(),
            op,
            at,
            channel: channel_at(observations, w.channel),
        });
    }
    let ended = waits
        .iter()
        .any(|w| w.last_op == Op::RecvTimeout && w.last_result == OpResult::Disconnected);
    if ended {
        return None;
    }
    // The loop that should have ended: on the channel that carried the most.
    let carried = |channel: usize| {
        observations
            .channels
            .iter()
            .find(|c| c.channel == channel)
            .map_or(0, |c| c.receives_ok)
    };
    let busiest = waits
        .iter()
        .max_by_key(|w| (carried(w.channel), std::cmp::Reverse(w.channel)));
    Some(Problem::NoTimedEnd {
        last: busiest.map(|w| {
            let site = OpSite {
                channel: w.channel,
                thread: w.thread.clone(),
                at: w.last_at,
                op: w.last_op,
                result: w.last_result,
                count: None,
            };
            (site, channel_at(observations, w.channel))
        }),
        receives: observations
            .ops
            .iter()
            .filter(|s| is_receive_op(s.op))
            .cloned()
            .collect(),
    })
}

/// Three stages in threads of their own hand each item over twice: from the
/// first stage's thread to the second's, and from there to the third's.
fn stages_apart(observations: &Observations) -> Option<Problem> {
    let carrying: Vec<ChannelAt> = observations
        .channels
        .iter()
        .filter(|c| c.sends_ok > 0)
        .map(made)
        .collect();
    (carrying.len() < 2).then_some(Problem::TooFewLinks {
        carrying,
        made: observations.channels.len(),
    })
}

fn counts_under_lock(observations: &Observations, workers: usize) -> Option<Problem> {
    let sends: Vec<OpSite> = observations
        .ops
        .iter()
        .filter(|s| s.op.is_send() && s.result == OpResult::Ok)
        .cloned()
        .collect();
    if !sends.is_empty() {
        return Some(Problem::CountSent { sends });
    }
    // `main` reads the total once the workers are joined: it is no worker.
    let mut lockers: BTreeMap<usize, Vec<&LockSite>> = BTreeMap::new();
    for site in observations.locks.iter().filter(|l| l.thread != "main") {
        lockers.entry(site.lock).or_default().push(site);
    }
    let threads = |sites: &Vec<&LockSite>| {
        sites
            .iter()
            .map(|s| s.thread.as_str())
            .collect::<BTreeSet<_>>()
            .len()
    };
    let most = lockers
        .values()
        .max_by_key(|sites| (threads(sites), std::cmp::Reverse(sites[0].lock)));
    match most {
        Some(sites) if threads(sites) >= workers => None,
        Some(sites) => Some(Problem::TooFewLockers {
            lockers: threads(sites),
            workers,
            sites: sites.iter().map(|s| (*s).clone()).collect(),
        }),
        None => Some(Problem::NoWorkerLocked {
            workers,
            main_locked: observations.locks.iter().any(|l| l.thread == "main"),
        }),
    }
}

/// Every message received came through a `select!` arm, and some `select!`
/// waited on every channel that carried messages at once.
fn selects(observations: &Observations) -> Option<Problem> {
    if let Some(outside) = observations
        .ops
        .iter()
        .find(|s| is_receive_op(s.op) && s.op != Op::SelectRecv && s.result == OpResult::Ok)
    {
        return Some(Problem::ReceivedOutsideSelect {
            site: outside.clone(),
            channel: channel_at(observations, outside.channel),
        });
    }
    let carrying: Vec<&ChannelSummary> = observations
        .channels
        .iter()
        .filter(|c| c.sends_ok > 0)
        .collect();
    let over_all = observations
        .selects
        .iter()
        .any(|s| carrying.iter().all(|c| s.channels.contains(&c.channel)));
    if over_all {
        return None;
    }
    let widest = observations
        .selects
        .iter()
        .max_by_key(|s| s.channels.len())
        .map(|s| {
            let waited = s
                .channels
                .iter()
                .filter_map(|&c| channel_at(observations, c))
                .collect();
            (s.thread.clone(), s.at, waited)
        });
    Some(Problem::NoSelectOverAll {
        channels: carrying.into_iter().map(made).collect(),
        widest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use explore_protocol::{SendFailure, TimedWait};

    /// The problem found, in the words the learner reads.
    fn words(found: Option<Problem>) -> String {
        crate::render::problem::problem(&found.expect("a problem"))
    }

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
        let said = words(receipts_backed(&seen, &lines(3)));
        assert!(said.contains("made no channel at all"), "{said}");
        seen.channels.push(channel(None, 3, 2, None));
        let said = words(receipts_backed(&seen, &lines(3)));
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
        let said = words(within_bound(&seen, 2));
        assert!(
            said.starts_with("The sync_channel(5) made at line 12 (it held 4 messages at once)"),
            "{said}"
        );
        seen.channels[0] = channel(None, 5, 5, None);
        let said = words(within_bound(&seen, 0));
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
    fn a_polling_loop_ends_on_disconnection_too() {
        for op in [Op::TryRecv, Op::RecvTimeout] {
            let mut seen = Observations::default();
            seen.recv_ends.push(RecvEnd {
                channel: 0,
                thread: "main".into(),
                at: Some(30),
                op,
                result: OpResult::Disconnected,
            });
            assert_eq!(ends_on_disconnect(&seen), None, "{op:?}");
        }
        // `try_iter` ends on an empty channel as well: it says nothing.
        let mut seen = Observations::default();
        seen.recv_ends.push(RecvEnd {
            channel: 0,
            thread: "main".into(),
            at: Some(30),
            op: Op::TryIter,
            result: OpResult::Disconnected,
        });
        assert!(ends_on_disconnect(&seen).is_some());
    }

    #[test]
    fn every_stage_must_end_on_its_own_input() {
        let end = |channel, thread: &str, at| RecvEnd {
            channel,
            thread: thread.into(),
            at: Some(at),
            op: Op::Iter,
            result: OpResult::Disconnected,
        };
        let mut seen = Observations::default();
        seen.channels.push(channel(None, 5, 5, None));
        seen.channels.push(ChannelSummary {
            channel: 1,
            made_at: Some(16),
            ..channel(None, 5, 5, None)
        });
        seen.recv_ends.push(end(1, "main", 34));
        let said = words(each_ends_on_disconnect(&seen));
        assert!(
            said.starts_with("Nothing received from the channel() made at line 12 until it closed"),
            "{said}"
        );
        assert!(said.contains("`main` at line 34 did end"), "{said}");
        seen.recv_ends.push(end(0, "thread 2", 26));
        assert_eq!(each_ends_on_disconnect(&seen), None);
        // A channel nothing went through needs no loop.
        seen.recv_ends.remove(1);
        seen.channels[0].sends_ok = 0;
        assert_eq!(each_ends_on_disconnect(&seen), None);
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
        let said = words(no_work_under_lock(&seen));
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
        assert!(words(stops_when_closed(&seen)).contains("went on sending"));
        seen.send_failures[0] = failure(false);
        seen.panicked.push("producer 1".into());
        let said = words(stops_when_closed(&seen));
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
        let said = words(from_another_thread(&seen));
        assert!(
            said.starts_with("`main`'s `recv` at line 15 received what `main`'s `send` at line 14"),
            "{said}"
        );
        seen.ops[0].thread = "thread 1".into();
        assert_eq!(from_another_thread(&seen), None);
        seen.ops.pop();
        let said = words(from_another_thread(&seen));
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
        let said = words(own_senders(&seen, 2));
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
        let said = words(polls_only(&seen));
        assert!(said.contains("never found the channel empty"), "{said}");
        seen.ops
            .push(op(0, "main", 21, Op::TryRecv, OpResult::Empty, 1));
        assert_eq!(polls_only(&seen), None);
        // Another thread may wait: only `main` polls.
        seen.ops
            .push(op(1, "thread 1", 9, Op::Recv, OpResult::Ok, 1));
        assert_eq!(polls_only(&seen), None);
        seen.ops.push(op(0, "main", 30, Op::Iter, OpResult::Ok, 3));
        let said = words(polls_only(&seen));
        assert!(said.starts_with("`main`'s `iter` at line 30"), "{said}");
    }

    #[test]
    fn a_kept_job_is_a_failed_send() {
        let kept = "kept for later: invoice.pdf\nkept for later: letter.txt\n";
        let mut seen = Observations::default();
        seen.ops.push(op(0, "main", 42, Op::Send, OpResult::Ok, 1));
        let said = words(kept_from_failed_sends(&seen, kept));
        assert!(said.contains("no send failed"), "{said}");
        seen.ops
            .push(op(0, "main", 48, Op::Send, OpResult::Disconnected, 2));
        assert_eq!(kept_from_failed_sends(&seen, kept), None);
    }

    #[test]
    fn every_message_comes_through_a_select_over_every_channel() {
        use explore_protocol::SelectSite;
        let mut seen = Observations::default();
        seen.channels.push(channel(None, 5, 5, None));
        seen.channels.push(ChannelSummary {
            channel: 1,
            made_at: Some(13),
            ..channel(None, 5, 5, None)
        });
        // Draining one channel, then the other.
        seen.ops.push(op(0, "main", 28, Op::Iter, OpResult::Ok, 5));
        let said = words(selects(&seen));
        assert!(
            said.starts_with(
                "`main`'s `iter` at line 28 took a message from the channel made at line 12 \
                 outside a `select!`"
            ),
            "{said}"
        );
        // A one-arm `select!` per channel.
        seen.ops.clear();
        seen.ops
            .push(op(0, "main", 30, Op::SelectRecv, OpResult::Ok, 5));
        seen.ops
            .push(op(1, "main", 30, Op::SelectRecv, OpResult::Ok, 5));
        let site = |channels: Vec<usize>| SelectSite {
            thread: "main".into(),
            at: Some(30),
            channels,
        };
        seen.selects = vec![site(vec![0]), site(vec![1])];
        let said = words(selects(&seen));
        assert!(
            said.starts_with(
                "No `select!` waited on the channel made at line 12 and the channel made at \
                 line 13 at once: the `select!` of `main` at line 30 waited only on the channel \
                 made at line 13"
            ),
            "{said}"
        );
        // One over both, then over the one left open.
        seen.selects = vec![site(vec![0, 1]), site(vec![1])];
        assert_eq!(selects(&seen), None);
        // A channel's close, seen by its arm, ends its part of the loop.
        assert!(each_ends_on_disconnect(&seen).is_some());
        for channel in [0, 1] {
            seen.recv_ends.push(RecvEnd {
                channel,
                thread: "main".into(),
                at: Some(30),
                op: Op::SelectRecv,
                result: OpResult::Disconnected,
            });
        }
        assert_eq!(each_ends_on_disconnect(&seen), None);
    }

    #[test]
    fn a_pool_shares_one_queue_and_main_is_no_worker() {
        let mut seen = Observations::default();
        seen.channels.push(channel(None, 8, 8, None));
        seen.channels.push(channel(None, 8, 8, None));
        seen.ops
            .push(op(0, "thread 1", 17, Op::Iter, OpResult::Ok, 8));
        seen.ops.push(op(1, "main", 30, Op::Iter, OpResult::Ok, 8));
        let said = words(shared_queue(&seen, 2));
        assert!(said.contains("`thread 1`'s `iter` at line 17"), "{said}");
        // The other worker met only the closed channel: it still took part.
        seen.ops
            .push(op(0, "thread 2", 17, Op::Iter, OpResult::Disconnected, 1));
        assert_eq!(shared_queue(&seen, 2), None);
    }

    #[test]
    fn a_pipeline_of_three_stages_uses_two_links() {
        let mut seen = Observations::default();
        seen.channels.push(channel(None, 5, 5, None));
        seen.channels.push(ChannelSummary {
            channel: 1,
            made_at: Some(13),
            ..channel(None, 0, 0, None)
        });
        let said = words(stages_apart(&seen));
        assert!(
            said.starts_with(
                "Only the channel() made at line 12 carried messages (the program made 2 channels)"
            ),
            "{said}"
        );
        seen.channels[1].sends_ok = 5;
        assert_eq!(stages_apart(&seen), None);
    }

    fn lock(thread: &str, at: u32) -> LockSite {
        LockSite {
            lock: 0,
            lock_made_at: Some(11),
            thread: thread.into(),
            at: Some(at),
        }
    }

    #[test]
    fn a_shared_count_is_locked_by_every_worker_and_never_sent() {
        let mut seen = Observations::default();
        let said = words(counts_under_lock(&seen, 2));
        assert!(said.starts_with("No worker took a lock, but"), "{said}");
        seen.locks.push(lock("main", 25));
        let said = words(counts_under_lock(&seen, 2));
        assert!(
            said.starts_with("No worker took a lock (only `main` did)"),
            "{said}"
        );
        seen.locks.push(lock("thread 1", 17));
        let said = words(counts_under_lock(&seen, 2));
        assert!(
            said.starts_with("Only 1 worker took the lock made at line 11 (`thread 1` at line 17)"),
            "{said}"
        );
        seen.locks.push(lock("thread 2", 17));
        assert_eq!(counts_under_lock(&seen, 2), None);
        seen.ops
            .push(op(0, "thread 2", 20, Op::Send, OpResult::Ok, 25));
        let said = words(counts_under_lock(&seen, 2));
        assert!(
            said.starts_with(
                "The count still travels in messages (`thread 2`'s `send` at line 20: 25 messages)"
            ),
            "{said}"
        );
    }

    #[test]
    fn every_accepted_and_shed_line_is_a_try_send() {
        let lines = "accepted 0\naccepted 1\nshed 2\nshed 3\nrecv 0\nrecv 1\n";
        let mut seen = Observations::default();
        seen.ops
            .push(op(0, "thread 1", 21, Op::TrySend, OpResult::Ok, 2));
        seen.ops
            .push(op(0, "thread 1", 21, Op::TrySend, OpResult::Full, 1));
        let said = words(sheds_with_try_send(&seen, lines));
        assert!(
            said.contains("`thread 1`'s `try_send` at line 21 returned `Full` 1 time"),
            "{said}"
        );
        seen.ops[1].count = Some(2);
        assert_eq!(sheds_with_try_send(&seen, lines), None);
        // Counting the room and sending with `send` is no shedding.
        let mut counted = Observations::default();
        counted
            .ops
            .push(op(0, "thread 1", 18, Op::Send, OpResult::Ok, 2));
        let said = words(sheds_with_try_send(&counted, lines));
        assert!(
            said.contains("`thread 1`'s `send` at line 18 returned `Ok` 2 times"),
            "{said}"
        );
    }

    fn timed(
        last_op: Op,
        last_result: OpResult,
        after_closed: Option<(Op, Option<u32>)>,
    ) -> TimedWait {
        TimedWait {
            channel: 0,
            thread: "main".into(),
            last_op,
            last_at: Some(33),
            last_result,
            after_closed,
        }
    }

    #[test]
    fn a_timeout_means_wait_and_disconnected_means_stop() {
        let mut seen = Observations::default();
        seen.channels.push(channel(None, 3, 3, None));
        seen.timed_waits
            .push(timed(Op::RecvTimeout, OpResult::Disconnected, None));
        assert_eq!(timeout_means_wait(&seen), None);
        // A loop that ended right after a time-out took it for the end.
        seen.timed_waits[0] = timed(Op::RecvTimeout, OpResult::Timeout, None);
        let said = words(timeout_means_wait(&seen));
        assert!(
            said.starts_with(
                "`main` stopped receiving from the channel() made at line 12 right after its \
                 `recv_timeout` at line 33 returned `Timeout`"
            ),
            "{said}"
        );
        // One that went on after `Disconnected` did not take it for the end.
        seen.timed_waits[0] = timed(
            Op::RecvTimeout,
            OpResult::Disconnected,
            Some((Op::RecvTimeout, Some(33))),
        );
        let said = words(timeout_means_wait(&seen));
        assert!(
            said.starts_with("`main` called `recv_timeout` at line 33"),
            "{said}"
        );
        // One that counted the messages stopped on a message.
        seen.timed_waits[0] = timed(Op::RecvTimeout, OpResult::Ok, None);
        let said = words(timeout_means_wait(&seen));
        assert!(
            said.contains("was its `recv_timeout` at line 33, which returned a message"),
            "{said}"
        );
        // No wait with a time-out at all: the receives are named.
        seen.timed_waits.clear();
        seen.ops.push(op(0, "main", 40, Op::Iter, OpResult::Ok, 3));
        let said = words(timeout_means_wait(&seen));
        assert!(
            said.starts_with("No thread waited with `recv_timeout` (`main`'s `iter` at line 40"),
            "{said}"
        );
    }
}
