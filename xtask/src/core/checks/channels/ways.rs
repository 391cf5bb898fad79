//! The channel facts about which operations a program used: receives behind
//! its printed receipts, how much a channel may hold, polling, `try_send`,
//! one-shot channels and `select!`.

use explore_protocol::{ChannelSummary, Observations, Op, OpResult, PlainReceive};

use super::{channel_at, is_receive_op, lines_starting, made, sends, times};
use crate::core::checks::{ChannelAt, Problem, Roomy};

pub(super) fn receipts_backed(observations: &Observations, stdout: &str) -> Option<Problem> {
    let printed = stdout
        .lines()
        .filter(|l| crate::core::checks::is_recv_line(l))
        .count() as u64;
    let received: u64 = observations.channels.iter().map(|c| c.receives_ok).sum();
    (printed > received).then_some(Problem::UnbackedReceipts {
        printed,
        received,
        channels: observations.channels.len(),
    })
}

pub(super) fn within_bound(observations: &Observations, bound: usize) -> Option<Problem> {
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

pub(super) fn polls_only(observations: &Observations) -> Option<Problem> {
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

pub(super) fn sheds_with_try_send(observations: &Observations, stdout: &str) -> Option<Problem> {
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

pub(super) fn one_message_per_channel(observations: &Observations) -> Option<Problem> {
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

/// Every message received came through a `select!` arm, unless its thread
/// had already seen every other channel close, and some `select!` waited on
/// every channel that carried messages at once.
pub(super) fn selects(observations: &Observations) -> Option<Problem> {
    // The channels a plain receive may have kept waiting: those the program
    // selects over (all that carried messages, if it never selects).
    let selected: Vec<usize> = observations
        .selects
        .iter()
        .flat_map(|s| s.channels.iter().copied())
        .collect();
    let others = |plain: &PlainReceive| -> Vec<ChannelAt> {
        observations
            .channels
            .iter()
            .filter(|c| c.channel != plain.channel && c.sends_ok > 0)
            .filter(|c| selected.is_empty() || selected.contains(&c.channel))
            .filter(|c| !plain.closed_before.contains(&c.channel))
            .map(made)
            .collect()
    };
    let outside = observations.plain_receives.iter().find_map(|plain| {
        let open = others(plain);
        let site = observations.ops.iter().find(|s| {
            (s.channel, &s.thread, s.at, s.op, s.result)
                == (
                    plain.channel,
                    &plain.thread,
                    plain.at,
                    plain.op,
                    OpResult::Ok,
                )
        })?;
        (!open.is_empty()).then_some((site, open))
    });
    if let Some((site, open)) = outside {
        return Some(Problem::ReceivedOutsideSelect {
            site: site.clone(),
            channel: channel_at(observations, site.channel),
            open,
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
