//! Stepping: the learner is the scheduler. The explorer runs the kata once
//! on the schedule the learner's choices make so far and stops at the first
//! point where it needs another (`explore_protocol::CHOICES`); each run is a
//! few milliseconds, so each choice is one more run. When the choices take the
//! program to its end, the kata's check judges that schedule as the explore
//! stage judges any (`trace::judged`). Saved schedules and the "break it"
//! variants live here too.

mod problem;

pub use problem::{BadLine, BadScheduleName, NoVariant, SavedProblem};

use crate::base::failure::{Doing, Failed};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::core::catalog::Kata;
use crate::core::checks::Params;
use crate::core::explore::{NotRun, Scheduler};
use crate::core::workbook::Workbook;
use explore_protocol::{CHOICES, ChoicePoint, choices_text, parse_choices};

use super::trace::{self, Traced, Tracing};

/// Where one stepped run got to.
#[derive(Debug, Clone)]
pub enum Step {
    /// It stopped to ask which thread goes next.
    Ask(ChoicePoint),
    /// The choices took it to its end: the schedule, judged.
    Done(Box<Traced>),
    /// The kata cannot run under the explorer, and why.
    Unavailable { reason: NotRun },
}

/// Runs `source` on the schedule `choices` make, as far as they go.
pub fn step(
    workbook: &Workbook,
    kata: &Kata,
    source: &Path,
    params: &Params,
    choices: &[usize],
) -> Result<Step> {
    if !kata.explore {
        return Ok(Step::Unavailable {
            reason: trace::not_explored(kata),
        });
    }
    let env = [(CHOICES.to_string(), choices_text(choices))];
    let scheduler = Scheduler::Random;
    let (report, text) = match trace::run(workbook, kata, source, params, 0, scheduler, &env)? {
        Err(reason) => return Ok(Step::Unavailable { reason }),
        Ok(ran) => ran,
    };
    if let Some(point) = report.choice.clone() {
        return Ok(Step::Ask(point));
    }
    Ok(
        match trace::judged(workbook, kata, source, &text, params, 0, scheduler, &report) {
            Tracing::Traced(traced) => Step::Done(traced),
            Tracing::Unavailable { reason } => Step::Unavailable { reason },
        },
    )
}

/// `.workbook/schedules/<kata>-<name>.txt`.
pub fn schedule_file(root: &Path, kata: &Kata, name: &str) -> Result<PathBuf> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return Err(BadScheduleName(name.to_string()).into());
    }
    Ok(root
        .join(".workbook/schedules")
        .join(format!("{}-{name}.txt", kata.name)))
}

/// A schedule the learner made, as saved: the parameters it ran with and the
/// thread picked at each choice. The same parameters and choices on the same
/// program are the same schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub params: Params,
    pub choices: Vec<usize>,
}

/// Writes a schedule; returns the file. `made` is the `step` command that
/// made it and `replay` the one that replays the file, kept in comments for
/// whoever opens it.
pub fn save(
    root: &Path,
    kata: &Kata,
    name: &str,
    made: &str,
    replay: &str,
    saved: &Saved,
) -> Result<PathBuf> {
    let file = schedule_file(root, kata, name)?;
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).with_context(|| Failed::on(Doing::Create, dir))?;
    }
    let params: Vec<String> = saved
        .params
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let text = format!(
        "# A schedule of `{}`, made with `{made}`.\n\
         # Replay it: {replay}\n\
         params {}\n\
         choices {}\n",
        kata.name,
        params.join(" "),
        choices_text(&saved.choices)
    );
    std::fs::write(&file, text).with_context(|| Failed::on(Doing::Write, &file))?;
    Ok(file)
}

/// Reads a saved schedule, with a clear message when it is missing or is
/// not one.
pub fn load(root: &Path, kata: &Kata, name: &str) -> Result<Saved> {
    let file = schedule_file(root, kata, name)?;
    let saved = |file: &Path| (kata.name.clone(), name.to_string(), file.to_path_buf());
    let text = std::fs::read_to_string(&file).with_context(|| {
        let (kata, name, file) = saved(&file);
        SavedProblem::Missing { kata, name, file }
    })?;
    parse_saved(kata, &text)
        .map_err(anyhow::Error::from)
        .with_context(|| {
            let (kata, name, file) = saved(&file);
            SavedProblem::NotASchedule { kata, name, file }
        })
}

/// The `params` and `choices` lines of a saved schedule; `#` lines are
/// comments.
fn parse_saved(kata: &Kata, text: &str) -> Result<Saved, BadLine> {
    let mut params = Params::new();
    let mut choices = None;
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, rest) = line.split_once(' ').unwrap_or((line, ""));
        match key {
            "params" => {
                for pair in rest.split_whitespace() {
                    let Some((param, value)) = pair.split_once('=') else {
                        return Err(BadLine::NotAPair {
                            line: number + 1,
                            pair: pair.to_string(),
                        });
                    };
                    let Ok(value) = value.parse::<usize>() else {
                        return Err(BadLine::NotANumber {
                            line: number + 1,
                            value: value.to_string(),
                        });
                    };
                    if !kata.params.contains_key(param) {
                        return Err(BadLine::NoSuchParam {
                            line: number + 1,
                            kata: kata.name.clone(),
                            param: param.to_string(),
                        });
                    }
                    params.insert(param.to_string(), value);
                }
            }
            "choices" => match parse_choices(rest) {
                // Empty: the program never had two threads to choose between.
                Some(list) => choices = Some(list),
                _ => {
                    return Err(BadLine::NotChoices {
                        line: number + 1,
                        text: rest.to_string(),
                    });
                }
            },
            _ => {
                return Err(BadLine::NeitherKey {
                    line: number + 1,
                    text: line.to_string(),
                });
            }
        }
    }
    match choices {
        Some(choices) => Ok(Saved { params, choices }),
        None => Err(BadLine::NoChoices),
    }
}

/// A wrong variant of a kata's solution, for "break it": the schedule the
/// learner makes should break its check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakIt {
    /// What is wrong with it, in plain words.
    pub flaw: &'static str,
    /// The change, in a few words for the learner.
    pub change: &'static str,
    /// The text replaced in the solution, and by what.
    pub from: &'static str,
    pub to: &'static str,
}

/// The katas with a "break it" challenge: every explored kata of the
/// chapters "Flow control" and "Shutdown and deadlock". (`try_send_shed` is
/// not explored: one thread at a time uses its channel, so there is no
/// schedule to choose; its catalog entry says so.)
pub const BREAK_IT: [&str; 7] = [
    "bounded_producer",
    "rendezvous",
    "unbounded_backlog",
    "clean_shutdown",
    "drop_before_iterating",
    "recv_before_send",
    "same_thread_rendezvous",
];

/// The wrong variant for a flow-control or shutdown kata, if it has one.
pub fn break_it(kata: &str) -> Option<BreakIt> {
    Some(match kata {
        "bounded_producer" => BreakIt {
            flaw: "an unbounded channel where the bound matters",
            change: "`mpsc::channel()` instead of `mpsc::sync_channel(2)`",
            from: "let (tx, rx) = mpsc::sync_channel(2);",
            to: "let (tx, rx) = mpsc::channel();",
        },
        "rendezvous" => BreakIt {
            flaw: "a buffer of 1 posing as a rendezvous",
            change: "`sync_channel(1)` instead of `sync_channel(0)`",
            from: "let (tx, rx) = mpsc::sync_channel(0);",
            to: "let (tx, rx) = mpsc::sync_channel(1);",
        },
        "unbounded_backlog" => BreakIt {
            flaw: "an unbounded first link, where the backlog collects",
            change: "`mpsc::channel()` instead of `mpsc::sync_channel(1)` for the first link",
            from: "let (to_relay, relay_rx) = mpsc::sync_channel(1);",
            to: "let (to_relay, relay_rx) = mpsc::channel();",
        },
        "clean_shutdown" => BreakIt {
            flaw: "a loop that stops at the first moment the channel is empty, not when \
                   every Sender is gone",
            change: "`while let Ok((id, seq)) = rx.try_recv()` instead of `for (id, seq) in rx`",
            from: "    for (id, seq) in rx {\n",
            to: "    while let Ok((id, seq)) = rx.try_recv() {\n",
        },
        "drop_before_iterating" => BreakIt {
            flaw: "a team that keeps its Sender while main receives",
            change: "`let _team = team;` instead of `drop(team);`",
            from: "    drop(team);\n",
            to: "    let _team = team;\n",
        },
        "recv_before_send" => BreakIt {
            flaw: "no serve: both threads start by waiting in recv",
            change: "no `to_pong.send(0)` before main's loop",
            from: "    to_pong.send(0).unwrap();\n",
            to: "    // (no serve)\n",
        },
        "same_thread_rendezvous" => BreakIt {
            flaw: "main joining the producer before it receives, so no recv meets its send",
            change: "`producer.join()` before the receiving loop instead of after it",
            from: "    for i in rx {\n        println!(\"recv {i}\");\n    }\n    producer.join().unwrap();\n",
            to: "    producer.join().unwrap();\n    for i in rx {\n        println!(\"recv {i}\");\n    }\n",
        },
        _ => return None,
    })
}

/// Writes the wrong variant of `kata`'s solution to
/// `.workbook/break_it/<kata>.rs` and returns it, relative to the root.
pub fn write_variant(root: &Path, kata: &Kata, flaw: &BreakIt) -> Result<PathBuf> {
    let solution = root.join(&kata.solution);
    if !solution.exists() {
        return Err(NoVariant::NoSolution {
            kata: kata.name.clone(),
            solution: kata.solution.clone(),
        }
        .into());
    }
    let text =
        std::fs::read_to_string(&solution).with_context(|| Failed::on(Doing::Read, &solution))?;
    if !text.contains(flaw.from) {
        return Err(NoVariant::NoText {
            solution: kata.solution.clone(),
            from: flaw.from,
            to: flaw.to,
        }
        .into());
    }
    let variant = text.replacen(flaw.from, flaw.to, 1);
    let relative = PathBuf::from(".workbook/break_it").join(format!("{}.rs", kata.name));
    let file = root.join(&relative);
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).with_context(|| Failed::on(Doing::Create, dir))?;
    }
    // Written aside and renamed into place: a `step` running at the same
    // time never reads it half-written.
    let aside = file.with_extension(format!("rs.{}", std::process::id()));
    std::fs::write(&aside, variant).with_context(|| Failed::on(Doing::Write, &aside))?;
    std::fs::rename(&aside, &file).with_context(|| Failed::on(Doing::Write, &file))?;
    Ok(relative)
}
