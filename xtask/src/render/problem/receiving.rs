//! The problems seen in how threads received, worded: without waiting
//! (`try_recv`, `try_iter`, `try_send`), over several channels at once
//! (`select!`), and with time-outs (`recv_timeout`).

use super::*;

/// The problems seen in taking or offering messages without waiting:
/// `try_recv`, `try_iter`, `try_send`.
pub(super) fn without_waiting(problem: &Problem) -> String {
    match problem {
        Problem::WaitsWhilePolling { site: at, channel } => format!(
            "{} on {} waits for a message: `main` must never block here. Take only what is \
             queued with `try_recv()` or `try_iter()`.",
            capitalize(&site(at)),
            channel_name(channel.as_ref())
        ),
        Problem::NeverPolled => "`main` never called `try_recv()` or `try_iter()`: it must \
             look at the channel without waiting."
            .to_string(),
        Problem::NeverFoundEmpty { site: at } => format!(
            "{} never found the channel empty: `main` took a number of messages it knew in \
             advance instead of what was queued. Stop when `try_recv()` says `Empty` \
             (`try_iter()` does).",
            capitalize(&site(at))
        ),
        Problem::NotShed {
            accepted_lines,
            shed_lines,
            accepted,
            shed,
            offers,
        } => {
            let offered = match offers.as_slice() {
                [] => " Nothing was offered to a channel.".to_string(),
                all => format!(
                    " Offered: {}.",
                    sites(all, |s| match s.op {
                        Op::TrySend => format!("{} returned {}", site(s), result_phrase(s)),
                        _ => format!(
                            "{} returned {} (a `send` waits for room instead)",
                            site(s),
                            result_phrase(s)
                        ),
                    })
                ),
            };
            format!(
                "The program printed {} and {}, but `try_send` returned `Ok` {} and `Full` \
                 {}: each `accepted` or `shed` line reports what a `try_send` of that item \
                 returned, which says at once whether there is room.{offered}",
                plural(*accepted_lines, "`accepted` line", "`accepted` lines"),
                plural(*shed_lines, "`shed` line", "`shed` lines"),
                plural(*accepted, "time", "times"),
                plural(*shed, "time", "times"),
            )
        }
        other => unreachable!("not a problem of not waiting: {other:?}"),
    }
}

/// The problems seen in how threads waited on several channels at once:
/// `select!` over every channel, and no receive outside it.
pub(super) fn how_it_selected(problem: &Problem) -> String {
    match problem {
        Problem::ReceivedOutsideSelect {
            site: at,
            channel,
            open,
        } => format!(
            "{} took a message from {} outside a `select!`, before `{}` had seen {} close: it \
             waited on that one channel while {} may have had messages. Receive in one \
             `select!` with a `recv` arm per channel, so whichever channel has a message is \
             served (a plain receive is fine once every other channel's arm has returned \
             `Err`: nothing more can come from those).",
            capitalize(&site(at)),
            made_at_name(channel.as_ref()),
            at.thread,
            open.iter()
                .map(|c| made_at_name(Some(c)))
                .collect::<Vec<_>>()
                .join(" and "),
            if open.len() == 1 {
                "the other"
            } else {
                "the others"
            },
        ),
        Problem::NoSelectOverAll { channels, widest } => {
            let all = channels
                .iter()
                .map(|c| made_at_name(Some(c)))
                .collect::<Vec<_>>()
                .join(" and ");
            let seen = match widest {
                Some((thread, at, waited)) if !waited.is_empty() => format!(
                    ": the `select!` of `{thread}` at {} waited only on {}",
                    at_line(*at),
                    waited
                        .iter()
                        .map(|c| made_at_name(Some(c)))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
                Some((thread, at, _)) => format!(
                    ": the `select!` of `{thread}` at {} waited on no channel",
                    at_line(*at)
                ),
                None => ": no `select!` went ahead".to_string(),
            };
            format!(
                "No `select!` waited on {all} at once{seen}. Put a `recv` arm for each channel \
                 in the same `select!`, so it serves whichever has a message."
            )
        }
        other => unreachable!("not a problem of select!: {other:?}"),
    }
}

/// The problems seen in how a thread that waits with `recv_timeout` stopped
/// receiving: only on `Disconnected`, never after a `Timeout`.
pub(super) fn how_timed_receiving_ended(problem: &Problem) -> String {
    match problem {
        Problem::EndedOnTimeout {
            thread,
            at,
            channel,
        } => format!(
            "`{thread}` stopped receiving from {} right after its `recv_timeout` at {} \
             returned `Timeout`: a time-out says only that nothing came within the wait, \
             not that nothing will (on a busy machine any wait can run out). Wait again on \
             `Timeout`, and stop on `Disconnected`, which comes once every Sender is gone and \
             the channel is empty.",
            channel_name(channel.as_ref()),
            at_line(*at)
        ),
        Problem::ReceivedAfterClosed {
            thread,
            op,
            at,
            channel,
        } => format!(
            "`{thread}` called `{}` at {} on {} again after a receive there had returned \
             `Disconnected`: once every Sender is gone and the channel is empty nothing can \
             ever arrive, so `Disconnected` is the end. Stop at the first one.",
            op.as_str(),
            at_line(*at),
            channel_name(channel.as_ref())
        ),
        Problem::NoTimedEnd {
            last: Some((last, channel)),
            ..
        } => format!(
            "No `recv_timeout` returned `Disconnected`: the last receive of `{}` on {} was \
             its `{}` at {}, which returned {}, and it stopped there on its own (counting \
             the messages?). Wait with `recv_timeout` until it returns `Disconnected`: that \
             is how the channel says the producer is done.",
            last.thread,
            channel_name(channel.as_ref()),
            last.op.as_str(),
            at_line(last.at),
            match last.result {
                OpResult::Ok => "a message".to_string(),
                other => format!("`{}`", result_name(other)),
            }
        ),
        Problem::NoTimedEnd {
            last: None,
            receives,
        } => format!(
            "No thread waited with `recv_timeout`{}: wait for each message with \
             `rx.recv_timeout(WAIT)`, again on `Timeout`, until it returns `Disconnected`.",
            match receives.as_slice() {
                [] => " (nothing was received at all)".to_string(),
                all => format!(
                    " ({})",
                    sites(all, |s| format!(
                        "{} returned {}",
                        site(s),
                        result_phrase(s)
                    ))
                ),
            }
        ),
        other => unreachable!("not a problem of timed receiving: {other:?}"),
    }
}
