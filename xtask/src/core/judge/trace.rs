//! One schedule, whole: the explorer runs a kata program on one seed with its
//! event log on (`EXPLORE_TRACE=1`), the kata's check judges that schedule as
//! the explore stage judges any, and the events that broke the check are
//! marked with the fact they broke. Drawing it is `render::trace`'s work.

use crate::base::failure::{Doing, Failed};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::core::catalog::Kata;
use crate::core::checks::{self, Params};
use crate::core::explore::{self, NotRun, Run, Schedule, Scheduler, Settings};
use crate::core::workbook::Workbook;
use std::collections::BTreeMap;

use explore_protocol::{Event, Locked, OpResult, TRACE, Trace, What};

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
    pub broke: Broke,
}

/// The fact a marked event broke (`render::broke::broke` words it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broke {
    /// Every thread left is blocked.
    Deadlock {
        blocked: Vec<explore::BlockedThread>,
    },
    /// Still running at the explorer's step limit.
    Endless,
    /// A printed fact (`None`: the facts differ from the snapshot, no
    /// problem named), with what the trace shows at that event.
    Printed {
        problem: Option<checks::Problem>,
        here: Option<Here>,
    },
    /// A fact observed on the channels.
    Channels(checks::Problem),
}

/// What the trace shows at a marked print: the `recv` lines of the `sent`
/// line's producer printed so far (counted as the lead fact counts them:
/// printed, not taken from the channel, which may run ahead of the prints),
/// and the buffer after the last channel event before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Here {
    pub recv_lines: Option<usize>,
    pub fill: usize,
    /// `None`: unbounded.
    pub capacity: Option<usize>,
}

/// What tracing gave.
#[derive(Debug, Clone)]
pub enum Tracing {
    /// The kata cannot be traced (it is not explored, or the program uses
    /// something the explorer does not model), and why.
    Unavailable {
        reason: NotRun,
    },
    Traced(Box<Traced>),
}

/// Why a kata that is not explored cannot be traced: the catalog's reason
/// (`unexplored`) when it gives one.
pub fn not_explored(kata: &Kata) -> NotRun {
    NotRun::NotExplored {
        kata: kata.name.clone(),
        why: kata.unexplored.clone(),
    }
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
) -> Result<std::result::Result<(explore::Report, String), NotRun>> {
    let file = workbook.root.join(source);
    let text = std::fs::read_to_string(&file).with_context(|| Failed::on(Doing::Read, &file))?;
    let program = explore::generate(&text, &source.display().to_string());
    let settings = Settings {
        scheduler,
        seed,
        iterations: 1,
        budget: super::explore_stage::Depth::Thorough.budget(),
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
        Run::Reported(report) => *report,
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
            reason: NotRun::NoSchedule,
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
        Problem::Deadlock { blocked, .. } => marks.push(Mark {
            event: end,
            broke: Broke::Deadlock {
                blocked: blocked.clone(),
            },
        }),
        Problem::Endless => marks.push(Mark {
            event: end,
            broke: Broke::Endless,
        }),
        Problem::Broken { facts, .. } => {
            let problems: Vec<Option<&checks::Problem>> = if facts.problems.is_empty() {
                vec![None]
            } else {
                facts.problems.iter().map(Some).collect()
            };
            for problem in problems {
                let event = problem
                    .and_then(checks::Problem::printed_line)
                    .and_then(|line| printed(trace, &line))
                    .unwrap_or(end);
                marks.push(Mark {
                    event,
                    broke: Broke::Printed {
                        problem: problem.cloned(),
                        here: here(trace, event),
                    },
                });
            }
        }
        Problem::Channels { problems } => {
            for problem in problems {
                let event = at_site(trace, problem)
                    .or_else(|| over_bound(kata, trace))
                    .or_else(|| unbacked_recv_line(trace))
                    .unwrap_or(end);
                marks.push(Mark {
                    event,
                    broke: Broke::Channels(problem.clone()),
                });
            }
        }
    }
    marks
}

/// The first event of the thread and line `problem` is about (for a
/// `WorkUnderLock`, the first thing done under the lock at that line).
fn at_site(trace: &Trace, problem: &checks::Problem) -> Option<usize> {
    let (thread, at) = problem.site()?;
    at?;
    trace.events.iter().position(|e| {
        e.at == at
            && trace.name(e.task) == thread
            && !matches!(e.what, What::Lock { .. } | What::Unlock { .. })
    })
}

/// The first print of `line`.
fn printed(trace: &Trace, line: &checks::MessageLine) -> Option<usize> {
    trace.events.iter().position(|e| match &e.what {
        What::Print { text } => line.is(text),
        _ => false,
    })
}

/// What the trace shows at a marked `event`: the buffer after the last
/// channel event before it, and for a `sent` line, the `recv` lines of its
/// producer printed so far.
fn here(trace: &Trace, event: usize) -> Option<Here> {
    let before = &trace.events[..event.min(trace.events.len())];
    let (channel, fill) = before.iter().rev().find_map(|e| match e.what {
        What::Channel { channel, fill, .. } => Some((channel, fill)),
        _ => None,
    })?;
    let printed: String = before
        .iter()
        .filter_map(|e| match &e.what {
            What::Print { text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    let recv_lines = match trace.events.get(event).map(|e| &e.what) {
        Some(What::Print { text }) => checks::received_before(&printed, text),
        _ => None,
    };
    Some(Here {
        recv_lines,
        fill,
        capacity: trace.channels.get(channel).and_then(|c| c.capacity),
    })
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
        What::Print { text } if checks::is_recv_line(text) => {
            printed += 1;
            printed > received
        }
        _ => false,
    })
}

// What the trace shows of waiting, for both drawings of it (`render::trace`,
// `render::trace_html`): facts of the schedule, not of its look.

/// Did this event wait for another thread?
pub fn blocked(what: &What) -> bool {
    match what {
        What::Channel { blocked, .. } | What::Join { blocked, .. } | What::Lock { blocked, .. } => {
            *blocked
        }
        _ => false,
    }
}

/// The event of another thread that let a blocked one go on: the last one
/// before it on the same channel, the joined thread's end, the unlock.
pub fn released_by(trace: &Trace, index: usize) -> Option<usize> {
    let event = &trace.events[index];
    let before = trace.events[..index].iter().enumerate().rev();
    let mut others = before.filter(|(_, e)| e.task != event.task);
    match &event.what {
        What::Channel { channel, .. } => others
            .find(|(_, e)| match &e.what {
                What::Channel { channel: c, .. } | What::SenderDropped { channel: c, .. } => {
                    c == channel
                }
                What::ReceiverDropped { channel: c } => c == channel,
                _ => false,
            })
            .map(|(i, _)| i),
        What::Join { task, .. } => others
            .find(|(_, e)| e.task == *task && matches!(e.what, What::Finished | What::Panicked))
            .map(|(i, _)| i),
        What::Lock { lock, .. } => others
            .find(|(_, e)| matches!(&e.what, What::Unlock { lock: l } if l == lock))
            .map(|(i, _)| i),
        _ => None,
    }
}

/// The tasks in lane order.
pub fn tasks(trace: &Trace) -> Vec<usize> {
    let mut tasks: Vec<usize> = trace.threads.iter().map(|t| t.task).collect();
    for e in &trace.events {
        if !tasks.contains(&e.task) {
            tasks.push(e.task);
        }
    }
    if !tasks.contains(&0) {
        tasks.insert(0, 0);
    }
    tasks.sort_unstable();
    tasks
}

/// Where each blocked operation that really had to wait began, by the
/// event it came before: where its thread called it (as the explorer logs
/// it), else after the thread's own last event or the spawn that made it
/// (before that the thread does not exist). It is shown only if the
/// channel, lock or thread left it no choice there; a thread that was
/// merely paused by the scheduler gets no mark.
pub fn wait_starts(trace: &Trace) -> BTreeMap<usize, usize> {
    let mut starts = BTreeMap::new();
    let mut last: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, e) in trace.events.iter().enumerate() {
        if let What::Spawn { task } = e.what {
            last.entry(task).or_insert(i);
        }
        if blocked(&e.what) {
            // The call, when the explorer logged it; no earlier than the
            // thread's last event or its spawn.
            let after = last.get(&e.task).map_or(0, |r| r + 1);
            let start = e.called.map_or(after, |c| c.max(after));
            if start < i && had_to_wait(trace, start, &e.what) {
                starts.insert(i, start);
            }
        }
        last.insert(e.task, i);
    }
    starts
}

/// Whether the operation `what` had to wait when its thread reached it,
/// right before event `start`: a receive on an empty channel, a send on a
/// full one (a rendezvous always waits), a join of a thread that had not
/// ended, a lock another thread held.
pub fn had_to_wait(trace: &Trace, start: usize, what: &What) -> bool {
    let before = &trace.events[..start.min(trace.events.len())];
    match what {
        What::Channel { op, channel, .. } => {
            let fill = before
                .iter()
                .rev()
                .find_map(|e| match e.what {
                    What::Channel {
                        channel: c, fill, ..
                    } if c == *channel => Some(fill),
                    _ => None,
                })
                .unwrap_or(0);
            let capacity = trace.channels.get(*channel).and_then(|c| c.capacity);
            if op.is_send() {
                capacity.is_some_and(|k| fill >= k)
            } else {
                fill == 0
            }
        }
        What::Join { task, .. } => !before
            .iter()
            .any(|e| e.task == *task && matches!(e.what, What::Finished | What::Panicked)),
        What::Lock { lock, .. } => {
            // The last thread to take it, unless it has let it go since.
            let mut holder = None;
            for e in before {
                match e.what {
                    What::Lock {
                        lock: l,
                        result: Locked::Ok | Locked::Poisoned,
                        ..
                    } if l == *lock => holder = Some(e.task),
                    What::Unlock { lock: l } if l == *lock => holder = None,
                    _ => {}
                }
            }
            holder.is_some()
        }
        _ => true,
    }
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
        let sent_3 = checks::MessageLine {
            event: checks::Event::Sent {
                producer: 0,
                seq: 3,
            },
            named: false,
        };
        let event = printed(&trace, &sent_3).unwrap();
        assert_eq!(event, 11);
        assert_eq!(
            here(&trace, event),
            Some(Here {
                recv_lines: Some(1),
                fill: 1,
                capacity: Some(1)
            })
        );
        // Not a `sent` line: only the buffer.
        assert_eq!(
            here(&trace, 5),
            Some(Here {
                recv_lines: None,
                fill: 1,
                capacity: Some(1)
            })
        );
    }
}
