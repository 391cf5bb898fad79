//! A whole report: one schedule per distinct outcome, written as it is found
//! and read back by the runner.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::text::{capacity_field, field, line_field, push_line, split_at_byte};
use crate::trace::parse_trace_line;
use crate::{ChoicePoint, Observations, Trace};

/// How one schedule ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Finished,
    /// `main` returned an `Err`.
    ExitError,
    Panicked,
    /// Every thread that has not finished is blocked, and `main` has not returned.
    Deadlock,
    /// Still running after the explorer's step limit: a loop that never ends.
    Endless,
}

impl Ending {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Finished => "finished",
            Self::ExitError => "exit_error",
            Self::Panicked => "panicked",
            Self::Deadlock => "deadlock",
            Self::Endless => "endless",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Finished,
            Self::ExitError,
            Self::Panicked,
            Self::Deadlock,
            Self::Endless,
        ]
        .into_iter()
        .find(|e| e.as_str() == text)
    }
}

/// A channel, named by the line of the learner's file that made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    pub made_at: Option<u32>,
    /// `None` for `channel()`, `Some(k)` for `sync_channel(k)`.
    pub capacity: Option<usize>,
    /// Senders still alive when every thread was blocked.
    pub senders: usize,
}

/// What a blocked thread waits for, at which line of the learner's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wait {
    Recv {
        at: Option<u32>,
        channel: Channel,
    },
    Send {
        at: Option<u32>,
        channel: Channel,
    },
    Join {
        at: Option<u32>,
        thread: String,
    },
    /// Blocked somewhere the explorer does not label (a lock, a condvar).
    Other,
}

/// One thread of a deadlocked schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockedThread {
    /// `main`, the name given to `thread::Builder`, or `thread N` (the N-th spawned).
    pub name: String,
    /// The line of the learner's file that spawned it.
    pub spawned_at: Option<u32>,
    pub wait: Wait,
}

/// One distinct outcome of a search, with the first seed that gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub seed: u64,
    pub ending: Ending,
    /// Spawned threads that had finished (deadlocks only).
    pub finished_threads: usize,
    /// Every thread that had not finished (deadlocks only).
    pub blocked: Vec<BlockedThread>,
    /// What the program printed on this schedule, the interleaving: its
    /// lines, each ended by `\n`. One text rather than a line each: the
    /// runner judges it as a program's output, and reads hundreds of
    /// thousands of these lines in a `verify`.
    pub stdout: String,
    pub stderr: String,
    /// What the channels and locks did: part of the outcome.
    pub observations: Observations,
    /// The whole event log, when the search was asked for it ([`TRACE`]).
    pub trace: Option<Trace>,
}

impl Schedule {
    /// The schedule's lines without its seed and `end`: two schedules with
    /// the same body are the same outcome, and counted as one.
    pub fn body(&self) -> String {
        let mut text = format!("outcome {}\n", self.ending.as_str());
        if self.ending == Ending::Deadlock {
            let _ = writeln!(text, "finished_threads {}", self.finished_threads);
            for thread in &self.blocked {
                let _ = writeln!(text, "thread {}", thread_line(thread));
            }
        }
        for line in self.stdout.lines() {
            let _ = writeln!(text, "stdout {line}");
        }
        for line in self.stderr.lines() {
            let _ = writeln!(text, "stderr {line}");
        }
        text.push_str(&self.observations.text());
        text
    }

    /// The body and, when there is one, the trace: what goes between
    /// `schedule` and `end` ([`schedule_text`]).
    pub fn text(&self) -> String {
        let mut text = self.body();
        if let Some(trace) = &self.trace {
            text.push_str(&trace.text());
        }
        text
    }
}

/// A whole report, as the runner reads it back.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Schedules run.
    pub executions: u64,
    /// Each distinct outcome, in the order found.
    pub schedules: Vec<Schedule>,
    /// Executions per outcome, by the outcome's first seed.
    pub counts: BTreeMap<u64, u64>,
    /// Where a stepped execution stopped to ask ([`CHOICES`]).
    pub choice: Option<ChoicePoint>,
    /// A bounded search's outcomes ([`Scheduler::Bounded`](crate::Scheduler)),
    /// by the first seed: the preemptions of that schedule and its choices,
    /// which replay it ([`CHOICES`]).
    pub bounded: BTreeMap<u64, Bounded>,
    /// The largest `k` such that a bounded search ran every schedule with
    /// at most `k` preemptions, and how many schedules those were.
    pub bound: Option<(usize, u64)>,
}

/// How a bounded search reached one schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bounded {
    pub preemptions: usize,
    /// The task index picked at each point where more than one thread could run.
    pub choices: Vec<usize>,
}

/// `bounded <seed> <preemptions> <choices>`: written after a bounded
/// search's new outcome.
pub fn bounded_text(seed: u64, bounded: &Bounded) -> String {
    format!(
        "bounded {seed} {} {}\n",
        bounded.preemptions,
        crate::choices_text(&bounded.choices)
    )
}

/// `bound <k> <schedules>`: every schedule with at most `k` preemptions
/// was run, `schedules` of them.
pub fn bound_text(k: usize, schedules: u64) -> String {
    format!("bound {k} {schedules}\n")
}

/// `schedule <seed>`, the body, `end`: one outcome, written as it is found
/// so that a search stopped early still tells what it saw.
pub fn schedule_text(seed: u64, body: &str) -> String {
    format!("schedule {seed}\n{body}end\n")
}

/// The summary closing a report: executions run, and how many gave each outcome.
pub fn summary_text(executions: u64, counts: &[(u64, u64)]) -> String {
    let mut text = format!("explored {executions}\n");
    for (seed, n) in counts {
        let _ = writeln!(text, "count {seed} {n}");
    }
    text
}

fn channel_fields(c: &Channel) -> String {
    format!(
        "{}\t{}\t{}",
        line_field(c.made_at),
        capacity_field(c.capacity),
        c.senders
    )
}

/// `<name>\t<spawned at>\t<recv|send|join|blocked>[\t<details>]`.
fn thread_line(t: &BlockedThread) -> String {
    let state = match &t.wait {
        Wait::Recv { at, channel } => {
            format!("recv\t{}\t{}", line_field(*at), channel_fields(channel))
        }
        Wait::Send { at, channel } => {
            format!("send\t{}\t{}", line_field(*at), channel_fields(channel))
        }
        Wait::Join { at, thread } => format!("join\t{}\t{}", line_field(*at), field(thread)),
        Wait::Other => "blocked".to_string(),
    };
    format!("{}\t{}\t{state}", field(&t.name), line_field(t.spawned_at))
}

fn parse_thread(text: &str) -> Option<BlockedThread> {
    let fields: Vec<&str> = text.split('\t').collect();
    let line = |s: &str| s.parse::<u32>().ok();
    let channel = |f: &[&str]| -> Option<Channel> {
        Some(Channel {
            made_at: line(f.first()?),
            capacity: f.get(1)?.parse().ok(),
            senders: f.get(2)?.parse().ok()?,
        })
    };
    let wait = match fields.get(2).copied()? {
        "recv" => Wait::Recv {
            at: line(fields.get(3)?),
            channel: channel(fields.get(4..)?)?,
        },
        "send" => Wait::Send {
            at: line(fields.get(3)?),
            channel: channel(fields.get(4..)?)?,
        },
        "join" => Wait::Join {
            at: line(fields.get(3)?),
            thread: fields.get(4)?.to_string(),
        },
        _ => Wait::Other,
    };
    Some(BlockedThread {
        name: fields[0].to_string(),
        spawned_at: line(fields.get(1)?),
        wait,
    })
}

impl Report {
    /// Reads a report back; a line that does not belong is an error, never a verdict.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut report = Self::default();
        let mut current: Option<Schedule> = None;
        let mut choice: Option<ChoicePoint> = None;
        // An explorer stopped at its time limit may have been cut mid-line; a
        // schedule without its `end` is dropped below.
        let complete = match text.rfind('\n') {
            Some(end) => &text[..end],
            None => "",
        };
        // A `verify` reads a few hundred thousand lines, nearly all of them
        // `stdout` lines: those are taken before any word is split off.
        let mut rest_of_report = complete;
        while !rest_of_report.is_empty() {
            let (line, after) = split_at_byte(rest_of_report, b'\n');
            rest_of_report = after;
            let line = match line.as_bytes().last() {
                Some(b'\r') => &line[..line.len() - 1],
                _ => line,
            };
            if let (Some(rest), None, Some(s)) =
                (line.strip_prefix("stdout "), &choice, current.as_mut())
            {
                push_line(&mut s.stdout, rest);
                continue;
            }
            let (word, rest) = split_at_byte(line, b' ');
            let bad = || format!("the explorer printed an unexpected line: `{line}`");
            if let Some(point) = choice.as_mut() {
                match word {
                    "end" => report.choice = choice.take(),
                    w if w.starts_with("choice_") => point.parse_line(w, rest).ok_or_else(bad)?,
                    w if w.starts_with("trace_") || w == "event" => {
                        let trace = point.trace.get_or_insert_with(Trace::default);
                        parse_trace_line(trace, w, rest).ok_or_else(bad)?
                    }
                    _ => return Err(bad()),
                }
                continue;
            }
            match (word, current.as_mut()) {
                ("choice", None) => {
                    choice = Some(ChoicePoint {
                        index: rest.parse().map_err(|_| bad())?,
                        ..ChoicePoint::default()
                    });
                }
                ("schedule", None) => {
                    current = Some(Schedule {
                        seed: rest.parse().map_err(|_| bad())?,
                        ending: Ending::Finished,
                        finished_threads: 0,
                        blocked: Vec::new(),
                        stdout: String::new(),
                        stderr: String::new(),
                        observations: Observations::default(),
                        trace: None,
                    });
                }
                ("outcome", Some(s)) => s.ending = Ending::parse(rest).ok_or_else(bad)?,
                ("finished_threads", Some(s)) => {
                    s.finished_threads = rest.parse().map_err(|_| bad())?
                }
                ("thread", Some(s)) => s.blocked.push(parse_thread(rest).ok_or_else(bad)?),
                ("stdout", Some(s)) => push_line(&mut s.stdout, rest),
                ("stderr", Some(s)) => push_line(&mut s.stderr, rest),
                (word, Some(s)) if word.starts_with("obs_") => {
                    s.observations.parse_line(word, rest).ok_or_else(bad)?
                }
                (word, Some(s)) if word.starts_with("trace_") || word == "event" => {
                    let trace = s.trace.get_or_insert_with(Trace::default);
                    parse_trace_line(trace, word, rest).ok_or_else(bad)?
                }
                ("end", Some(_)) => report.schedules.extend(current.take()),
                ("explored", None) => report.executions = rest.parse().map_err(|_| bad())?,
                ("count", None) => {
                    let (seed, n) = rest.split_once(' ').ok_or_else(bad)?;
                    report.counts.insert(
                        seed.parse().map_err(|_| bad())?,
                        n.parse().map_err(|_| bad())?,
                    );
                }
                ("bounded", None) => {
                    let mut fields = rest.splitn(3, ' ');
                    let mut next = || fields.next().ok_or_else(bad);
                    let seed = next()?.parse().map_err(|_| bad())?;
                    let preemptions = next()?.parse().map_err(|_| bad())?;
                    let choices =
                        crate::parse_choices(next().unwrap_or_default()).ok_or_else(bad)?;
                    report.bounded.insert(
                        seed,
                        Bounded {
                            preemptions,
                            choices,
                        },
                    );
                }
                ("bound", None) => {
                    let (k, n) = rest.split_once(' ').ok_or_else(bad)?;
                    report.bound =
                        Some((k.parse().map_err(|_| bad())?, n.parse().map_err(|_| bad())?));
                }
                _ => return Err(bad()),
            }
        }
        // A search stopped at its time limit has no summary: count what it showed.
        if report.executions == 0 {
            report.executions = report.schedules.len() as u64;
        }
        Ok(report)
    }
}
