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
//!
//! This file reads the kata's list and holds what the facts share; the facts
//! themselves are grouped by what they are about: `closing` (how loops end,
//! sends to a closed channel), `threads` (who sent and who received),
//! `ways` (capacity, polling, `try_send`, one-shot channels, `select!`) and
//! `locks` (what a Mutex guard is held for).

mod closing;
mod locks;
mod threads;
mod ways;

use std::collections::{BTreeMap, BTreeSet};

use explore_protocol::{ChannelSummary, Observations, Op, OpResult, OpSite};

use super::{ChannelAt, Params, Problem};
use crate::core::catalog::{ChannelFact, Kata};
use closing::{
    closes_as_signal, each_ends_on_disconnect, ends_on_disconnect, kept_from_failed_sends,
    meets_closed_channel, producer_panics, stops_when_closed, timeout_means_wait,
};
use locks::{counts_under_lock, no_work_under_lock};
use threads::{
    from_another_thread, own_senders, queued_received, reply_per_answer, several_consumers,
    shared_queue, stages_apart,
};
use ways::{
    one_message_per_channel, polls_only, receipts_backed, selects, sheds_with_try_send,
    within_bound,
};

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

#[cfg(test)]
mod tests {
    use super::*;
    use explore_protocol::{Action, HeldWhile, LockSite, RecvEnd, SendFailure, TimedWait};

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
            said.starts_with("No receive on the channel() made at line 12 ever saw it closed"),
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
        use explore_protocol::{PlainReceive, SelectSite};
        let mut seen = Observations::default();
        seen.channels.push(channel(None, 5, 5, None));
        seen.channels.push(ChannelSummary {
            channel: 1,
            made_at: Some(13),
            ..channel(None, 5, 5, None)
        });
        // Draining one channel, then the other.
        seen.ops.push(op(0, "main", 28, Op::Iter, OpResult::Ok, 5));
        seen.ops.push(op(1, "main", 29, Op::Iter, OpResult::Ok, 5));
        let plain = |channel: usize, at: u32, closed_before: Vec<usize>| PlainReceive {
            channel,
            thread: "main".into(),
            at: Some(at),
            op: Op::Iter,
            closed_before,
        };
        seen.plain_receives = vec![plain(0, 28, vec![]), plain(1, 29, vec![0])];
        let said = words(selects(&seen));
        assert!(
            said.starts_with(
                "`main`'s `iter` at line 28 took a message from the channel made at line 12 \
                 outside a `select!`, before `main` had seen the channel made at line 13 close"
            ),
            "{said}"
        );
        // A `select!` over both; on one arm's `Err`, the other drained by a
        // plain loop: that channel was the only one left open.
        seen.ops
            .push(op(0, "main", 30, Op::SelectRecv, OpResult::Ok, 5));
        seen.ops.retain(|s| s.at != Some(28));
        seen.plain_receives = vec![plain(1, 29, vec![0])];
        seen.selects = vec![SelectSite {
            thread: "main".into(),
            at: Some(30),
            channels: vec![0, 1],
        }];
        assert_eq!(selects(&seen), None);
        // The same drain before the other was seen closed is a miss.
        seen.plain_receives = vec![plain(1, 29, vec![])];
        let said = words(selects(&seen));
        assert!(
            said.contains("before `main` had seen the channel made at line 12 close"),
            "{said}"
        );
        seen.plain_receives.clear();
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
