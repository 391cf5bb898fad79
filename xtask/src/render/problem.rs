//! Every problem a check finds, and every limit a run meets, in the learner's
//! words: one match arm each, in the function of its family (how the run
//! ended, the printed lines, the channels, who sent, who received); `problem`
//! hands each variant to its family, and the compiler asks for a new one.
//! The data is `core::checks::Problem`; nothing here decides what is wrong,
//! and no colour (the verdict adds it).

use std::collections::BTreeSet;

use explore_protocol::{Action, Op, OpResult, OpSite};

use crate::base::execute::Limit;
use crate::core::checks::{ChannelAt, Event, MessageLine, Panic, Problem, Roomy};
use receiving::{how_it_selected, how_timed_receiving_ended, without_waiting};
use which_threads::which_threads;

mod receiving;
mod which_threads;

/// One problem in plain words, a sentence or two.
pub fn problem(problem: &Problem) -> String {
    match problem {
        Problem::Panicked { .. }
        | Problem::RecvErrorUnwrapped
        | Problem::TrySendFullUnwrapped
        | Problem::ExitCode(_)
        | Problem::Signal(_)
        | Problem::DidNotFinish
        | Problem::OutputCut => how_it_ended(problem),
        Problem::Missing { .. }
        | Problem::Doubled { .. }
        | Problem::Unexpected { .. }
        | Problem::OutOfOrder { .. }
        | Problem::NoClosingLine { .. }
        | Problem::RanAhead { .. } => printed(problem),
        Problem::UnbackedReceipts { .. }
        | Problem::OverBound { .. }
        | Problem::NoEndOnDisconnect
        | Problem::StageNeverClosed { .. }
        | Problem::WorkUnderLock { .. }
        | Problem::ThreadPanicked { .. }
        | Problem::KeptSending { .. } => on_the_channels(problem),
        Problem::OwnMessages { .. }
        | Problem::NeverChangedThreads { .. }
        | Problem::NothingSent { .. }
        | Problem::NoProducerSent { .. }
        | Problem::TooFewProducers { .. } => who_sent(problem),
        Problem::SentOnSignal { .. }
        | Problem::NeverSawClosed { .. }
        | Problem::KeptWithoutFailure { .. }
        | Problem::NoSendFailed { .. }
        | Problem::NoPanic { .. } => how_sending_ended(problem),
        Problem::WaitsWhilePolling { .. }
        | Problem::NeverPolled
        | Problem::NeverFoundEmpty { .. }
        | Problem::NotShed { .. } => without_waiting(problem),
        Problem::UnaskedAnswers { .. }
        | Problem::OneShotReused { .. }
        | Problem::OneConsumer { .. }
        | Problem::NoConsumer
        | Problem::NoWorkerReceived { .. }
        | Problem::TooFewWorkers { .. } => who_received(problem),
        Problem::ReceivedOutsideSelect { .. } | Problem::NoSelectOverAll { .. } => {
            how_it_selected(problem)
        }
        Problem::EndedOnTimeout { .. }
        | Problem::ReceivedAfterClosed { .. }
        | Problem::NoTimedEnd { .. } => how_timed_receiving_ended(problem),
        Problem::TooFewLinks { .. }
        | Problem::QueuedNotReceived { .. }
        | Problem::CountSent { .. }
        | Problem::NoWorkerLocked { .. }
        | Problem::TooFewLockers { .. } => which_threads(problem),
    }
}

/// How the program ended, when that is a problem.
fn how_it_ended(problem: &Problem) -> String {
    match problem {
        Problem::Panicked { first, then_main } => match (first, then_main) {
            (None, _) => "The program panicked.".to_string(),
            (Some(first), None) => format!("The program panicked at {}.", panic(first)),
            (Some(first), Some(main)) => format!(
                "The program panicked at {}. Then `main` panicked at {}.",
                panic(first),
                panic(main)
            ),
        },
        Problem::RecvErrorUnwrapped => "`recv()` returned `Err(RecvError)`: the channel was \
             empty and every Sender was gone, so nothing more could arrive. Where the stream \
             is meant to end there, a loop over the channel ends on it (`for x in rx`, or \
             `while let Ok(x) = rx.recv()`) instead of unwrapping it; where more was to come, \
             its Senders were gone too early (a `drop`, or a thread that ended and took its \
             Sender with it)."
            .to_string(),
        Problem::TrySendFullUnwrapped => "`try_send` returned `Err(TrySendError::Full(..))` \
             and `unwrap` made it a panic. `Full` is one of `try_send`'s ordinary answers (no \
             room in the channel right now), not a failure: match on the result, with an arm \
             for `Ok(())`, one for `Err(TrySendError::Full(..))` and one for \
             `Err(TrySendError::Disconnected(..))`."
            .to_string(),
        Problem::ExitCode(code) => format!("The program exited with code {code}."),
        Problem::Signal(signal) => format!("The program was killed by signal {signal}."),
        Problem::DidNotFinish => "The program did not finish in time.".to_string(),
        Problem::OutputCut => "The program printed so much that its output was cut.".to_string(),
        other => unreachable!("not a problem of how it ended: {other:?}"),
    }
}

/// The problems of the printed facts: messages and their order.
fn printed(problem: &Problem) -> String {
    match problem {
        Problem::Missing {
            count,
            total,
            example,
            reworded: None,
        } => format!(
            "{count} of {total} messages were never printed as received, e.g. `{}`.",
            line(example)
        ),
        Problem::Missing {
            count,
            total,
            example,
            reworded: Some(reworded),
        } => {
            let lines = match reworded.count {
                1 => "1 `recv` line carries".to_string(),
                n => format!("{n} `recv` lines carry"),
            };
            format!(
                "{count} of {total} messages were never printed as received in the kata's \
                 format, e.g. `{}`. {lines} a message's numbers in another format, e.g. `{}`: \
                 those messages may well have been received, but the runner reads only lines \
                 like `{}`. Print them as the kata's `println!` does.",
                line(example),
                reworded.first,
                line(example)
            )
        }
        Problem::Doubled { example } => {
            format!("Some messages arrived twice, e.g. `{}`.", line(example))
        }
        Problem::Unexpected {
            producers,
            messages,
            example,
        } => {
            let sent = if example.named {
                format!("{producers} producers x {messages} messages")
            } else {
                format!("{messages} messages")
            };
            format!(
                "Some received messages were never sent in this run ({sent}), e.g. `{}`.",
                line(example)
            )
        }
        Problem::OutOfOrder {
            producer,
            seq,
            after,
        } => format!(
            "A producer's messages arrived out of order (producer {producer}: {seq} arrived \
             after {after}); a channel keeps each sender's order."
        ),
        Problem::NoClosingLine { closing } => format!(
            "`{closing}` was not printed after the last `recv` line: `main` prints it once its \
             loop has ended, when `recv()` returns `Err` because the stream is over."
        ),
        Problem::RanAhead {
            line: sent,
            received,
            bound,
        } => ran_ahead(sent, *received, *bound),
        other => unreachable!("not a problem of the printed lines: {other:?}"),
    }
}

/// The problems seen on the channels: receipts, buffers, ends, locks.
fn on_the_channels(problem: &Problem) -> String {
    match problem {
        Problem::UnbackedReceipts {
            printed,
            received,
            channels,
        } => {
            if *channels == 0 {
                format!(
                    "The program printed {printed} `recv` lines but made no channel at all: \
                     the lines must report messages that really went through a channel."
                )
            } else {
                format!(
                    "The program printed {printed} `recv` lines but received only {received} \
                     message{} from its channels: every `recv` line must report a message \
                     `recv` really returned.",
                    plural_s(*received)
                )
            }
        }
        Problem::OverBound { channels, bound } => over_bound(channels, *bound),
        Problem::NoEndOnDisconnect => "No receiving loop ended because its channel closed: the \
             program stopped receiving on its own (counting the messages?). Let the loop run \
             until every Sender is dropped; then `recv` returns `Err` and `for msg in rx` ends \
             by itself."
            .to_string(),
        Problem::StageNeverClosed {
            channel,
            ended_elsewhere,
            selected: true,
        } => format!(
            "No receive on {} ever saw it closed (its `recv` arm never returned `Err`): the \
             loop ended before that{}. A closed channel's `recv` arm fires with `Err`: end the \
             loop only once every channel's arm has said so.",
            made_at_name(Some(channel)),
            match ended_elsewhere {
                Some((thread, at)) => format!(
                    " (`{thread}` at {} did see its other channel close)",
                    at_line(*at)
                ),
                None => String::new(),
            }
        ),
        Problem::StageNeverClosed {
            channel,
            ended_elsewhere,
            selected: false,
        } => format!(
            "No receive on {} ever saw it closed: the stage reading it stopped before every \
             Sender of it was gone (counting the messages?){}. Each stage's loop must run until \
             every Sender of its own input is dropped; then `for msg in rx` ends by itself.",
            channel_name(Some(channel)),
            match ended_elsewhere {
                Some((thread, at)) => format!(
                    " (the loop of `{thread}` at {} did end that way)",
                    at_line(*at)
                ),
                None => String::new(),
            }
        ),
        Problem::WorkUnderLock {
            thread,
            lock_made_at,
            acquired_at,
            action,
            at,
        } => format!(
            "`{thread}` held the lock made at {} (taken at {}) while it {} at {}: the other \
             workers waited for it, so the pool ran one job at a time. Take the job out of the \
             queue in a statement of its own, so the guard is dropped before the work starts.",
            at_line(*lock_made_at),
            at_line(*acquired_at),
            did(*action),
            at_line(*at)
        ),
        Problem::ThreadPanicked {
            thread,
            failed_send: Some((op, at)),
        } => format!(
            "`{thread}` panicked after its `{}` at {} failed because the receiver was gone: a \
             failed send is the signal to stop, not a crash. Handle the `Err` and return.",
            op.as_str(),
            at_line(*at)
        ),
        Problem::ThreadPanicked {
            thread,
            failed_send: None,
        } => format!("`{thread}` panicked."),
        Problem::KeptSending { thread, op, at } => format!(
            "`{thread}` went on sending after its `{}` at {} failed because the receiver was \
             gone: no later message can arrive. Stop at the first `Err`.",
            op.as_str(),
            at_line(*at)
        ),
        other => unreachable!("not a problem seen on the channels: {other:?}"),
    }
}

/// The problems seen in which thread sent what on which channel.
fn who_sent(problem: &Problem) -> String {
    match problem {
        Problem::OwnMessages { got, sent, channel } => format!(
            "{} received what {} had sent itself, on {}: the message never went to another \
             thread. The value must be made in one thread and received in the other.",
            capitalize(&site(got)),
            site(sent),
            channel_name(channel.as_ref())
        ),
        Problem::NeverChangedThreads { sent } => format!(
            "{} sent a message, but no other thread received one: the value must go through \
             the channel, from the thread that has it to the thread that prints it.",
            capitalize(&site(sent))
        ),
        Problem::NothingSent { channel: Some(c) } => format!(
            "Nothing was sent on {}, nor on any channel: the value must go through the \
             channel, from the thread that has it (`tx.send(..)`) to the thread that prints \
             it (`rx.recv()`).",
            channel_name(Some(c))
        ),
        Problem::NothingSent { channel: None } => "The program made no channel: the value \
             must go through a channel, from the thread that has it (`tx.send(..)`) to the \
             thread that prints it (`rx.recv()`)."
            .to_string(),
        Problem::NoProducerSent { producers } => format!(
            "Nothing was sent on any channel, but the kata has {producers} producers, each \
             sending its own messages."
        ),
        Problem::TooFewProducers {
            senders,
            producers,
            channel,
            sends,
        } => format!(
            "{} sent on {}, apart from the one receiving ({}), but the kata has \
             {producers} producers: each producer is a thread of its own, sending its \
             messages on a Sender of its own (`tx.clone()`).",
            match senders {
                0 => "No thread".to_string(),
                n => format!("Only {}", plural(*n as u64, "thread", "threads")),
            },
            channel_name(channel.as_ref()),
            sites(sends, |s| format!(
                "{}: {}",
                site(s),
                plural(times(s), "message", "messages")
            ))
        ),
        other => unreachable!("not a problem of who sent what: {other:?}"),
    }
}

/// The problems seen in how sending ended: a channel closed as a signal, a
/// send that failed (or never did), a producer that panicked.
fn how_sending_ended(problem: &Problem) -> String {
    match problem {
        Problem::SentOnSignal { sent, channel } => format!(
            "{} sent a message on {}: the channel is a pure signal. Nothing is sent on it; \
             the worker's Sender is dropped, and that closes it.",
            capitalize(&site(sent)),
            channel_name(channel.as_ref())
        ),
        Problem::NeverSawClosed {
            waited: Some(waited),
        } => format!(
            "{} never found the channel closed: `main` must learn that the worker is done \
             from the channel, when `recv()` returns `Err`.",
            capitalize(&site(waited))
        ),
        Problem::NeverSawClosed { waited: None } => "`main` never received on the channel: \
             it must learn that the worker is done from the channel itself, when `recv()` \
             returns `Err` because the worker's Sender is gone."
            .to_string(),
        Problem::KeptWithoutFailure {
            kept,
            failed,
            sends,
        } => {
            let sends = match sends.as_slice() {
                [] => "no `send` was called at all".to_string(),
                all => sites(all, |s| {
                    format!(
                        "{} {} {}",
                        site(s),
                        match s.result {
                            OpResult::Ok => "succeeded",
                            _ => "failed",
                        },
                        plural(times(s), "time", "times")
                    )
                }),
            };
            format!(
                "The program printed {} but {} ({sends}): a job is kept for later only when \
                 `send` gave it back inside its `Err`. Send every job, and keep the ones the \
                 error returns.",
                plural(*kept, "`kept for later:` line", "`kept for later:` lines"),
                match failed {
                    0 => "no send failed".to_string(),
                    n => format!("only {} failed", plural(*n, "send", "sends")),
                }
            )
        }
        Problem::NoPanic { sends } => format!(
            "No thread panicked ({}): producer 1's batch holds a word that is not a number, \
             and its `parse().unwrap()` panics there. Keep the batches and the `unwrap` as \
             they are, and report the `Err` that `join` returns for that producer.",
            match sends.as_slice() {
                [] => "and nothing was sent".to_string(),
                all => sites(all, |s| format!(
                    "{}: {}",
                    site(s),
                    plural(times(s), "message", "messages")
                )),
            }
        ),
        Problem::NoSendFailed { sends } => format!(
            "No send ever failed ({}): the producer stopped on its own, not because the \
             receiver was gone. Produce for as long as anyone wants the messages, and stop at \
             the first `Err` from `send`.",
            match sends.as_slice() {
                [] => "nothing was sent".to_string(),
                all => sites(all, |s| format!(
                    "{} sent {}",
                    site(s),
                    plural(times(s), "message", "messages")
                )),
            }
        ),
        other => unreachable!("not a problem of how sending ended: {other:?}"),
    }
}

/// The problems seen in which thread received what, and how.
fn who_received(problem: &Problem) -> String {
    match problem {
        Problem::UnaskedAnswers {
            answers,
            requests,
            replies,
        } => format!(
            "`main` printed {} but sent {} to the server and received {} from it: each \
             answer must be asked for with a request and come back on its reply channel, \
             from the server that owns the prices.",
            plural(*answers, "answer", "answers"),
            plural(*requests, "request", "requests"),
            plural(*replies, "reply", "replies")
        ),
        Problem::OneShotReused {
            channel,
            messages,
            sends,
        } => format!(
            "{} carried {} ({}): a one-shot channel carries exactly one. Its `send` takes \
             `self`, so a second message does not compile; put both numbers in one message.",
            capitalize(&channel_name(Some(channel))),
            plural(*messages, "message", "messages"),
            sites(sends, |s| format!(
                "{}: {}",
                site(s),
                plural(times(s), "time", "times")
            ))
        ),
        Problem::OneConsumer { site: at } => format!(
            "Only one worker took jobs ({}): two workers share the work, each receiving from \
             a channel (its own, fed by a dispatcher, or one shared behind a `Mutex`).",
            site(at)
        ),
        Problem::NoConsumer => "No worker received any job: two workers share the work, each \
             receiving from a channel."
            .to_string(),
        Problem::NoWorkerReceived { workers } => format!(
            "No worker received a job, but the pool has {workers} workers: every worker takes \
             its jobs from the one shared queue."
        ),
        Problem::TooFewWorkers {
            workers,
            channel,
            queues,
            ..
        } if *queues > 1 => format!(
            "The workers took their jobs from {queues} channels, each from its own (one of them \
             {}), and `main` chose which worker gets which job: but the pool's {workers} \
             workers share one queue, each taking its next job from it when it is free \
             (`Arc<Mutex<Receiver>>`), so a slow job never holds up the jobs behind it.",
            channel_name(channel.as_ref())
        ),
        Problem::TooFewWorkers {
            takers,
            workers,
            channel,
            receives,
            ..
        } => {
            // Each receiving line once, in the order of its words.
            let named: BTreeSet<String> = receives.iter().map(site).collect();
            format!(
                "Only {} received from {} ({}), but the pool has {workers} workers: every \
                 worker takes its jobs from the one shared queue (`Arc<Mutex<Receiver>>`).",
                plural(*takers as u64, "worker", "workers"),
                channel_name(channel.as_ref()),
                named.into_iter().collect::<Vec<_>>().join(", ")
            )
        }
        other => unreachable!("not a problem of who received what: {other:?}"),
    }
}

/// `Ok`, `Full`, `Timeout`...: a result as std names it.
fn result_name(result: OpResult) -> &'static str {
    match result {
        OpResult::Ok => "Ok",
        OpResult::Full => "Full",
        OpResult::Empty => "Empty",
        OpResult::Timeout => "Timeout",
        OpResult::Disconnected => "Disconnected",
    }
}

/// What an operation site returned, and how often: "`Ok` 2 times".
fn result_phrase(site: &OpSite) -> String {
    match site.count {
        Some(n) => format!(
            "`{}` {}",
            result_name(site.result),
            plural(n, "time", "times")
        ),
        None => format!("`{}`", result_name(site.result)),
    }
}

/// `` `main`'s `send` at line 12 `` and the like.
fn site(site: &OpSite) -> String {
    format!(
        "`{}`'s `{}` at {}",
        site.thread,
        site.op.as_str(),
        at_line(site.at)
    )
}

/// Each of `all` worded by `word`, joined.
fn sites(all: &[OpSite], word: impl Fn(&OpSite) -> String) -> String {
    all.iter().map(word).collect::<Vec<_>>().join(", ")
}

/// How many times `site` happened: a receive that found the channel empty
/// is recorded once whatever its count.
fn times(site: &OpSite) -> u64 {
    site.count.unwrap_or(1)
}

/// "the sync_channel(2) made at line 9", or "a channel" when not known.
fn channel_name(channel: Option<&ChannelAt>) -> String {
    match channel {
        Some(c) => {
            let kind = match c.capacity {
                None => "channel()".to_string(),
                Some(k) => format!("sync_channel({k})"),
            };
            format!("the {kind} made at {}", at_line(c.made_at))
        }
        None => "a channel".to_string(),
    }
}

/// "the channel made at line 9": a channel of any kind (crossbeam's too).
fn made_at_name(channel: Option<&ChannelAt>) -> String {
    match channel {
        Some(c) => format!("the channel made at {}", at_line(c.made_at)),
        None => "a channel".to_string(),
    }
}

/// "1 message", "3 messages".
fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Several problems in one paragraph (a grading report, a one-line verdict).
pub fn problems(problems: &[Problem]) -> String {
    problems.iter().map(problem).collect::<Vec<_>>().join(" ")
}

/// What a limit did to a run: "it went over the memory cap (1 GiB) and was
/// stopped".
pub fn limit(limit: Limit) -> &'static str {
    match limit {
        Limit::Memory => "it went over the memory cap (1 GiB) and was stopped",
        Limit::Cpu => "it went over its CPU time cap and was stopped",
        Limit::Processes => "it went over the cap on processes and threads",
        Limit::FileSize => "it wrote a file over the size cap and was stopped",
    }
}

/// `recv 1 3`, or `recv 3` in a kata whose lines do not name a producer.
pub fn line(line: &MessageLine) -> String {
    let (keyword, producer, seq) = match line.event {
        Event::Sent { producer, seq } => ("sent", producer, seq),
        Event::Recv { producer, seq } => ("recv", producer, seq),
    };
    if line.named {
        format!("{keyword} {producer} {seq}")
    } else {
        format!("{keyword} {seq}")
    }
}

fn panic(panic: &Panic) -> String {
    format!("{}: {}", panic.location, panic.message)
}

fn ran_ahead(sent: &MessageLine, received: usize, bound: usize) -> String {
    let (Event::Sent { seq, .. } | Event::Recv { seq, .. }) = sent.event;
    let ahead = seq.saturating_sub(received);
    let sent = line(sent);
    let got = match received {
        1 => "1 message had".to_string(),
        n => format!("{n} messages had"),
    };
    if bound == 0 {
        format!(
            "`{sent}` was printed when only {got} been received: a send completed before the \
             receiver was there to take the message, which a rendezvous channel \
             (`sync_channel(0)`, no buffer at all) never lets happen."
        )
    } else {
        format!(
            "`{sent}` was printed when only {got} been received: the producer was {ahead} \
             ahead, but in this kata a correct program is never more than {bound} ahead: its \
             channels are bounded (`sync_channel`), holding at most {bound} between them, \
             and a `send` into a full one waits."
        )
    }
}

fn over_bound(channels: &[Roomy], bound: usize) -> String {
    let named: Vec<String> = channels
        .iter()
        .map(|c| {
            let kind = match c.capacity {
                None => "channel()".to_string(),
                Some(k) => format!("sync_channel({k})"),
            };
            let held = match c.held {
                Some(fill) => format!(" (it held {fill} message{} at once)", plural_s(fill as u64)),
                None => String::new(),
            };
            format!("the {kind} made at {}{held}", at_line(c.made_at))
        })
        .collect();
    let room = match bound {
        0 => "no buffer at all: `sync_channel(0)`".to_string(),
        k => format!("a buffer of at most {k}: `sync_channel({k})`"),
    };
    format!(
        "{} can hold more messages than the kata allows; it asks for {room}.",
        capitalize(&named.join("; "))
    )
}

/// What a thread did while it held a lock: "called `send`".
fn did(action: Action) -> String {
    match action {
        Action::Channel(op) => format!("called `{}`", op.as_str()),
        Action::Print => "printed".to_string(),
        Action::Join => "waited in `join`".to_string(),
        Action::Sleep => "slept".to_string(),
        Action::Lock => "took another lock".to_string(),
        Action::Spawn => "spawned a thread".to_string(),
    }
}

/// `line N` where the learner's file has one.
pub fn at_line(at: Option<u32>) -> String {
    at.map_or_else(
        || "a line outside your file".to_string(),
        |l| format!("line {l}"),
    )
}

fn plural_s(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
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
    use explore_protocol::Op;

    fn recv(producer: usize, seq: usize, named: bool) -> MessageLine {
        MessageLine {
            event: Event::Recv { producer, seq },
            named,
        }
    }

    #[test]
    fn an_example_line_is_written_as_the_kata_prints_its_lines() {
        let missing = |named| Problem::Missing {
            count: 2,
            total: 3,
            example: recv(0, 1, named),
            reworded: None,
        };
        assert_eq!(
            problem(&missing(false)),
            "2 of 3 messages were never printed as received, e.g. `recv 1`."
        );
        assert!(problem(&missing(true)).ends_with("e.g. `recv 0 1`."));
        let unexpected = Problem::Unexpected {
            producers: 2,
            messages: 4,
            example: recv(2, 0, true),
        };
        assert!(
            problem(&unexpected).contains("(2 producers x 4 messages), e.g. `recv 2 0`."),
            "{}",
            problem(&unexpected)
        );
    }

    #[test]
    fn a_producer_ahead_is_told_by_how_much_and_the_channel_s_rule() {
        let sent = MessageLine {
            event: Event::Sent {
                producer: 1,
                seq: 3,
            },
            named: true,
        };
        let buffered = problem(&Problem::RanAhead {
            line: sent,
            received: 1,
            bound: 1,
        });
        assert!(
            buffered.starts_with(
                "`sent 1 3` was printed when only 1 message had been received: the producer \
                 was 2 ahead, but in this kata a correct program is never more than 1 ahead"
            ),
            "{buffered}"
        );
        let rendezvous = problem(&Problem::RanAhead {
            line: sent,
            received: 0,
            bound: 0,
        });
        assert!(rendezvous.contains("0 messages had been received: a send completed"));
    }

    #[test]
    fn channel_problems_name_their_lines_and_threads() {
        let over = problem(&Problem::OverBound {
            channels: vec![
                Roomy {
                    capacity: Some(5),
                    made_at: Some(12),
                    held: Some(4),
                },
                Roomy {
                    capacity: None,
                    made_at: None,
                    held: None,
                },
            ],
            bound: 2,
        });
        assert_eq!(
            over,
            "The sync_channel(5) made at line 12 (it held 4 messages at once); the channel() \
             made at a line outside your file can hold more messages than the kata allows; it \
             asks for a buffer of at most 2: `sync_channel(2)`."
        );
        let unbacked = |channels| {
            problem(&Problem::UnbackedReceipts {
                printed: 3,
                received: 1,
                channels,
            })
        };
        assert!(unbacked(0).contains("made no channel at all"));
        assert!(unbacked(1).contains("received only 1 message from its channels"));
        let lock = problem(&Problem::WorkUnderLock {
            thread: "thread 2".into(),
            lock_made_at: Some(20),
            acquired_at: Some(24),
            action: Action::Channel(Op::Send),
            at: Some(26),
        });
        assert!(
            lock.starts_with(
                "`thread 2` held the lock made at line 20 (taken at line 24) while it called \
                 `send` at line 26"
            ),
            "{lock}"
        );
        let panicked = problem(&Problem::ThreadPanicked {
            thread: "producer 1".into(),
            failed_send: Some((Op::Send, Some(40))),
        });
        assert!(panicked.contains("panicked after its `send` at line 40 failed"));
        let going_on = problem(&Problem::KeptSending {
            thread: "producer 1".into(),
            op: Op::TrySend,
            at: Some(40),
        });
        assert!(going_on.starts_with("`producer 1` went on sending after its `try_send`"));
    }

    #[test]
    fn a_panic_names_where_and_then_main() {
        let at = |location: &str, message: &str| Panic {
            location: location.into(),
            message: message.into(),
        };
        assert_eq!(
            problem(&Problem::Panicked {
                first: Some(at("ex.rs:24:48", "ParseIntError")),
                then_main: Some(at("ex.rs:41:23", "Any { .. }"))
            }),
            "The program panicked at ex.rs:24:48: ParseIntError. Then `main` panicked at \
             ex.rs:41:23: Any { .. }."
        );
    }
}
