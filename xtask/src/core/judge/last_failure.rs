//! The schedule the last failing check of a kata found, kept beside the
//! progress (`.workbook/last_failure/<kata>.txt`), so that `trace <kata>`
//! draws the schedule the learner just failed on, not a new search's.
//!
//! Tied to the file as it was judged: once the file changes, the record no
//! longer answers, and `trace` searches again.

use crate::base::failure::{Doing, Failed};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::core::catalog::Kata;
use crate::core::checks::Params;
use crate::core::explore::Scheduler;
use crate::core::judge::Verdict;
use crate::core::progress::{file_hash, state_dir};

/// Why the last check of a kata in `watch` has no failing schedule for `t`
/// to draw; worded by `render::watch::no_schedule`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoSchedule {
    /// The kata is not judged on schedules at all.
    NotExplored(crate::core::explore::NotRun),
    /// The kata has not been checked in this `watch`.
    NotChecked,
    /// Its file changed since its last check.
    Changed,
    /// The last check passed.
    Passed,
    /// The file does not compile.
    DoesNotCompile,
    /// The last check failed on real threads, not on a schedule.
    RealThreads(RealFailure),
}

/// How a check failed on real threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RealFailure {
    /// Its output broke the check.
    Output,
    /// It was stopped at the time limit.
    TimeLimit,
    /// One of its limits stopped it.
    Limit,
    /// Its real run's record missed the kata's point.
    Record,
}

/// A failing schedule: how to replay it on the same program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastFailure {
    pub seed: u64,
    pub scheduler: Scheduler,
    pub params: Params,
    /// The choices that replay a schedule of the bounded search.
    pub choices: Option<Vec<usize>>,
}

impl LastFailure {
    /// What replays the schedule beside its seed (`Finding::replay_env`).
    pub fn replay_env(&self) -> Vec<(String, String)> {
        self.choices
            .iter()
            .map(|c| {
                (
                    explore_protocol::CHOICES.to_string(),
                    explore_protocol::choices_text(c),
                )
            })
            .collect()
    }
}

fn path(root: &Path, kata: &Kata) -> PathBuf {
    state_dir(root)
        .join("last_failure")
        .join(format!("{}.txt", kata.name))
}

/// Keeps the schedule `verdict` failed on, for `file` (the file as judged);
/// any other verdict forgets the kata's record.
pub fn record(root: &Path, kata: &Kata, file: Option<&[u8]>, verdict: &Verdict) -> Result<()> {
    let path = path(root, kata);
    let (
        Verdict::Schedule {
            finding, params, ..
        },
        Some(file),
    ) = (verdict, file)
    else {
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(e).with_context(|| Failed::on(Doing::Remove, &path));
            }
            _ => return Ok(()),
        }
    };
    let params: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let mut text = format!(
        "file {}\nseed {}\nscheduler {}\nparams {}\n",
        file_hash(file),
        finding.seed,
        finding.scheduler.as_str(),
        params.join(" ")
    );
    if let Some(bounded) = &finding.bounded {
        text.push_str(&format!(
            "choices {}\n",
            explore_protocol::choices_text(&bounded.choices)
        ));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| Failed::on(Doing::Create, dir))?;
    }
    std::fs::write(&path, text).with_context(|| Failed::on(Doing::Write, &path))
}

/// The schedule the last check of `kata` failed on, if `file_now` is the
/// file it judged (an unreadable or garbled record is no record).
pub fn load(root: &Path, kata: &Kata, file_now: &[u8]) -> Option<LastFailure> {
    let text = std::fs::read_to_string(path(root, kata)).ok()?;
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(' '))
    };
    if field("file")? != file_hash(file_now) {
        return None;
    }
    let mut params = Params::new();
    for pair in field("params")?.split_whitespace() {
        let (name, value) = pair.split_once('=')?;
        params.insert(name.to_string(), value.parse().ok()?);
    }
    Some(LastFailure {
        seed: field("seed")?.parse().ok()?,
        scheduler: Scheduler::parse(field("scheduler")?)?,
        params,
        choices: match field("choices") {
            Some(text) => Some(explore_protocol::parse_choices(text)?),
            None => None,
        },
    })
}
