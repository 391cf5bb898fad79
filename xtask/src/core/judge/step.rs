//! Stepping: the learner is the scheduler. The explorer runs the kata once
//! on the schedule the learner's choices make so far and stops at the first
//! point where it needs another (`explore_protocol::CHOICES`); each run is a
//! few milliseconds, so each choice is one more run. When the choices take the
//! program to its end, the kata's check judges that schedule as the explore
//! stage judges any (`trace::judged`). Saved schedules and the "break it"
//! variants live here too.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::core::catalog::Kata;
use crate::core::checks::Params;
use crate::core::explore::Scheduler;
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
    /// The kata cannot run under the explorer, in plain words.
    Unavailable { reason: String },
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
        bail!("a schedule's name is letters, digits, `-` and `_` (not `{name}`)");
    }
    Ok(root
        .join(".workbook/schedules")
        .join(format!("{}-{name}.txt", kata.name)))
}

/// Writes `choices` as a saved schedule; returns the file.
pub fn save(root: &Path, kata: &Kata, name: &str, choices: &[usize]) -> Result<PathBuf> {
    let file = schedule_file(root, kata, name)?;
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("Failed to create `{}`", dir.display()))?;
    }
    std::fs::write(&file, format!("{}\n", choices_text(choices)))
        .with_context(|| format!("Failed to write `{}`", file.display()))?;
    Ok(file)
}

/// Reads a saved schedule.
pub fn load(root: &Path, kata: &Kata, name: &str) -> Result<Vec<usize>> {
    let file = schedule_file(root, kata, name)?;
    let text = std::fs::read_to_string(&file).with_context(|| {
        format!(
            "No saved schedule `{name}` for `{}` (`{}`)",
            kata.name,
            file.display()
        )
    })?;
    parse_choices(&text).with_context(|| format!("`{}` is not a list of choices", file.display()))
}

/// A wrong variant of a kata's solution, for "break it": the schedule the
/// learner makes should break its check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakIt {
    /// What is wrong with it, in plain words.
    pub flaw: &'static str,
    /// The text replaced in the solution, and by what.
    pub from: &'static str,
    pub to: &'static str,
}

/// The wrong variant for a flow-control or shutdown kata, if it has one.
pub fn break_it(kata: &str) -> Option<BreakIt> {
    Some(match kata {
        "bounded_producer" => BreakIt {
            flaw: "an unbounded channel where the bound matters",
            from: "let (tx, rx) = mpsc::sync_channel(2);",
            to: "let (tx, rx) = mpsc::channel();",
        },
        "rendezvous" => BreakIt {
            flaw: "a buffer of 1 posing as a rendezvous",
            from: "let (tx, rx) = mpsc::sync_channel(0);",
            to: "let (tx, rx) = mpsc::sync_channel(1);",
        },
        "clean_shutdown" => BreakIt {
            flaw: "a leftover Sender that keeps the channel open",
            from: "    drop(tx);\n",
            to: "    let _leftover = tx;\n",
        },
        _ => return None,
    })
}

/// Writes the wrong variant of `kata`'s solution to
/// `.workbook/break_it/<kata>.rs` and returns it, relative to the root.
pub fn write_variant(root: &Path, kata: &Kata, flaw: &BreakIt) -> Result<PathBuf> {
    let solution = root.join(&kata.solution);
    let text = std::fs::read_to_string(&solution)
        .with_context(|| format!("Failed to read `{}`", solution.display()))?;
    if !text.contains(flaw.from) {
        bail!(
            "`{}` has no `{}` to turn into `{}`",
            kata.solution.display(),
            flaw.from,
            flaw.to
        );
    }
    let variant = text.replacen(flaw.from, flaw.to, 1);
    let relative = PathBuf::from(".workbook/break_it").join(format!("{}.rs", kata.name));
    let file = root.join(&relative);
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("Failed to create `{}`", dir.display()))?;
    }
    std::fs::write(&file, variant)
        .with_context(|| format!("Failed to write `{}`", file.display()))?;
    Ok(relative)
}
