//! The channel facts about closing: how receiving loops end (on disconnection,
//! not on a count or a timeout) and what a sender does once its receiver is gone.

use explore_protocol::{Observations, Op, OpResult, OpSite, RecvEnd};

use super::{channel_at, is_receive_op, lines_starting, made, sends, times};
use crate::core::checks::Problem;

/// A receive that can end a loop on disconnection: `try_iter` cannot, as it
/// ends on an empty channel too.
fn ends_loop(end: &RecvEnd) -> bool {
    end.result == OpResult::Disconnected
        && matches!(
            end.op,
            Op::Iter | Op::Recv | Op::TryRecv | Op::RecvTimeout | Op::SelectRecv
        )
}

pub(super) fn ends_on_disconnect(observations: &Observations) -> Option<Problem> {
    let ended = observations.recv_ends.iter().any(ends_loop);
    (!ended).then_some(Problem::NoEndOnDisconnect)
}

pub(super) fn each_ends_on_disconnect(observations: &Observations) -> Option<Problem> {
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

pub(super) fn stops_when_closed(observations: &Observations) -> Option<Problem> {
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

pub(super) fn closes_as_signal(observations: &Observations) -> Option<Problem> {
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

pub(super) fn kept_from_failed_sends(observations: &Observations, stdout: &str) -> Option<Problem> {
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

pub(super) fn meets_closed_channel(observations: &Observations) -> Option<Problem> {
    let met = observations
        .ops
        .iter()
        .any(|s| s.op.is_send() && s.result == OpResult::Disconnected);
    (!met).then(|| Problem::NoSendFailed {
        sends: sends(observations),
    })
}

pub(super) fn producer_panics(observations: &Observations) -> Option<Problem> {
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

/// `Timeout` means wait again, `Disconnected` means stop: every thread that
/// waited with `recv_timeout` on a channel stopped receiving there only once
/// it returned `Disconnected`, and one did.
pub(super) fn timeout_means_wait(observations: &Observations) -> Option<Problem> {
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
