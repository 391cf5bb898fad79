//! The likely cause of what a run or a schedule showed: a hang, read from
//! which thread waits where and on what; messages lost, read from the lines
//! the program printed. In the learner's words, followed by the kata's own
//! text where that speaks of what was seen.
//!
//! Pure functions of their inputs, without colour: `verdict` prints them.

use std::collections::BTreeMap;

use crate::base::execute::{Exit, HangReport, Limit, RunOutput};
use crate::core::catalog::{ChannelFact, CheckKind, Kata, TimeoutNote};
use crate::core::checks::{self, Event, Params};
use crate::core::explore::{BlockedThread, Wait};
use crate::core::judge::explore_stage::{HeldSender, KeptReceiver};

/// The situation a hang shows, as far as it was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    /// A thread waits in `join` for one that is blocked in `send`.
    JoinWhileSending,
    /// A thread waits in `send` with nobody left to receive.
    SendWithoutReceiver,
    /// Threads wait in `recv` on channels whose Senders live on.
    SenderAlive,
    /// Several threads wait in `recv`, the Senders held by threads that wait.
    SendersHeldByWaiters,
    /// Threads wait in `recv`, each for a message another sends only after
    /// its own wait.
    EachWaitsToSend,
    /// The waiting thread holds the last Sender, and drops it only after the
    /// loop that waits: no kata text (which says it is never dropped) fits.
    DroppedLate,
    /// Some thread was running on the CPU.
    Busy,
    /// Every thread blocked, not known where (real threads).
    Blocked,
}

/// Whether a kata's note, which speaks of `speaks`, fits what was seen.
fn matches(seen: Seen, speaks: TimeoutNote) -> bool {
    match seen {
        Seen::JoinWhileSending => speaks == TimeoutNote::SendWait,
        Seen::SendWithoutReceiver => {
            matches!(speaks, TimeoutNote::SendAlone | TimeoutNote::SendWait)
        }
        Seen::SenderAlive => speaks == TimeoutNote::Recv,
        Seen::SendersHeldByWaiters => matches!(
            speaks,
            TimeoutNote::Recv | TimeoutNote::Chain | TimeoutNote::RecvCycle
        ),
        Seen::EachWaitsToSend => speaks == TimeoutNote::RecvCycle,
        Seen::DroppedLate => false,
        Seen::Busy => speaks == TimeoutNote::Busy,
        Seen::Blocked => speaks != TimeoutNote::Busy,
    }
}

/// The derived cause, followed by the kata's own text where that speaks of
/// what was seen.
fn with_kata_text(seen: Seen, derived: String, note: Option<(&str, TimeoutNote)>) -> String {
    match note {
        Some((text, speaks)) if matches(seen, speaks) => format!("{derived} {text}"),
        _ => derived,
    }
}

fn line(at: &Option<u32>) -> String {
    at.map(|l| format!(" at line {l}")).unwrap_or_default()
}

/// The likely cause of lost messages, when the program ended normally but a
/// producer's stream was cut short: the receiving loop stopped early. Derived
/// from the `recv` lines it printed; `None` when that is not what was seen.
pub fn lost_cause(kata: &Kata, params: &Params, output: &RunOutput) -> Option<String> {
    if kata.check != CheckKind::Delivery || output.exit != Exit::Code(0) {
        return None;
    }
    let messages = *params.get("messages")?;
    let stdout = output.stdout_text();
    // A `recv` line the checks do not read (`recv (0, 1)`) may be a message
    // received: what the lines show is not a loop that stopped.
    let read = checks::message_lines(&stdout)
        .filter(|l| matches!(l.event, Event::Recv { .. }))
        .count();
    if stdout.lines().filter(|l| checks::is_recv_line(l)).count() != read {
        return None;
    }
    // The lines that name their producer, as the checks read them.
    let mut received: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for line in checks::message_lines(&stdout).filter(|l| l.named) {
        if let Event::Recv { producer, seq } = line.event {
            received.entry(producer).or_default().push(seq);
        }
    }
    let producers = params.get("producers").copied().unwrap_or(received.len());
    // Read the other way round (`recv <seq> <producer>`), the lines are
    // every message once, each producer's in order: nothing was lost.
    let pairs: Vec<(usize, usize)> = checks::message_lines(&stdout)
        .filter(|l| l.named)
        .filter_map(|l| match l.event {
            Event::Recv { producer, seq } => Some((producer, seq)),
            _ => None,
        })
        .collect();
    if let Some(swapped) = swapped_fields(&pairs, producers, messages) {
        return Some(swapped);
    }
    // A producer whose messages arrived in order, from the first, until they
    // stopped: its stream was cut, not scrambled.
    let (producer, got) = (0..producers).find_map(|p| {
        let seqs = received.get(&p).map(Vec::as_slice).unwrap_or(&[]);
        let prefix = seqs.iter().enumerate().all(|(i, &s)| i == s);
        (prefix && seqs.len() < messages).then_some((p, seqs.len()))
    })?;
    let taken = match got {
        0 => format!("none of producer {producer}'s {messages} messages"),
        1 => format!("only `recv {producer} 0` of producer {producer}'s {messages} messages"),
        n => format!(
            "`recv {producer} 0` to `recv {producer} {}` of producer {producer}'s {messages} messages",
            n - 1
        ),
    };
    // Only a producer that said it sent everything tells the loop's early
    // end from a producer that never sent: otherwise both are said.
    let done = format!("producer {producer} is done");
    let mut cause = if stdout.lines().any(|l| l.trim() == done) {
        format!(
            "The receiving loop ended too early: it took {taken} and stopped, though the \
             producer sent them all (it printed `{done}`). Whatever ends the loop came true \
             while that channel still held messages."
        )
    } else if got == 0 {
        format!(
            "None of producer {producer}'s {messages} messages was received: either it never \
             sent them (does every producer have a Sender of its own, and send on it?), or the \
             receiving loop ended before they came."
        )
    } else {
        format!(
            "The receiving loop took {taken}: either the producer stopped sending there, or \
             the loop ended before the rest came (a loop that counts, or that stops when the \
             channel is empty for a moment)."
        )
    };
    // A kata whose messages come through `select!` (its channel facts say
    // so), not one whose docs happen to name it.
    if kata.channels.contains(&ChannelFact::Selects) {
        cause.push_str(
            " With `select!`, one arm's `Err` says only that its own channel is closed, and \
             that arm is then ready with `Err` again and again: keep receiving from the other \
             channels until each one's arm has returned `Err`, and stop selecting on a closed \
             one: in its `Err` arm, swap its receiver for `never()`.",
        );
    }
    Some(cause)
}

/// The fields of the `recv` lines in swapped order: read as
/// `recv <seq> <producer>`, the lines (`pairs`, as the checks read them, in
/// the order printed) are exactly every producer's messages, each once and
/// in order, and read as the kata's format they are not.
fn swapped_fields(pairs: &[(usize, usize)], producers: usize, messages: usize) -> Option<String> {
    let complete = |pairs: &mut dyn Iterator<Item = (usize, usize)>| {
        let mut by: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (producer, seq) in pairs {
            by.entry(producer).or_default().push(seq);
        }
        by.len() == producers
            && by.keys().copied().eq(0..producers)
            && by.values().all(|seqs| seqs.iter().copied().eq(0..messages))
    };
    if producers < 2
        || complete(&mut pairs.iter().copied())
        || !complete(&mut pairs.iter().map(|&(first, second)| (second, first)))
    {
        return None;
    }
    Some(format!(
        "Every message came, but each `recv` line names the message number first and the \
         producer second (`recv <seq> <producer>`): read that way, all {} messages are there, \
         each producer's in order. Print the producer first: `recv <producer> <seq>`.",
        producers * messages
    ))
}

/// The likely cause of a deadlock the explorer found: from which thread
/// waits where, and on what.
pub fn deadlock_cause(
    blocked: &[BlockedThread],
    finished: usize,
    held: Option<&HeldSender>,
    kept: Option<&KeptReceiver>,
    note: Option<(&str, TimeoutNote)>,
) -> String {
    let (seen, derived) = join_while_sending(blocked, kept)
        .or_else(|| join_while_receiving(blocked, held))
        .or_else(|| send_without_receiver(blocked))
        .or_else(|| dropped_late(blocked, finished, held))
        .or_else(|| all_receiving(blocked, finished, held))
        .unwrap_or_else(|| {
            (
                Seen::Blocked,
                "Every thread waits for another: look at what each one waits for, above."
                    .to_string(),
            )
        });
    with_kata_text(seen, derived, note)
}

/// A `join` on a thread that waits in `send`: the receiving comes after the
/// join, or the joiner keeps a Receiver it drops only after the join.
fn join_while_sending(
    blocked: &[BlockedThread],
    kept: Option<&KeptReceiver>,
) -> Option<(Seen, String)> {
    let find = |name: &str| blocked.iter().find(|t| t.name == name);
    blocked.iter().find_map(|joiner| {
        if let Wait::Join { at, thread } = &joiner.wait
            && let Some(sender) = find(thread)
            && let Wait::Send { at: sends_at, .. } = &sender.wait
        {
            if let Some(KeptReceiver {
                joiner: keeper,
                receiver,
                joins_at,
                dropped_at,
            }) = kept
                && *keeper == joiner.name
            {
                return Some((
                    Seen::JoinWhileSending,
                    format!(
                        "`{keeper}` waits in `join` at line {joins_at} for `{thread}`, and \
                         `{thread}` waits in `send`{} for {}. `{keeper}` receives nothing \
                         after the `join`, but it still holds `{receiver}`, which it drops \
                         only at line {dropped_at}, after the `join`: drop `{receiver}` before \
                         the `join`, so that the blocked `send` returns `Err`.",
                        line(sends_at),
                        match sender.wait {
                            Wait::Send {
                                channel:
                                    crate::core::explore::Channel {
                                        capacity: Some(0), ..
                                    },
                                ..
                            } => "a receiver",
                            _ => "room",
                        }
                    ),
                ));
            }
            let derived = format!(
                "`{}` waits in `join`{} for `{thread}`, and `{thread}` waits in `send`{} until \
                 someone receives, but nobody receives while `{}` waits: receive first, and \
                 join after the receiving loop.",
                joiner.name,
                line(at),
                line(sends_at),
                joiner.name
            );
            return Some((Seen::JoinWhileSending, derived));
        }
        None
    })
}

/// A `join` on a thread that waits in `recv`, with nobody sending: the
/// Sender that keeps its channel open is held by a thread that waits. Named
/// when the program's text tells: the joiner holds it and drops it only
/// after the `join`.
fn join_while_receiving(
    blocked: &[BlockedThread],
    held: Option<&HeldSender>,
) -> Option<(Seen, String)> {
    let find = |name: &str| blocked.iter().find(|t| t.name == name);
    if blocked.iter().any(|t| matches!(t.wait, Wait::Send { .. })) {
        return None;
    }
    blocked.iter().find_map(|joiner| {
        if let Wait::Join { at, thread } = &joiner.wait
            && let Some(receiver) = find(thread)
            && let Wait::Recv {
                at: waits_at,
                channel,
            } = &receiver.wait
        {
            if let Some(named) = joiner_holds(joiner, thread, held) {
                return Some((Seen::SenderAlive, named));
            }
            let derived = format!(
                "`{}` waits in `join`{} for `{thread}`, and `{thread}` waits in `recv`{} on a \
                 channel that is still open ({} still alive), though no thread is left \
                 that could send on it: a Sender held by a thread that waits never closes the \
                 channel. If `{}` holds it, drop it before the `join`.",
                joiner.name,
                line(at),
                line(waits_at),
                senders_are(channel.senders),
                joiner.name
            );
            return Some((Seen::SenderAlive, derived));
        }
        None
    })
}

/// The joiner holds the Sender of the channel the joined thread waits on,
/// and drops it only after the `join`: said with the names and lines.
fn joiner_holds(joiner: &BlockedThread, joined: &str, held: Option<&HeldSender>) -> Option<String> {
    let HeldSender {
        thread,
        sender,
        waits_at,
        dropped_at: Some(dropped_at),
        dropped_by: Some((holder, join_at)),
        used_at,
        ..
    } = held?
    else {
        return None;
    };
    if thread != joined || *holder != joiner.name {
        return None;
    }
    let start = format!(
        "`{holder}` waits in `join` at line {join_at} for `{thread}`, and `{thread}` waits in \
         `recv` at line {waits_at} on the channel of `{sender}`, which only `{holder}` holds"
    );
    Some(match used_at {
        // It still sends after the join: dropping it sooner is no fix.
        Some(used_at) => format!(
            "{start}: `{holder}` still uses `{sender}` at line {used_at} and drops it at line \
             {dropped_at}, both after the `join`, so neither comes. Move the `join` after \
             line {dropped_at}, once `{holder}` is done with `{sender}`."
        ),
        None => format!(
            "{start}, and drops it only at line {dropped_at}, after the `join`, so the channel \
             never closes: drop `{sender}` before the `join`."
        ),
    })
}

/// "1 Sender is", "2 Senders are".
fn senders_are(senders: usize) -> String {
    match senders {
        1 => "1 Sender is".to_string(),
        n => format!("{n} Senders are"),
    }
}

/// A `send` that waits for a receiver, with no thread receiving.
fn send_without_receiver(blocked: &[BlockedThread]) -> Option<(Seen, String)> {
    if blocked.iter().any(|t| matches!(t.wait, Wait::Recv { .. })) {
        return None;
    }
    let sender = blocked
        .iter()
        .find(|t| matches!(t.wait, Wait::Send { .. }))?;
    let Wait::Send { at, channel } = &sender.wait else {
        return None;
    };
    let others = if blocked.len() == 1 {
        "no other thread is running to receive"
    } else {
        "no other thread is receiving"
    };
    let what = match channel.capacity {
        Some(0) => "a rendezvous `send` waits until a `recv` takes the item",
        _ => "a `send` on a full channel waits for room",
    };
    let derived = format!(
        "`{}` waits in `send`{}, and {others}: {what}. The receiving must happen in \
         another thread at the same time.",
        sender.name,
        line(at)
    );
    Some((Seen::SendWithoutReceiver, derived))
}

/// The waiting thread holds the last Sender and drops it only after the
/// loop that waits for the channel to close.
fn dropped_late(
    blocked: &[BlockedThread],
    finished: usize,
    held: Option<&HeldSender>,
) -> Option<(Seen, String)> {
    let HeldSender {
        thread,
        sender,
        waits_at,
        dropped_at: Some(dropped_at),
        dropped_by,
        used_at,
        ..
    } = held?
    else {
        return None;
    };
    // A holder that waits in `join` is named by `join_while_receiving`.
    if let Some((holder, _)) = dropped_by
        && !blocked
            .iter()
            .any(|t| t.name == *holder && matches!(t.wait, Wait::Recv { .. }))
    {
        return None;
    }
    // The holder sends on it only after its own wait: nobody sends first,
    // and dropping it sooner would take away what the holder still needs.
    if let (Some((holder, holder_waits)), Some(used_at)) = (dropped_by, used_at) {
        let each = if blocked.len() == 2 {
            "Each waits for the other to send first"
        } else {
            "Each waits for another to send first"
        };
        return Some((
            Seen::EachWaitsToSend,
            format!(
                "`{thread}` waits in `recv` at line {waits_at} for a message on the channel of \
                 `{sender}`, which `{holder}` holds and uses only at line {used_at}, after its \
                 own `recv` at line {holder_waits}, where it waits too. {each}: one of them \
                 must send before it waits."
            ),
        ));
    }
    if let Some((holder, holder_waits)) = dropped_by {
        return Some((
            Seen::DroppedLate,
            format!(
                "`{thread}` waits in `recv` at line {waits_at}, and the last Sender of its \
                 channel still alive is `{sender}`, which `{holder}` holds. `{holder}` drops \
                 `{sender}` at line {dropped_at}, only after its own `recv` at line \
                 {holder_waits}, where it waits too, so that line is never reached: drop \
                 `{sender}` before line {holder_waits}, as soon as `{holder}` no longer needs it."
            ),
        ));
    }
    let gone = match finished {
        0 => String::new(),
        1 => ", and the other thread has finished".to_string(),
        _ => ", and every other thread has finished".to_string(),
    };
    let derived = format!(
        "`{thread}` waits in `recv` at line {waits_at}, and the last Sender still alive is \
         its own `{sender}`{gone}. `{thread}` drops `{sender}` at line \
         {dropped_at}, only after the loop that waits for the channel to close, so that \
         line is never reached: move `drop({sender});` before the receiving loop."
    );
    Some((Seen::DroppedLate, derived))
}

/// Every thread waits in `recv`: one that holds a Sender itself, or several
/// each holding another's.
fn all_receiving(
    blocked: &[BlockedThread],
    finished: usize,
    held: Option<&HeldSender>,
) -> Option<(Seen, String)> {
    if blocked.is_empty() || !blocked.iter().all(|t| matches!(t.wait, Wait::Recv { .. })) {
        return None;
    }
    if let [thread] = blocked {
        let Wait::Recv { at, channel } = &thread.wait else {
            return None;
        };
        let gone = match finished {
            0 => String::new(),
            1 => ": the other thread has finished".to_string(),
            _ => ": every other thread has finished".to_string(),
        };
        let own = held.filter(|held| held.thread == thread.name);
        // It needs that Sender again in the next round of a loop around the
        // wait: dropping it is no fix, not waiting for the close is.
        if let Some(HeldSender {
            sender,
            needed_at: Some(needed_at),
            ..
        }) = own
        {
            let derived = format!(
                "`{}` waits in `recv`{} while {} still alive, and nobody else can send on \
                 it{gone}. So `{}` itself still holds a Sender, `{sender}`, and it needs \
                 `{sender}` again in the next round of the loop around this wait (line \
                 {needed_at}), so the channel cannot close inside that loop. Do not wait \
                 for it to close there: take only what is queued now (`rx.try_iter()` \
                 stops when the channel is empty).",
                thread.name,
                line(at),
                senders_are(channel.senders),
                thread.name
            );
            return Some((Seen::SenderAlive, derived));
        }
        let which = match own {
            Some(held) => format!("`{}` or a clone of it, or one inside a struct", held.sender),
            None => "the original `tx`, a clone, or one inside a struct".to_string(),
        };
        let derived = format!(
            "`{}` waits in `recv`{} while {} still alive, and nobody else can send \
             on it{gone}. So `{}` itself still holds a Sender ({which}), and the channel \
             closes only when it is gone: drop it before the receiving loop starts, not \
             after it.",
            thread.name,
            line(at),
            senders_are(channel.senders),
            thread.name
        );
        return Some((Seen::SenderAlive, derived));
    }
    let mut names: Vec<String> = blocked.iter().map(|t| format!("`{}`", t.name)).collect();
    let last = names.pop().unwrap_or_default();
    let all = if names.len() == 1 { "both" } else { "all" };
    let derived = format!(
        "{} and {last} {all} wait in `recv`, each on a channel whose Senders are still \
         alive and held by threads that wait, so no thread is left to send or to close a \
         channel: one of them must send before it waits, or drop a Sender it no longer \
         needs.",
        names.join(", ")
    );
    Some((Seen::SendersHeldByWaiters, derived))
}

/// The likely cause of a real run stopped at the time limit.
pub fn timeout_cause(output: &RunOutput, note: Option<(&str, TimeoutNote)>) -> String {
    let hang = output.hang.as_ref();
    // What every all-blocked hang comes to, when nothing more is known:
    // either a wait no one will end, or waits in the wrong order.
    const SENDER_ALIVE: &str = "Every thread waits, and none can go on until another does. A \
                                `recv` (or `for msg in rx`) waits until a message comes or every \
                                Sender is gone, a `join` until that thread ends: look for a \
                                Sender still alive that nothing will send on any more, or a \
                                thread waiting for a message that is only sent after its own \
                                wait.";
    match hang {
        // Nothing running, and some thread waiting for time or input.
        Some(hang) if !hang.all_blocked && hang.threads.iter().all(|t| t.blocked) => {
            "No thread was running, and none was waiting for another: a thread was asleep \
             (`thread::sleep`, a wait with a time-out) or waiting for input, and the time \
             limit came first. Look for a sleep or a time-out longer than the kata needs."
                .to_string()
        }
        Some(hang)
            if !hang.all_blocked
                && let Some(alone) = spinning_alone(hang, output) =>
        {
            with_kata_text(Seen::Busy, alone, note)
        }
        Some(hang) if !hang.all_blocked => with_kata_text(
            Seen::Busy,
            "A thread kept running on the CPU, so this is a loop that never waits or never \
             ends, not a blocked channel. Look for a loop that goes on when the other side of \
             its channel is gone: one that polls with `try_recv` or `try_send` and goes round \
             again on `Empty` or `Full` but never stops on `Disconnected`, one that goes round \
             again when `recv` returns `Err` (once every Sender is gone it returns `Err` at \
             once, every time), or one that ignores the `Err` a `send` returns once the \
             Receiver is gone."
                .to_string(),
            note,
        ),
        Some(_) => match note {
            Some((text, speaks)) if matches(Seen::Blocked, speaks) => text.to_string(),
            _ => SENDER_ALIVE.to_string(),
        },
        None => note.map_or(SENDER_ALIVE, |(text, _)| text).to_string(),
    }
}

/// One thread kept running while every other one was blocked waiting for
/// another thread (none asleep): whatever it polls for could only come from
/// a blocked thread. Said with the line it printed over and over, if the
/// output ends in one.
fn spinning_alone(hang: &HangReport, output: &RunOutput) -> Option<String> {
    let names = hang_threads(hang);
    let running: Vec<&String> = names
        .iter()
        .zip(&hang.threads)
        .filter(|(_, t)| !t.blocked)
        .map(|(n, _)| n)
        .collect();
    let [runner] = running[..] else {
        return None;
    };
    if hang.threads.iter().any(|t| t.sleeping) || names.len() < 2 {
        return None;
    }
    let mut blocked: Vec<String> = names
        .iter()
        .filter(|n| *n != runner)
        .map(|n| format!("`{n}`"))
        .collect();
    let was = if blocked.len() == 1 { "was" } else { "were" };
    let last = blocked.pop().unwrap_or_default();
    let others = match blocked.len() {
        0 => last,
        _ => format!("{} and {last}", blocked.join(", ")),
    };
    let printing = repeated_line(output)
        .map(|l| format!(", printing `{l}` over and over,"))
        .unwrap_or_default();
    Some(format!(
        "`{runner}` kept running on the CPU{printing} while {others} {was} blocked: a loop \
         that never waits, not a blocked channel. As long as {others} {} blocked, no other \
         thread sends, receives or drops anything: a full channel stays full and an empty one \
         stays empty, so a loop that goes round again on `Full` or `Empty` never ends (move \
         on without the item: shed it, or do something else first). A `send` fails only once \
         the Receiver is gone, and then every time, as a `recv` does once every Sender is \
         gone: a loop that goes on after such an `Err` never ends (stop at the first one), \
         and neither does one that sends until a `send` fails while the Receiver is still \
         kept.",
        if was == "was" { "stays" } else { "stay" }
    ))
}

/// The line the output ends in, printed at least 20 times in a row (a cut
/// last line left out).
fn repeated_line(output: &RunOutput) -> Option<String> {
    let stdout = output.stdout_text();
    let mut lines: Vec<&str> = stdout.lines().collect();
    if output.truncated || !stdout.ends_with('\n') {
        lines.pop();
    }
    let last = *lines.last()?;
    let repeats = lines.iter().rev().take_while(|l| **l == last).count();
    (repeats >= 20 && !last.trim().is_empty()).then(|| last.trim().to_string())
}

/// The threads of a hang, by name: the program's own name (which every
/// unnamed thread inherits) becomes `main` for the first and `thread N` for
/// the others.
pub fn hang_threads(hang: &HangReport) -> Vec<String> {
    let program = hang.threads.first().map(|t| t.name.as_str());
    let mut unnamed = 0;
    hang.threads
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if i == 0 {
                "main".to_string()
            } else if Some(t.name.as_str()) == program {
                unnamed += 1;
                format!("thread {unnamed}")
            } else {
                t.name.clone()
            }
        })
        .collect()
}

/// What usually takes a kata to one of its caps: a kata's program needs a
/// few megabytes, a few threads and no files.
pub fn limit_cause(limit: Limit) -> &'static str {
    match limit {
        Limit::Memory => {
            "something grows without end: a collection filled in a loop that never stops, or \
             messages sent on an unbounded channel faster than they are received, or to a \
             `Receiver` kept alive that no longer takes them."
        }
        Limit::Cpu => {
            "a thread that never waits: a loop that polls with `try_recv` or checks a flag \
             spins on the CPU for as long as it runs. `recv` waits without using any."
        }
        Limit::Processes => {
            "threads started in a loop that does not end: every `thread::spawn` is one of the \
             system's threads, and they are not unlimited."
        }
        Limit::FileSize => "a file written without end: a kata needs no files of its own.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::execute::ThreadState;
    use crate::core::explore::Channel;

    fn thread(name: &str, wait: Wait) -> BlockedThread {
        BlockedThread {
            name: name.into(),
            spawned_at: None,
            wait,
        }
    }

    fn channel(capacity: Option<usize>, senders: usize) -> Channel {
        Channel {
            made_at: Some(3),
            capacity,
            senders,
        }
    }

    const SAME_THREAD: &str = "`send` on a `sync_channel(0)` waits for a receiver to take the \
         item, and the only receiver is `main`, which is stuck in that `send`. Send from another \
         thread.";

    #[test]
    fn a_join_before_the_receiving_loop_is_named_not_the_kata_s_same_thread_text() {
        let cause = deadlock_cause(
            &[
                thread(
                    "main",
                    Wait::Join {
                        at: Some(20),
                        thread: "thread 1".into(),
                    },
                ),
                thread(
                    "thread 1",
                    Wait::Send {
                        at: Some(14),
                        channel: channel(Some(0), 1),
                    },
                ),
            ],
            0,
            None,
            None,
            Some((SAME_THREAD, TimeoutNote::SendAlone)),
        );
        assert!(
            cause.contains("`main` waits in `join` at line 20"),
            "{cause}"
        );
        assert!(cause.contains("join after the receiving loop"), "{cause}");
        assert!(!cause.contains("Send from another thread"), "{cause}");
    }

    #[test]
    fn a_join_on_a_thread_waiting_in_recv_names_the_join() {
        let cause = deadlock_cause(
            &[
                thread(
                    "main",
                    Wait::Join {
                        at: Some(15),
                        thread: "thread 1".into(),
                    },
                ),
                thread(
                    "thread 1",
                    Wait::Recv {
                        at: Some(11),
                        channel: channel(None, 1),
                    },
                ),
            ],
            0,
            None,
            None,
            Some((SAME_THREAD, TimeoutNote::SendAlone)),
        );
        assert!(
            cause.contains("`main` waits in `join` at line 15 for `thread 1`"),
            "{cause}"
        );
        assert!(cause.contains("waits in `recv` at line 11"), "{cause}");
        assert!(cause.contains("drop it before the `join`"), "{cause}");
        assert!(!cause.contains("Send from another thread"), "{cause}");
    }

    #[test]
    fn a_send_alone_on_a_rendezvous_gets_the_kata_s_text_too() {
        let cause = deadlock_cause(
            &[thread(
                "main",
                Wait::Send {
                    at: Some(9),
                    channel: channel(Some(0), 1),
                },
            )],
            0,
            None,
            None,
            Some((SAME_THREAD, TimeoutNote::SendAlone)),
        );
        assert!(
            cause.contains("`main` waits in `send` at line 9"),
            "{cause}"
        );
        assert!(cause.ends_with("Send from another thread."), "{cause}");
    }

    #[test]
    fn a_sender_held_by_the_receiver_itself_is_named() {
        let cause = deadlock_cause(
            &[thread(
                "main",
                Wait::Recv {
                    at: Some(22),
                    channel: channel(None, 1),
                },
            )],
            3,
            None,
            None,
            None,
        );
        assert!(
            cause.contains("`main` itself still holds a Sender"),
            "{cause}"
        );
        assert!(cause.contains("not after it"), "{cause}");
    }

    #[test]
    fn a_sender_dropped_after_the_loop_is_named_without_the_kata_s_still_in_scope() {
        let late = HeldSender {
            thread: "main".into(),
            sender: "tx".into(),
            waits_at: 30,
            dropped_at: Some(33),
            dropped_by: None,
            used_at: None,
            needed_at: None,
        };
        let cause = deadlock_cause(
            &[thread(
                "main",
                Wait::Recv {
                    at: Some(30),
                    channel: channel(None, 1),
                },
            )],
            4,
            Some(&late),
            None,
            Some((
                "The workers' clones are dropped, but the original `tx` in `main` is still in scope.",
                TimeoutNote::Recv,
            )),
        );
        assert!(cause.contains("`main` drops `tx` at line 33"), "{cause}");
        assert!(cause.contains("only after the loop"), "{cause}");
        assert!(!cause.contains("still in scope"), "{cause}");
    }

    const PIPELINE: Option<(&str, TimeoutNote)> = Some((
        "Every number got through but the pipeline never closed: each stage waits until the \
         Sender before it is gone, so look at the start of the chain for a Sender that is \
         still alive.",
        TimeoutNote::Chain,
    ));

    #[test]
    fn a_sender_the_waiting_thread_holds_is_named_and_a_chain_is_said_only_of_a_chain() {
        let waits = |name: &str, at: u32| {
            thread(
                name,
                Wait::Recv {
                    at: Some(at),
                    channel: channel(None, 1),
                },
            )
        };
        let held = HeldSender {
            thread: "main".into(),
            sender: "square_tx".into(),
            waits_at: 35,
            dropped_at: None,
            dropped_by: None,
            used_at: None,
            needed_at: None,
        };
        let alone = deadlock_cause(&[waits("main", 35)], 2, Some(&held), None, PIPELINE);
        assert!(
            alone.contains("still holds a Sender (`square_tx` or a clone of it"),
            "{alone}"
        );
        assert!(!alone.contains("chain"), "{alone}");
        let chain = deadlock_cause(
            &[waits("main", 43), waits("thread 2", 37)],
            1,
            None,
            None,
            PIPELINE,
        );
        assert!(
            chain.starts_with("`main` and `thread 2` both wait in `recv`"),
            "{chain}"
        );
        assert!(chain.ends_with(PIPELINE.unwrap().0), "{chain}");
    }

    fn hang(all_blocked: bool) -> HangReport {
        HangReport {
            threads: vec![
                ThreadState {
                    name: "capstone".into(),
                    blocked: all_blocked,
                    sleeping: false,
                },
                ThreadState {
                    name: "capstone".into(),
                    blocked: true,
                    sleeping: false,
                },
            ],
            all_blocked,
        }
    }

    /// A run stopped at the time limit, with `hang` and nothing printed.
    fn stopped(hang: Option<HangReport>) -> RunOutput {
        RunOutput {
            exit: Exit::Code(0),
            stdout: Vec::new(),
            stderr: Vec::new(),
            duration: std::time::Duration::ZERO,
            truncated: false,
            leaked: false,
            hang,
            limit: None,
            refused: None,
        }
    }

    #[test]
    fn a_thread_spinning_while_the_others_are_blocked_is_named_with_what_it_printed() {
        let mut output = stopped(Some(HangReport {
            threads: vec![
                ThreadState {
                    name: "try_send_shed".into(),
                    blocked: true,
                    sleeping: false,
                },
                ThreadState {
                    name: "try_send_shed".into(),
                    blocked: false,
                    sleeping: false,
                },
            ],
            all_blocked: false,
        }));
        output.stdout = "accepted 0\naccepted 1\n".to_string().into_bytes();
        output.stdout.extend("shed 2\n".repeat(30).into_bytes());
        output.stdout.extend(b"sh");
        output.truncated = true;
        let cause = timeout_cause(&output, None);
        assert!(
            cause.starts_with(
                "`thread 1` kept running on the CPU, printing `shed 2` over and over, while \
                 `main` was blocked"
            ),
            "{cause}"
        );
        assert!(cause.contains("move on without the item"), "{cause}");
        assert!(cause.contains("stop at the first one"), "{cause}");
        assert!(!cause.contains("other side of its channel"), "{cause}");
    }

    #[test]
    fn a_busy_thread_is_not_blamed_on_a_live_sender() {
        let cause = timeout_cause(
            &stopped(Some(hang(false))),
            Some((
                "The `for` loop over `rx` waits as long as any Sender is alive.",
                TimeoutNote::Recv,
            )),
        );
        assert!(cause.contains("kept running on the CPU"), "{cause}");
        assert!(!cause.contains("Sender is alive"), "{cause}");
        let blocked = timeout_cause(
            &stopped(Some(hang(true))),
            Some(("The loop never stops.", TimeoutNote::Busy)),
        );
        assert!(!blocked.contains("never stops"), "{blocked}");
        // A loop that "never ended" because a Sender lives on speaks of a
        // wait in `recv`: not said of a thread that spins.
        let capstone = "Batch 1 received everything but its loop never ended: it waits while \
                        any Sender is alive, and `main` still holds the original `tx`.";
        let note = Some((capstone, TimeoutNote::Recv));
        let spinning = timeout_cause(&stopped(Some(hang(false))), note);
        assert!(spinning.contains("kept running on the CPU"), "{spinning}");
        assert!(!spinning.contains("still holds"), "{spinning}");
        let waiting = timeout_cause(&stopped(Some(hang(true))), note);
        assert_eq!(waiting, capstone);
    }

    #[test]
    fn ignored_send_times_out_either_way_and_its_note_names_both() {
        let catalog = crate::core::catalog::Catalog::load(
            &crate::core::workbook::runner_root().join("checks"),
        )
        .unwrap();
        let kata = catalog.find("ignored_send").unwrap();
        let note = kata.on_timeout.as_deref().unwrap();
        // The producer ignores the `Err`, or `main` joins before it drops
        // `rx` (so no send fails): the note must hold for both.
        assert!(note.contains("leave its loop at the first `Err`"), "{note}");
        assert!(note.contains("drop `rx` before it joins"), "{note}");
        assert!(
            !note.contains("after `main` dropped the Receiver"),
            "{note}"
        );
    }

    #[test]
    fn the_select_note_goes_with_a_kata_whose_messages_come_through_select() {
        let catalog = crate::core::catalog::Catalog::load(
            &crate::core::workbook::runner_root().join("checks"),
        )
        .unwrap();
        let params: Params = [("producers".to_string(), 2), ("messages".to_string(), 5)]
            .into_iter()
            .collect();
        // Producer 1's stream stopped after two messages.
        let stdout = "recv 0 0\nrecv 1 0\nrecv 0 1\nrecv 1 1\nrecv 0 2\nrecv 0 3\nrecv 0 4\n";
        let output = RunOutput {
            exit: Exit::Code(0),
            stdout: stdout.as_bytes().to_vec(),
            stderr: Vec::new(),
            duration: std::time::Duration::ZERO,
            truncated: false,
            leaked: false,
            hang: None,
            limit: None,
            refused: None,
        };
        let select = catalog.find("crossbeam_select").unwrap();
        let cause = lost_cause(select, &params, &output).unwrap();
        assert!(cause.contains("swap its receiver for `never()`"), "{cause}");
        // True whether the loop counted the open channels or broke on the
        // first `Err`: it says what an `Err` means, not what the program did.
        assert!(!cause.contains("counts down"), "{cause}");
        let mut plain = select.clone();
        plain.channels.retain(|f| *f != ChannelFact::Selects);
        let cause = lost_cause(&plain, &params, &output).unwrap();
        assert!(!cause.contains("select!"), "{cause}");
    }

    #[test]
    fn unnamed_threads_are_numbered_not_called_by_the_program_s_name() {
        assert_eq!(hang_threads(&hang(false)), ["main", "thread 1"]);
    }
}
