//! The channel facts about threads: which thread sent and which received on
//! each channel (producers, consumers, workers, requests and replies).

use std::collections::{BTreeMap, BTreeSet};

use explore_protocol::{Observations, OpResult};

use super::{channel_at, is_receive_op, lines_starting, made, sends, threads_by_channel, times};
use crate::core::checks::{ChannelAt, Problem};

/// A message that one thread sent and another received: what the kata's
/// channel is for. And no thread receives on a channel it sends on itself
/// (its own messages, which never changed hands).
pub(super) fn from_another_thread(observations: &Observations) -> Option<Problem> {
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

pub(super) fn own_senders(observations: &Observations, producers: usize) -> Option<Problem> {
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

pub(super) fn queued_received(observations: &Observations, stdout: &str) -> Option<Problem> {
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

pub(super) fn reply_per_answer(observations: &Observations, stdout: &str) -> Option<Problem> {
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

pub(super) fn several_consumers(observations: &Observations) -> Option<Problem> {
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

pub(super) fn shared_queue(observations: &Observations, workers: usize) -> Option<Problem> {
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

/// Three stages in threads of their own hand each item over twice: from the
/// first stage's thread to the second's, and from there to the third's.
pub(super) fn stages_apart(observations: &Observations) -> Option<Problem> {
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
