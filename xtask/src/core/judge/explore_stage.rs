//! The judge's explore stage: a kata marked `explore = true` that passes on
//! real threads, or hangs, is judged again under many thread schedules, and a
//! schedule that fails replaces the verdict.
//!
//! The rules live here: which verdicts are explored (`refine`), the early
//! search that starts beside the real build while the learner waits
//! (`search_early`) and may give up a hanging real run once it has found a
//! deadlock, and how each schedule of the explorer's report is judged by the
//! kata's own check (`judge_schedules`). Running the explorer is
//! `core::explore`'s work. Only katas that do not depend on real time can be
//! marked: shuttle has no clock.

use crate::base::failure::{Doing, Failed};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result};

use crate::base::execute::{Exit, RunOutput};
use crate::core::catalog::Kata;
use crate::core::checks::{self, Facts, Params, channels};
use crate::core::explore::{
    self, BlockedThread, Bounded, Ending, NotRun, Report, Run, Schedule, Scheduler, Settings,
};
use crate::core::workbook::{Target, Workbook};

pub use super::check_search::{
    BoundedCovered, Searched, bounded_params, bounded_preemptions, bounded_settings, check_search,
    check_search_file, content_seed,
};
pub use super::held_sender::{HeldSender, KeptReceiver};
use super::held_sender::{held_sender, kept_receiver};
use super::{Judged, JudgedOn, Verdict};

/// How much a check of a marked kata searches at random, after the bounded
/// search (`check_search`).
///
/// `run`, `next` and `watch` judge one kata while the learner waits: 200
/// schedules. `verify` and grading judge for the record: 1000 schedules
/// (`docs/speed.md` says how long each takes). A bug that only 1% of
/// schedules show would slip past 200 about once in 8 and past 1000 about
/// once in 23,000; the bounded search before them misses none that shows at
/// its parameters within its preemptions, and both parts are seeded from the
/// program's text, so a file gets the same verdict on every check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// While the learner waits for a verdict.
    Quick,
    /// For `verify`, grading and the curriculum.
    Thorough,
}

impl Depth {
    pub fn iterations(self) -> u64 {
        match self {
            Self::Quick => 200,
            Self::Thorough => 1000,
        }
    }

    /// Wall-time budget of the random search; it stops early rather than
    /// slow a check. For the record it is far beyond what a solution needs,
    /// even on a busy machine, so that two gradings search alike.
    pub fn budget(self) -> Duration {
        match self {
            Self::Quick => Duration::from_millis(1500),
            Self::Thorough => Duration::from_secs(6),
        }
    }
}

/// The search that names a hang's deadlock while the learner waits stops
/// after this (it usually needs a few milliseconds: every schedule deadlocks).
const HANG_EXPLAINED_WITHIN: Duration = Duration::from_millis(300);

/// Start seeds are drawn below this, so a seed to replay stays short to type.
const SEEDS: u64 = 1_000_000_000;

/// The random search a marked kata gets on every check, from `seed`
/// ([`content_seed`]: the same file, the same schedules).
pub fn check_settings(depth: Depth, seed: u64) -> Settings {
    Settings {
        scheduler: Scheduler::Random,
        seed: seed % SEEDS,
        iterations: depth.iterations(),
        budget: depth.budget(),
    }
}

/// A seed to start a search at, short enough to type when replaying it.
pub fn fresh_seed() -> u64 {
    fastrand::u64(..SEEDS)
}

/// The outcome of an exploration.
// One per search, never kept in bulk: the size of `Explored` costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Exploration {
    /// The program cannot run under the explorer (it uses something shuttle
    /// does not model); its verdict on real threads stands.
    Unavailable {
        reason: NotRun,
    },
    Explored(Explored),
}

#[derive(Debug, Clone)]
pub struct Explored {
    pub scheduler: Scheduler,
    pub params: Params,
    /// Executions run (each one a schedule).
    pub executions: u64,
    /// Distinct outcomes among them.
    pub distinct: usize,
    /// The first schedule that fails the kata, if any.
    pub finding: Option<Finding>,
    /// A bounded search's largest bound whose schedules it all ran, and how
    /// many those were.
    pub bound: Option<(usize, u64)>,
    /// The bounded search a check ran before this random one, and passed.
    pub bounded_first: Option<Box<Explored>>,
}

/// A schedule on which the kata fails.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Replays this schedule: `cargo xtask explore <kata> --seed <seed>`
    /// (with the same parameters and scheduler).
    pub seed: u64,
    pub scheduler: Scheduler,
    /// Schedules tried, and how many of them fail the kata. The search stops
    /// at the first deadlock or panic, so there `failing` is 1.
    pub explored: u64,
    pub failing: u64,
    pub problem: Problem,
    /// What the program printed on this schedule: the interleaving.
    pub stdout: Vec<String>,
    /// Found by the bounded search: its preemptions, and the choices that
    /// replay it (`cargo xtask step <kata> --choices ...`).
    pub bounded: Option<Bounded>,
}

impl Finding {
    /// What replays this schedule beside its seed: the bounded search's
    /// choices ([`explore_protocol::CHOICES`]), if it found it.
    pub fn replay_env(&self) -> Vec<(String, String)> {
        self.bounded
            .iter()
            .map(|b| {
                (
                    explore_protocol::CHOICES.to_string(),
                    explore_protocol::choices_text(&b.choices),
                )
            })
            .collect()
    }
}

#[derive(Debug, Clone)]
pub enum Problem {
    /// Every thread that has not finished is blocked, and `main` has not returned.
    Deadlock {
        blocked: Vec<BlockedThread>,
        finished: usize,
        /// The Sender that keeps a waiting thread's channel open, by name,
        /// when the program's text tells.
        held: Option<Box<HeldSender>>,
        /// The Receiver a thread keeps while it joins one that waits in
        /// `send`, when the program's text tells.
        kept: Option<Box<KeptReceiver>>,
    },
    /// Still running after shuttle's step limit: a loop that never ends.
    Endless,
    /// Finished, but the check's facts differ from the snapshot.
    Broken {
        facts: Facts,
        expected: Option<String>,
    },
    /// Printed the right facts, but the channels show the kata's point was
    /// missed (`core::checks::channels`).
    Channels { problems: Vec<checks::Problem> },
}

/// Explores `kata` with the program in `source` (a file of the workbook).
pub fn explore(
    workbook: &Workbook,
    kata: &Kata,
    source: &Path,
    params: &Params,
    settings: &Settings,
) -> Result<Exploration> {
    let program = program_of(workbook, source)?;
    explore_program(workbook, kata, &program, params, settings)
}

/// The file of `kata` that `target` explores. Shipped files are never
/// explored: they are meant to fail.
pub(super) fn explored_source(kata: &Kata, target: Target) -> Option<&Path> {
    match target {
        Target::Exercise => Some(&kata.path),
        Target::Solution => Some(&kata.solution),
        Target::Shipped => None,
    }
}

/// The program the explorer builds for the file `source` of the workbook.
pub(super) fn program_of(workbook: &Workbook, source: &Path) -> Result<String> {
    let file = workbook.root.join(source);
    let text = std::fs::read_to_string(&file).with_context(|| Failed::on(Doing::Read, &file))?;
    Ok(explore::generate(&text, &source.display().to_string()))
}

/// `explore` for a program already generated: the explorer's report, each
/// schedule judged by the kata's check.
pub(super) fn explore_program(
    workbook: &Workbook,
    kata: &Kata,
    program: &str,
    params: &Params,
    settings: &Settings,
) -> Result<Exploration> {
    let mut env = checks::param_env(params);
    if settings.scheduler == Scheduler::Bounded {
        env.push((
            explore_protocol::PREEMPTIONS.to_string(),
            bounded_preemptions(kata).to_string(),
        ));
    }
    let report = match workbook.explorer.run(
        &kata.name,
        program,
        &workbook.root,
        &env,
        settings,
        &workbook.confinement,
    )? {
        Run::Unavailable { reason } => return Ok(Exploration::Unavailable { reason }),
        Run::Reported(report) => *report,
    };
    let finding = judge_schedules(
        workbook,
        kata,
        params,
        &report,
        settings.scheduler,
        explore::kata_text(program),
    );
    Ok(Exploration::Explored(Explored {
        scheduler: settings.scheduler,
        params: params.clone(),
        executions: report.executions,
        distinct: report.schedules.len(),
        finding,
        bound: report.bound,
        bounded_first: None,
    }))
}

/// Searches started while the real build runs (`search_early`), by kata.
#[derive(Default)]
pub struct EarlySearches {
    pending: Mutex<Vec<Pending>>,
}

struct Pending {
    kata: String,
    /// The program searched: the file as it was when the search started.
    program: String,
    /// `None` if called off before the search began.
    search: std::thread::JoinHandle<Option<Result<Exploration>>>,
    /// Set when nobody will ask for the result (the kata failed on real
    /// threads): the search is not started, if it has not started yet.
    called_off: Arc<AtomicBool>,
    /// Set by the search when a schedule deadlocks: the verdict is decided,
    /// and the real runs, which may be hanging too, are given up.
    deadlocked: Arc<AtomicBool>,
}

impl EarlySearches {
    /// The search of `kata`'s `program`, if one was started for exactly it.
    fn take(&self, kata: &str, program: &str) -> Option<Result<Exploration>> {
        self.take_first(|p| p.kata == kata && p.program == program)
    }

    /// The search of `kata` that found a deadlock, for whichever program:
    /// the real runs were given up because of it.
    fn take_deadlocked(&self, kata: &str) -> Option<Result<Exploration>> {
        self.take_first(|p| p.kata == kata && p.deadlocked.load(Ordering::Acquire))
    }

    /// Waits for the first search that `wanted`, and takes its result.
    fn take_first(&self, wanted: impl Fn(&Pending) -> bool) -> Option<Result<Exploration>> {
        let mut pending = self.pending.lock().expect("no panics while held");
        let index = pending.iter().position(wanted)?;
        // A panic in the search thread: searched again on this thread.
        pending.swap_remove(index).search.join().ok().flatten()
    }

    /// The flag the search of `kata` sets when it finds a deadlock.
    pub fn give_up(&self, kata: &str) -> Option<Arc<AtomicBool>> {
        let pending = self.pending.lock().expect("no panics while held");
        let search = pending.iter().find(|p| p.kata == kata)?;
        Some(Arc::clone(&search.deadlocked))
    }
}

/// Searches nobody took are called off, so that a failing check does not
/// leave a search competing with the next one (`watch`).
impl Drop for EarlySearches {
    fn drop(&mut self) {
        let pending = self.pending.get_mut().unwrap_or_else(|e| e.into_inner());
        for search in pending.iter() {
            search.called_off.store(true, Ordering::Relaxed);
        }
    }
}

/// Starts the quick search of each marked kata on a thread of its own (its
/// explorer's build, then the schedules), while the real build and runs go on
/// beside it (two cores): a pass then waits for little or nothing. Only while
/// the learner waits (`Depth::Quick`), and never before the toolkit's first
/// build (it compiles shuttle, and is shown).
///
/// A kata that fails on real threads is never explored: its verdict does not
/// wait for the thread, which ends with the process (the explorer's cache is
/// filled atomically).
pub fn search_early(workbook: &Workbook, katas: &[&Kata], target: Target) -> EarlySearches {
    let early = EarlySearches::default();
    if !workbook.explorer.ready() {
        return early;
    }
    for kata in katas.iter().filter(|k| k.explore) {
        let Some(program) =
            explored_source(kata, target).and_then(|s| program_of(workbook, s).ok())
        else {
            continue;
        };
        let (workbook, owned, searched) = (workbook.clone(), (*kata).clone(), program.clone());
        let called_off = Arc::new(AtomicBool::new(false));
        let deadlocked = Arc::new(AtomicBool::new(false));
        let (off, found) = (Arc::clone(&called_off), Arc::clone(&deadlocked));
        let search = std::thread::Builder::new()
            .name(format!("search {}", kata.name))
            .spawn(move || {
                // The build first: cached, it is not wasted even if called off.
                let built = workbook.explorer.build(&owned.name, &searched);
                match built {
                    // Not compiled twice: the reason is the search's result.
                    Ok(Err(reason)) => return Some(Ok(Exploration::Unavailable { reason })),
                    Err(_) => return None,
                    Ok(Ok(_)) if off.load(Ordering::Relaxed) => return None,
                    Ok(Ok(_)) => {}
                }
                let exploration = check_search(&workbook, &owned, &searched, Depth::Quick);
                if let Ok(Exploration::Explored(Explored {
                    finding: Some(finding),
                    ..
                })) = &exploration
                    && matches!(finding.problem, Problem::Deadlock { .. })
                {
                    found.store(true, Ordering::Release);
                }
                Some(exploration)
            });
        if let Ok(search) = search {
            early
                .pending
                .lock()
                .expect("no panics while held")
                .push(Pending {
                    kata: kata.name.clone(),
                    program,
                    search,
                    called_off,
                    deadlocked,
                });
        }
    }
    early
}

/// For katas marked `explore = true`: a pass on real threads is checked again
/// under many schedules, and a schedule that fails replaces the verdict. A
/// time-out in which every thread was blocked is explored to name the
/// deadlock: which thread waits for what, at which line. Shipped files are
/// never explored (they are meant to fail).
pub fn refine(
    workbook: &Workbook,
    kata: &Kata,
    target: Target,
    judged: &mut Judged,
    depth: Depth,
    early: &EarlySearches,
) -> Result<()> {
    match explored_source(kata, target) {
        Some(source) => refine_one(workbook, kata, source, judged, depth, early),
        None => Ok(()),
    }
}

/// `refine` for any program written for `kata`, in the file `source` of the
/// workbook (the attempt corpus is judged this way, as a learner's file is).
pub fn refine_source(
    workbook: &Workbook,
    kata: &Kata,
    source: &Path,
    judged: &mut Judged,
    depth: Depth,
) -> Result<()> {
    refine_one(
        workbook,
        kata,
        source,
        judged,
        depth,
        &EarlySearches::default(),
    )
}

fn refine_one(
    workbook: &Workbook,
    kata: &Kata,
    source: &Path,
    judged: &mut Judged,
    depth: Depth,
    early: &EarlySearches,
) -> Result<()> {
    if !kata.explore {
        // Unless its recording was made (or tried) beside the build.
        if judged.judged_on != JudgedOn::Output {
            return Ok(());
        }
        return judge_on_records(workbook, kata, source, judged, depth);
    }
    let (params, timed_out) = match &judged.verdict {
        // The check's search draws its own.
        Verdict::Pass => (Params::new(), None),
        // A thread still running (a busy loop) is no deadlock to explain.
        Verdict::Timeout { output, params }
            if output.hang.as_ref().is_none_or(|h| h.all_blocked) =>
        {
            (params.clone(), Some(output.clone()))
        }
        _ => return Ok(()),
    };
    // A hang's verdict is the real run's, at its time limit; the explorer
    // only adds the name of the deadlock, and never makes it wait for the
    // explorer's library to be built.
    if timed_out.is_some() && !workbook.explorer.ready() {
        return Ok(());
    }
    let started = std::time::Instant::now();
    let program = program_of(workbook, source)?;
    let given_up = timed_out.as_ref().is_some_and(|o| o.exit == Exit::GaveUp);
    let searched = match &timed_out {
        None => early.take(&kata.name, &program),
        // Given up because this search found a deadlock: it is the verdict.
        Some(_) if given_up => early.take_deadlocked(&kata.name),
        // A deadlock is explained with the parameters it hung with.
        Some(_) => None,
    };
    let exploration = match searched {
        Some(exploration) => exploration?,
        None if timed_out.is_none() => check_search(workbook, kata, &program, depth)?,
        None => {
            let mut settings = check_settings(depth, content_seed(&program, Some(&params)));
            // A learner waiting for a hang's verdict waits at most this much
            // beyond the time limit for the deadlock to be named.
            if depth == Depth::Quick {
                settings.budget = settings.budget.min(HANG_EXPLAINED_WITHIN);
            }
            explore_program(workbook, kata, &program, &params, &settings)?
        }
    };
    judged.duration += started.elapsed();
    let explored = match exploration {
        Exploration::Explored(explored) => explored,
        // What the explorer cannot run is judged on its real runs' records.
        Exploration::Unavailable { reason } => {
            if timed_out.is_none() {
                judged.judged_on = JudgedOn::Unjudged { reason };
                judge_on_records(workbook, kata, source, judged, depth)?;
            }
            return Ok(());
        }
    };
    if timed_out.is_none() {
        judged.searched = Some(explored.searched());
    }
    if timed_out.is_none() && !kata.channels.is_empty() {
        let bounded = explored.bounded_first.as_ref().map_or(0, |b| b.executions);
        judged.judged_on = JudgedOn::Schedules {
            executions: explored.executions + bounded,
        };
    }
    let Explored {
        finding: Some(finding),
        params,
        ..
    } = explored
    else {
        return Ok(());
    };
    if timed_out.is_some() && !matches!(finding.problem, Problem::Deadlock { .. }) {
        return Ok(());
    }
    judged.verdict = Verdict::Schedule {
        finding: Box::new(finding),
        params,
        // Stopped before its time limit: it did not time out.
        timed_out: timed_out.filter(|_| !given_up),
    };
    Ok(())
}

/// A pass of a kata with channel facts that were not judged on a record
/// (the explorer could not run the program, or its recording was not made
/// beside the build) is judged again on the records of real runs. Where no
/// record can be made either, the verdict says why.
fn judge_on_records(
    workbook: &Workbook,
    kata: &Kata,
    source: &Path,
    judged: &mut Judged,
    depth: Depth,
) -> Result<()> {
    let recorded = matches!(judged.judged_on, JudgedOn::Records { .. });
    if kata.channels.is_empty() || recorded || !judged.verdict.passed() {
        return Ok(());
    }
    let started = std::time::Instant::now();
    let unexplored = match &judged.judged_on {
        JudgedOn::Unjudged { reason } => Some(reason.clone()),
        _ => None,
    };
    let recording = workbook
        .recorder_ready(depth)
        .and_then(|()| workbook.recorder(&kata.name, source));
    let (verdict, judged_on) = match recording {
        Ok(recording) => workbook.judge_recorded(kata, &recording)?,
        Err(reason) => (
            Verdict::Pass,
            JudgedOn::Unjudged {
                reason: match unexplored {
                    Some(explorer) => NotRun::Neither {
                        explorer: Box::new(explorer),
                        recorder: Box::new(reason),
                    },
                    None => reason,
                },
            },
        ),
    };
    judged.verdict = verdict;
    judged.judged_on = judged_on;
    judged.duration += started.elapsed();
    Ok(())
}

/// The first schedule (in the order they were found) on which the kata fails,
/// with the number of schedules that fail.
pub(super) fn judge_schedules(
    workbook: &Workbook,
    kata: &Kata,
    params: &Params,
    report: &Report,
    scheduler: Scheduler,
    source: &str,
) -> Option<Finding> {
    let snapshot = checks::Snapshot::read(&workbook.snapshot_dir(), &kata.name);
    let expected = snapshot.as_ref().map(checks::Snapshot::text);
    // Many outputs reduce to the same facts; each is compared once.
    let mut judged: BTreeMap<String, bool> = BTreeMap::new();
    let mut first: Option<Finding> = None;
    let mut failing = 0;
    for schedule in &report.schedules {
        let problem = match schedule.ending {
            Ending::Deadlock => Some(Problem::Deadlock {
                blocked: schedule.blocked.clone(),
                finished: schedule.finished_threads,
                held: held_sender(source, &schedule.blocked).map(Box::new),
                kept: kept_receiver(source, &schedule.blocked).map(Box::new),
            }),
            Ending::Endless => Some(Problem::Endless),
            Ending::Finished | Ending::ExitError | Ending::Panicked => {
                let facts = checks::facts(kata, params, &as_run_output(schedule));
                let fails = *judged
                    .entry(facts.text.clone())
                    .or_insert_with(|| match &snapshot {
                        Some(snapshot) => !snapshot.matches(&facts.text),
                        None => !facts.problems.is_empty(),
                    });
                if fails {
                    Some(Problem::Broken {
                        facts,
                        expected: expected.clone(),
                    })
                } else {
                    let problems =
                        channels::problems(kata, params, &schedule.observations, &schedule.stdout);
                    (!problems.is_empty()).then_some(Problem::Channels { problems })
                }
            }
        };
        let Some(problem) = problem else { continue };
        failing += report.counts.get(&schedule.seed).copied().unwrap_or(1);
        if first.is_none() {
            first = Some(Finding {
                seed: schedule.seed,
                scheduler,
                explored: report.executions,
                failing: 0,
                problem,
                stdout: schedule.stdout.lines().map(str::to_owned).collect(),
                bounded: report.bounded.get(&schedule.seed).cloned(),
            });
        }
    }
    first.map(|finding| Finding { failing, ..finding })
}

/// A schedule's outcome as if it had been a real run of the program.
fn as_run_output(schedule: &Schedule) -> RunOutput {
    let exit = match schedule.ending {
        Ending::ExitError => Exit::Code(1),
        Ending::Panicked => Exit::Code(101),
        _ => Exit::Code(0),
    };
    RunOutput {
        exit,
        stdout: schedule.stdout.as_bytes().to_vec(),
        stderr: schedule.stderr.as_bytes().to_vec(),
        duration: Duration::ZERO,
        truncated: false,
        leaked: false,
        hang: None,
        limit: None,
        refused: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_early_search_counts_only_for_the_program_it_searched() {
        let early = EarlySearches::default();
        let unavailable = |reason: NotRun| {
            std::thread::spawn(move || Some(Ok(Exploration::Unavailable { reason })))
        };
        early.pending.lock().unwrap().push(Pending {
            kata: "fan_in".into(),
            program: "fn main() {}".into(),
            search: unavailable(NotRun::NoSchedule),
            called_off: Arc::default(),
            deadlocked: Arc::default(),
        });
        // Saved again since the search started: searched anew, not taken.
        assert!(early.take("fan_in", "fn main() { }").is_none());
        assert!(early.take("pipeline", "fn main() {}").is_none());
        match early.take("fan_in", "fn main() {}") {
            Some(Ok(Exploration::Unavailable { reason })) => {
                assert_eq!(reason, NotRun::NoSchedule)
            }
            other => panic!("expected the search started for this program: {other:?}"),
        }
        // Taken once only.
        assert!(early.take("fan_in", "fn main() {}").is_none());
    }

    #[test]
    fn facts_compare_as_insta_compares_them() {
        let dir = tempfile::tempdir().unwrap();
        let facts = "exit: success\noutput:\nrecv 0\n";
        checks::write_snapshot(dir.path(), "k", facts).unwrap();
        let stored = checks::Snapshot::read(dir.path(), "k").unwrap();
        assert_eq!(stored.text(), facts);
        for actual in [
            facts,
            "exit: success\noutput:\nrecv 0",
            "exit: success\r\noutput:\r\nrecv 0\r\n",
        ] {
            assert!(stored.matches(actual), "{actual:?}");
            assert!(
                checks::snapshot_matches(dir.path(), "k", actual),
                "{actual:?}"
            );
        }
        assert!(!stored.matches("exit: success\noutput:\nrecv 1\n"));
    }
}
