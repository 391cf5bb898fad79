//! One schedule, whole: the explorer runs a kata program on one seed with its
//! event log on (`EXPLORE_TRACE=1`), the kata's check judges that schedule as
//! the explore stage judges any, and the events that broke the check are
//! marked with the fact they broke. Drawing it is `render::trace`'s work.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::core::catalog::Kata;
use crate::core::checks::{self, Params};
use crate::core::explore::{self, Run, Schedule, Scheduler, Settings};
use crate::core::workbook::Workbook;
use explore_protocol::{Event, OpResult, TRACE, Trace, What};

use super::explore_stage::{Finding, Problem, judge_schedules};

/// One schedule of a kata program, with everything it did.
#[derive(Debug, Clone)]
pub struct Traced {
    pub kata: String,
    /// The learner's file (or the solution) that ran, as the workbook names it.
    pub source: PathBuf,
    /// The file's lines, for showing an event's line.
    pub lines: Vec<String>,
    pub seed: u64,
    pub scheduler: Scheduler,
    pub params: Params,
    pub schedule: Schedule,
    pub trace: Trace,
    /// Why the check fails on this schedule, if it does.
    pub finding: Option<Finding>,
    /// Events that broke a check, with the fact they broke.
    pub marks: Vec<Mark>,
    /// When the learner made this schedule (`step`) rather than a seed: the
    /// command that replays it.
    pub stepped: Option<String>,
}

/// An event (by index into `trace.events`, or after the last one for what
/// never happened: a deadlock) that broke the check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub event: usize,
    pub fact: String,
}

/// What tracing gave.
#[derive(Debug, Clone)]
pub enum Tracing {
    /// The kata cannot be traced (it is not explored, or the program uses
    /// something the explorer does not model), in plain words.
    Unavailable {
        reason: String,
    },
    Traced(Box<Traced>),
}

/// Why a kata that is not explored cannot be traced: the catalog's reason
/// (`unexplored`) when it gives one.
pub fn not_explored(kata: &Kata) -> String {
    let why = kata.unexplored.as_deref().map_or_else(
        || "the schedule explorer does not run it".to_string(),
        |reason| reason.trim().trim_end_matches('.').to_string(),
    );
    format!(
        "`{}` is not explored: {why}. So it has no schedules to trace or step; \
         `cargo xtask run {}` judges it on real threads.",
        kata.name, kata.name
    )
}

/// Runs `source` (a file of the workbook) on the one schedule `seed` gives,
/// with its event log, and judges it by `kata`'s check.
pub fn trace(
    workbook: &Workbook,
    kata: &Kata,
    source: &Path,
    params: &Params,
    seed: u64,
    scheduler: Scheduler,
    extra_env: &[(String, String)],
) -> Result<Tracing> {
    if !kata.explore {
        return Ok(Tracing::Unavailable {
            reason: not_explored(kata),
        });
    }
    let (report, text) = match run(workbook, kata, source, params, seed, scheduler, extra_env)? {
        Err(reason) => return Ok(Tracing::Unavailable { reason }),
        Ok(ran) => ran,
    };
    Ok(judged(
        workbook, kata, source, &text, params, seed, scheduler, &report,
    ))
}

/// The report of `source` on one schedule, with its log, and the file's
/// text; `Err` with the reason when it cannot run under the explorer.
pub(crate) fn run(
    workbook: &Workbook,
    kata: &Kata,
    source: &Path,
    params: &Params,
    seed: u64,
    scheduler: Scheduler,
    extra_env: &[(String, String)],
) -> Result<std::result::Result<(explore::Report, String), String>> {
    let file = workbook.root.join(source);
    let text = std::fs::read_to_string(&file)
        .with_context(|| format!("Failed to read `{}`", file.display()))?;
    let program = explore::generate(&text, &source.display().to_string());
    let settings = Settings {
        scheduler,
        seed,
        iterations: 1,
        budget: super::explore_stage::CHECK_BUDGET * 4,
    };
    let mut env = checks::param_env(params);
    env.push((TRACE.to_string(), "1".to_string()));
    env.extend(extra_env.iter().cloned());
    let report = match workbook.explorer.run(
        &kata.name,
        &program,
        &workbook.root,
        &env,
        &settings,
        &workbook.confinement,
    )? {
        Run::Unavailable { reason } => return Ok(Err(reason)),
        Run::Reported(report) => report,
    };
    Ok(Ok((report, text)))
}

/// The first schedule of `report` judged by `kata`'s check, with the events
/// that broke it marked.
#[allow(clippy::too_many_arguments)]
pub(crate) fn judged(
    workbook: &Workbook,
    kata: &Kata,
    source: &Path,
    text: &str,
    params: &Params,
    seed: u64,
    scheduler: Scheduler,
    report: &explore::Report,
) -> Tracing {
    let Some(schedule) = report.schedules.first().cloned() else {
        return Tracing::Unavailable {
            reason: "the explorer ran no schedule to the end".to_string(),
        };
    };
    let finding = judge_schedules(workbook, kata, params, report, scheduler, text);
    let trace = schedule.trace.clone().unwrap_or_default();
    let marks = finding
        .as_ref()
        .map(|f| marks(kata, &trace, f))
        .unwrap_or_default();
    Tracing::Traced(Box::new(Traced {
        kata: kata.name.clone(),
        source: source.to_path_buf(),
        lines: text.lines().map(str::to_string).collect(),
        seed,
        scheduler,
        params: params.clone(),
        schedule,
        trace,
        finding,
        marks,
        stepped: None,
    }))
}

/// The events that broke the check `finding` reports, each with its fact.
pub fn marks(kata: &Kata, trace: &Trace, finding: &Finding) -> Vec<Mark> {
    let end = trace.events.len();
    let mut marks = Vec::new();
    match &finding.problem {
        Problem::Deadlock { blocked, .. } => {
            let waits: Vec<String> = blocked
                .iter()
                .map(|t| format!("{} waits at {}", t.name, wait_line(&t.wait)))
                .collect();
            marks.push(Mark {
                event: end,
                fact: format!(
                    "deadlock: every thread left is blocked ({})",
                    waits.join("; ")
                ),
            });
        }
        Problem::Endless => marks.push(Mark {
            event: end,
            fact: "still running at the explorer's step limit: a loop that never ends".to_string(),
        }),
        Problem::Broken { facts, .. } => {
            let problems = if facts.problems.is_empty() {
                vec!["the output's facts differ from the kata's snapshot".to_string()]
            } else {
                facts.problems.clone()
            };
            for problem in problems {
                let event = printed_line_named(trace, &problem).unwrap_or(end);
                let context = buffer_context(trace, event);
                marks.push(Mark {
                    event,
                    fact: format!("{problem}{context}"),
                });
            }
        }
        Problem::Channels { problems } => {
            for problem in problems {
                let event = over_bound(kata, trace)
                    .or_else(|| unbacked_recv_line(trace))
                    .unwrap_or(end);
                marks.push(Mark {
                    event,
                    fact: problem.clone(),
                });
            }
        }
    }
    marks
}

fn wait_line(wait: &explore::Wait) -> String {
    let line =
        |at: &Option<u32>| at.map_or("a line outside the file".into(), |l| format!("line {l}"));
    match wait {
        explore::Wait::Recv { at, .. } => format!("{} (recv)", line(at)),
        explore::Wait::Send { at, .. } => format!("{} (send)", line(at)),
        explore::Wait::Join { at, thread } => format!("{} (join {thread})", line(at)),
        explore::Wait::Other => "a lock or condvar".to_string(),
    }
}

/// The first print of a line the problem quotes (`` `sent 6` ``).
fn printed_line_named(trace: &Trace, problem: &str) -> Option<usize> {
    let quoted: Vec<&str> = problem.split('`').skip(1).step_by(2).collect();
    trace.events.iter().position(|e| match &e.what {
        What::Print { text } => quoted.iter().any(|q| text.trim_end() == q.trim()),
        _ => false,
    })
}

/// "(here 2 `recv` lines printed so far; buffer 2 of 2)" after a marked
/// print: the `recv` lines counted as the lead fact counts them (printed,
/// not taken from the channel, which may run ahead of the prints), and the
/// buffer after the last channel event before it.
fn buffer_context(trace: &Trace, event: usize) -> String {
    let before = &trace.events[..event.min(trace.events.len())];
    let last = before.iter().rev().find_map(|e| match e.what {
        What::Channel { channel, fill, .. } => Some((channel, fill)),
        _ => None,
    });
    let printed: String = before
        .iter()
        .filter_map(|e| match &e.what {
            What::Print { text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    let received = match trace.events.get(event).map(|e| &e.what) {
        Some(What::Print { text }) => checks::received_before(&printed, text),
        _ => None,
    };
    let Some((channel, fill)) = last else {
        return String::new();
    };
    let cap = trace.channels.get(channel).and_then(|c| c.capacity);
    let of = cap.map_or("unbounded".to_string(), |k| format!("{fill} of {k}"));
    match received {
        Some(1) => format!(" (here 1 `recv` line printed so far; buffer {of})"),
        Some(n) => format!(" (here {n} `recv` lines printed so far; buffer {of})"),
        None => format!(" (here: buffer {of})"),
    }
}

/// The first channel operation after which a buffer held more than the
/// kata's bound: for a rendezvous, a send that returned with its message
/// still waiting in a buffer.
fn over_bound(kata: &Kata, trace: &Trace) -> Option<usize> {
    let bound = kata.bound?;
    trace
        .events
        .iter()
        .position(|e| matches!(e.what, What::Channel { fill, .. } if fill > bound))
}

/// The first `recv` line printed when more were printed than received.
fn unbacked_recv_line(trace: &Trace) -> Option<usize> {
    let mut received = 0;
    let mut printed = 0;
    trace.events.iter().position(|e: &Event| match &e.what {
        What::Channel {
            op,
            result: OpResult::Ok,
            ..
        } if !op.is_send() => {
            received += 1;
            false
        }
        What::Print { text } if text.split_whitespace().next() == Some("recv") => {
            printed += 1;
            printed > received
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use explore_protocol::{Op, TraceChannel};

    fn channel(task: usize, op: Op, fill: usize, message: u64) -> Event {
        Event {
            task,
            at: None,
            what: What::Channel {
                op,
                channel: 0,
                result: OpResult::Ok,
                blocked: false,
                fill,
                message: Some(message),
            },
            called: None,
        }
    }

    fn print(task: usize, text: &str) -> Event {
        Event {
            task,
            at: None,
            what: What::Print {
                text: format!("{text}\n"),
            },
            called: None,
        }
    }

    /// The consumer has taken 3 messages from the channel but printed only
    /// one `recv` line when `sent 3` is printed: the lead fact counts the
    /// printed lines, so the mark must count them too.
    #[test]
    fn a_lead_mark_counts_printed_recv_lines_as_its_fact_does() {
        let (producer, consumer) = (1, 0);
        let trace = Trace {
            channels: vec![TraceChannel {
                made_at: Some(3),
                capacity: Some(1),
            }],
            events: vec![
                channel(producer, Op::Send, 1, 0),
                print(producer, "sent 0"),
                channel(consumer, Op::Iter, 0, 0),
                channel(producer, Op::Send, 1, 1),
                print(producer, "sent 1"),
                print(consumer, "recv 0"),
                channel(consumer, Op::Iter, 0, 1),
                channel(producer, Op::Send, 1, 2),
                print(producer, "sent 2"),
                channel(consumer, Op::Iter, 0, 2),
                channel(producer, Op::Send, 1, 3),
                print(producer, "sent 3"),
                print(consumer, "recv 1"),
            ],
            ..Trace::default()
        };
        let fact = "`sent 3` was printed when only 1 message had been received";
        let event = printed_line_named(&trace, fact).unwrap();
        assert_eq!(event, 11);
        assert_eq!(
            buffer_context(&trace, event),
            " (here 1 `recv` line printed so far; buffer 1 of 1)"
        );
        // Not a `sent` line: only the buffer.
        assert_eq!(buffer_context(&trace, 5), " (here: buffer 1 of 1)");
    }
}
