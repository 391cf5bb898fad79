//! Judging a kata: build it, run it (as often as the catalog says, with fresh
//! parameters each time), reduce each run to facts, compare with the snapshot.
//!
//! `next`, `run`, `verify`, `watch`, grading and the maintainer's tools all
//! come through here, so a kata is judged the same way whoever asks. The
//! pipeline: one cargo build for all katas asked (`build_candidates`), then a
//! job per kata: its real runs (`judge_built`), then, for katas marked
//! `explore = true`, the explore stage (`explore_stage::refine`), whose
//! verdict may replace the real runs' one.

mod check_search;
pub mod explore_stage;
mod held_sender;
pub mod last_failure;
pub mod step;
pub mod trace;

use crate::base::failure::{Doing, Failed};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::base::build::{self, BinBuild, Diagnostic, Package};
use crate::base::execute::{self, Exit, Limit, RunOutput, RunRequest};
use crate::base::parallel::{cores, parallel_map};
use crate::core::catalog::{Kata, ShippedFailure};
use crate::core::checks::{self, Facts, Params, channels};
use crate::core::explore::{NotRun, Recording};
use crate::core::workbook::{Target, Workbook};

pub use explore_stage::{Depth, Problem};

/// A kata's recording variant, or why there is none.
pub type Recorder = std::result::Result<Recording, NotRun>;

/// How a run met the edge of its confinement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Breach {
    /// A limit stopped it (memory, CPU time, processes, file size).
    Limit(Limit),
    /// Its box refused it a file or a connection; what it printed then.
    Refused(String),
}

/// The outcome of judging one kata.
#[derive(Debug, Clone)]
pub enum Verdict {
    Pass,
    CompileError {
        errors: Vec<Diagnostic>,
    },
    /// Still running at the time limit (killed, partial output kept).
    Timeout {
        output: RunOutput,
        params: Params,
    },
    /// Finished, but its facts differ from the snapshot.
    Fail {
        facts: Facts,
        expected: Option<String>,
        output: RunOutput,
        params: Params,
    },
    /// Stopped by one of its limits, or refused something outside its box
    /// (graded code): said so, whatever its output.
    Confined {
        breach: Breach,
        output: RunOutput,
        params: Params,
    },
    /// Passed or hung on real threads, and a thread schedule the explorer
    /// tried deadlocks or breaks the check (katas with `explore = true`).
    Schedule {
        finding: Box<explore_stage::Finding>,
        params: Params,
        timed_out: Option<RunOutput>,
    },
    /// Printed what a correct program prints, but the record of a real run
    /// shows the kata's point was missed (`core::checks::channels`), in
    /// plain words.
    Recorded {
        problems: Vec<checks::Problem>,
        output: RunOutput,
        params: Params,
    },
}

/// What a kata's channel facts were judged on, for a verdict to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JudgedOn {
    /// The kata has none: its printed output alone.
    Output,
    /// The thread schedules the explorer tried.
    Schedules { executions: u64 },
    /// The records of its real runs.
    Records { runs: usize },
    /// Neither could judge them, and why.
    Unjudged { reason: NotRun },
}

impl JudgedOn {
    /// Judged on output alone only because the recorder of real runs was
    /// not built yet when the learner checked: judged again once it is.
    pub fn awaits_recorder(&self) -> bool {
        matches!(
            self,
            Self::Unjudged {
                reason: NotRun::RecorderNotBuilt
            }
        )
    }
}

impl Verdict {
    pub fn passed(&self) -> bool {
        matches!(self, Self::Pass)
    }

    /// The verdict's word, the same in the terminal, reports and the corpus.
    pub fn status(&self) -> Status {
        match self {
            Self::Pass => Status::Pass,
            Self::CompileError { .. } => Status::CompileError,
            Self::Timeout { .. } => Status::Timeout,
            Self::Fail { .. } => Status::Fail,
            Self::Confined { breach, .. } => match breach {
                Breach::Limit(_) => Status::Limit,
                Breach::Refused(_) => Status::Refused,
            },
            Self::Recorded { .. } => Status::Fail,
            Self::Schedule { finding, .. } => match finding.problem {
                Problem::Deadlock { .. } => Status::Deadlock,
                Problem::Endless => Status::Timeout,
                Problem::Broken { .. } | Problem::Channels { .. } => Status::Fail,
            },
        }
    }

    /// Does this verdict show the failure the catalog declares for the shipped file?
    pub fn is_declared_failure(&self, kata: &Kata) -> bool {
        match (kata.shipped, self) {
            (ShippedFailure::CompileError, Self::CompileError { errors }) => {
                errors.iter().any(|e| e.code == kata.error_code)
            }
            (ShippedFailure::Hang, Self::Timeout { .. }) => true,
            (ShippedFailure::Hang, Self::Schedule { timed_out, .. }) => timed_out.is_some(),
            (ShippedFailure::WrongOutput, Self::Fail { output, .. }) => {
                output.exit == Exit::Code(0)
            }
            (ShippedFailure::Panics, Self::Fail { output, .. }) => output.exit == Exit::Code(101),
            _ => false,
        }
    }
}

/// One vocabulary for how a kata came out: the terminal, grading reports, the
/// attempt corpus and `stress` all speak of verdicts in these words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    /// It ran, but its output breaks the kata's check (or it panicked), on
    /// real threads or on a thread schedule the explorer tried.
    Fail,
    CompileError,
    /// Still running at the kata's time limit.
    Timeout,
    /// Every thread blocked, named on a thread schedule the explorer tried.
    Deadlock,
    /// The runner could not judge it (a missing file, cargo refused, ...).
    Error,
    /// Stopped by a limit: over its memory cap, its CPU time, too many
    /// processes or too large a file.
    Limit,
    /// It tried to reach outside its box (a file outside its folder, a
    /// connection) and was refused.
    Refused,
    /// Not started: the file is byte for byte as shipped, so it was not
    /// judged (a grade tells a student who has not begun from a wrong attempt).
    Untouched,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Fail => "fail",
            Self::CompileError => "compile_error",
            Self::Timeout => "timeout",
            Self::Deadlock => "deadlock",
            Self::Error => "error",
            Self::Limit => "limit",
            Self::Refused => "refused",
            Self::Untouched => "untouched",
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A binary judged by a kata's check: a target of the kata, or any other
/// program written for it (the attempt corpus in `xtask/attempts/`).
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    pub kata: &'a Kata,
    pub bin: String,
    /// Stops its runs early once set (see `RunRequest::give_up`).
    pub give_up: Option<Arc<AtomicBool>>,
}

/// What `judge_many_each` calls with each kata as soon as it is judged.
pub type EachJudged<'a> = dyn Fn(&Kata, &Judged) + Sync + 'a;

/// A verdict with the kata it belongs to and how long judging took.
#[derive(Debug, Clone)]
pub struct Judged {
    pub name: String,
    pub verdict: Verdict,
    pub duration: Duration,
    /// The compiler's warnings about the kata's own file, from the build
    /// judged. Shown beside the verdict; they never decide it.
    pub warnings: Vec<Diagnostic>,
    /// What the kata's channel facts were judged on.
    pub judged_on: JudgedOn,
    /// What the schedule search of a pass covered (explored katas).
    pub searched: Option<explore_stage::Searched>,
}

impl Workbook {
    /// Builds and judges one kata.
    ///
    /// This is the path a learner waits on (`run`, `next`, `watch`), so the
    /// schedule search is the quick one.
    pub fn judge(&self, kata: &Kata, target: Target) -> Result<Verdict> {
        Ok(self.judge_one(kata, target)?.verdict)
    }

    /// `judge`, with the compiler's warnings and the time it took.
    pub fn judge_one(&self, kata: &Kata, target: Target) -> Result<Judged> {
        let mut judged = self.judge_at(&[kata], target, Depth::Quick, None)?;
        Ok(judged.remove(0))
    }

    /// Builds all `katas` in one cargo call, then runs their checks in parallel.
    /// The result is in the order of `katas`. For the record (`verify`,
    /// grading), so schedules are searched thoroughly.
    pub fn judge_many(&self, katas: &[&Kata], target: Target) -> Result<Vec<Judged>> {
        self.judge_at(katas, target, Depth::Thorough, None)
    }

    /// `judge_many`, `each` called with every kata as soon as it is judged
    /// (a grading report written as it goes keeps what a stopped grading
    /// judged).
    pub fn judge_many_each(
        &self,
        katas: &[&Kata],
        target: Target,
        each: &EachJudged<'_>,
    ) -> Result<Vec<Judged>> {
        self.judge_at(katas, target, Depth::Thorough, Some(each))
    }

    fn judge_at(
        &self,
        katas: &[&Kata],
        target: Target,
        depth: Depth,
        each: Option<&EachJudged<'_>>,
    ) -> Result<Vec<Judged>> {
        let early = match depth {
            Depth::Quick => explore_stage::search_early(self, katas, target),
            Depth::Thorough => explore_stage::EarlySearches::default(),
        };
        let candidates: Vec<Candidate> = katas
            .iter()
            .map(|kata| Candidate {
                kata,
                bin: target.bin(kata),
                give_up: early.give_up(&kata.name),
            })
            .collect();
        // The recording variants compile beside cargo's build, on the core
        // it leaves idle.
        let recordings = self.start_recordings(katas, target, depth);
        let (builds, build_time) = self.build_candidates(target.package(), &candidates)?;
        let mut recordings = recordings.join().unwrap_or_default();
        // One job per kata, its real runs then its explore stage, on one
        // worker more than there are cores: a kata's real runs mostly wait
        // (sleeps, hand-offs between threads), and a search beside them
        // keeps the core busy (`docs/speed.md`: no better with more). The
        // searches are most of the work: they go first, the later (larger)
        // katas of the track before the earlier ones, so that no long one is
        // left alone on a core at the end.
        let mut jobs: Vec<(usize, &Candidate, BinBuild, Option<Recorder>)> = candidates
            .iter()
            .zip(builds)
            .enumerate()
            .map(|(i, (candidate, built))| (i, candidate, built, recordings.remove(&i)))
            .collect();
        jobs.sort_by_key(|(i, candidate, ..)| (!candidate.kata.explore, std::cmp::Reverse(*i)));
        let order: Vec<usize> = jobs.iter().map(|(i, ..)| *i).collect();
        let judged = parallel_map(jobs, cores() + 1, |(_, candidate, built, recording)| {
            let mut judged =
                self.judge_candidate(candidate, &built, build_time, recording.as_ref())?;
            explore_stage::refine(self, candidate.kata, target, &mut judged, depth, &early)?;
            if let Some(each) = each {
                each(candidate.kata, &judged);
            }
            Ok(judged)
        });
        let mut in_order: Vec<Option<Result<Judged>>> = katas.iter().map(|_| None).collect();
        for (i, judged) in order.into_iter().zip(judged) {
            in_order[i] = Some(judged);
        }
        in_order
            .into_iter()
            .map(|judged| judged.expect("every kata was judged"))
            .collect()
    }

    /// Builds the candidates' binaries of `package` in one cargo call, then
    /// runs each one's check in parallel. The result is in the order given.
    pub fn judge_bins(&self, package: Package, candidates: &[Candidate]) -> Result<Vec<Judged>> {
        let (builds, build_time) = self.build_candidates(package, candidates)?;
        let jobs: Vec<(&Candidate, BinBuild)> = candidates.iter().zip(builds).collect();
        parallel_map(jobs, cores(), |(candidate, built)| {
            self.judge_candidate(candidate, &built, build_time, None)
        })
        .into_iter()
        .collect()
    }

    /// The candidates' binaries, built in one cargo call, in the order given,
    /// with each one's share of the build's time.
    fn build_candidates(
        &self,
        package: Package,
        candidates: &[Candidate],
    ) -> Result<(Vec<BinBuild>, Duration)> {
        let start = Instant::now();
        let bin_refs: Vec<&str> = candidates.iter().map(|c| c.bin.as_str()).collect();
        let builds = build::build(&self.root, package, &bin_refs, self.color)?;
        let build_time = start.elapsed() / candidates.len().max(1) as u32;
        let built = candidates
            .iter()
            .map(|candidate| {
                builds
                    .get(&candidate.bin)
                    .cloned()
                    .expect("build() answers for every binary")
            })
            .collect();
        Ok((built, build_time))
    }

    /// Compiles, on a thread of its own, the recording variant of each
    /// kata whose channel facts are judged on its real runs: those the
    /// explorer does not search. Cached per program, so a `verify` after
    /// the first compiles only what changed. By the katas' places in `katas`.
    fn start_recordings(
        &self,
        katas: &[&Kata],
        target: Target,
        depth: Depth,
    ) -> std::thread::JoinHandle<BTreeMap<usize, Recorder>> {
        let ready = self.recorder_ready(depth);
        let wanted: Vec<(usize, String, PathBuf)> = katas
            .iter()
            .enumerate()
            .filter(|(_, kata)| !kata.explore && !kata.channels.is_empty())
            .filter_map(|(i, kata)| {
                let source = explore_stage::explored_source(kata, target)?;
                Some((i, kata.name.clone(), source.to_path_buf()))
            })
            .collect();
        let workbook = self.clone();
        std::thread::spawn(move || {
            wanted
                .into_iter()
                .map(|(i, name, source)| match &ready {
                    Ok(()) => (i, workbook.recorder(&name, &source)),
                    Err(reason) => (i, Err(reason.clone())),
                })
                .collect()
        })
    }

    /// Whether recordings can be made now: for the record (`Thorough`)
    /// always, the recording `std` built first if need be; while a learner
    /// waits, only once it is built (its first build takes a while, and the
    /// background build after a verdict makes it).
    pub fn recorder_ready(&self, depth: Depth) -> std::result::Result<(), NotRun> {
        if depth == Depth::Quick && !self.explorer.recorder_ready() {
            return Err(NotRun::RecorderNotBuilt);
        }
        Ok(())
    }

    /// The recording variant of the file `source` of the workbook, or why
    /// there is none.
    pub fn recorder(&self, name: &str, source: &Path) -> Recorder {
        let file = self.root.join(source);
        let text = std::fs::read_to_string(&file).map_err(|e| NotRun::FileUnreadable {
            path: file.clone(),
            error: e.to_string(),
        })?;
        let shown_as = source.display().to_string();
        match self.explorer.recording(name, &shown_as, &text) {
            Ok(recording) => recording,
            Err(e) => Err(NotRun::RecordingFailed {
                error: format!("{e:#}"),
            }),
        }
    }

    /// A built candidate's real runs, judged by its kata's check, and by its
    /// channel facts on their records where `recording` is given.
    fn judge_candidate(
        &self,
        candidate: &Candidate,
        built: &BinBuild,
        build_time: Duration,
        recording: Option<&Recorder>,
    ) -> Result<Judged> {
        let (kata, give_up) = (candidate.kata, candidate.give_up.as_ref());
        let started = Instant::now();
        let warnings = match built {
            BinBuild::Built { warnings, .. } => warnings.clone(),
            BinBuild::Failed { .. } => Vec::new(),
        };
        let (verdict, judged_on) = match (built, recording) {
            (BinBuild::Built { .. }, Some(Ok(recording))) => {
                self.judge_recorded_until(kata, recording, give_up)?
            }
            (_, Some(Err(reason))) => (
                self.judge_built_until(kata, built, give_up)?,
                JudgedOn::Unjudged {
                    reason: reason.clone(),
                },
            ),
            (_, None) => (
                self.judge_built_until(kata, built, give_up)?,
                JudgedOn::Output,
            ),
            (BinBuild::Failed { errors }, Some(Ok(_))) => (
                Verdict::CompileError {
                    errors: errors.clone(),
                },
                JudgedOn::Output,
            ),
        };
        Ok(Judged {
            name: kata.name.clone(),
            verdict,
            duration: build_time + started.elapsed(),
            warnings,
            judged_on,
            searched: None,
        })
    }

    /// The kata's checked runs of its recording variant: each judged by the
    /// kata's check, then by its channel facts on the run's record. Every
    /// second run's waits run out early (`Recording::run`): a `recv_timeout`
    /// that finds its channel empty returns `Timeout`, as on a loaded
    /// machine. A run whose output is wrong has the channel facts its record
    /// breaks added to its problems: they say why.
    pub fn judge_recorded(
        &self,
        kata: &Kata,
        recording: &Recording,
    ) -> Result<(Verdict, JudgedOn)> {
        self.judge_recorded_until(kata, recording, None)
    }

    fn judge_recorded_until(
        &self,
        kata: &Kata,
        recording: &Recording,
        give_up: Option<&Arc<AtomicBool>>,
    ) -> Result<(Verdict, JudgedOn)> {
        let mut runs = 0;
        for (i, params) in checks::draw_runs(kata, &mut fastrand::Rng::new())
            .into_iter()
            .enumerate()
        {
            let request = self.request(kata, &recording.binary, &params, give_up);
            let run = recording.run(request, i % 2 == 1)?;
            if let Some(mut verdict) = self.judge_output(kata, &params, run.output.clone()) {
                if let (Verdict::Fail { facts, .. }, Ok(observations)) =
                    (&mut verdict, &run.observations)
                {
                    let stdout = run.output.stdout_text();
                    facts
                        .problems
                        .extend(channels::problems(kata, &params, observations, &stdout));
                }
                // A cut record judged nothing: say so, not "judged on records".
                if let Err(reason @ NotRun::RecordCut { .. }) = run.observations {
                    return Ok((verdict, JudgedOn::Unjudged { reason }));
                }
                return Ok((verdict, JudgedOn::Records { runs }));
            }
            let observations = match run.observations {
                Ok(observations) => observations,
                Err(reason) => return Ok((Verdict::Pass, JudgedOn::Unjudged { reason })),
            };
            let problems =
                channels::problems(kata, &params, &observations, &run.output.stdout_text());
            if !problems.is_empty() {
                let verdict = Verdict::Recorded {
                    problems,
                    output: run.output,
                    params,
                };
                return Ok((verdict, JudgedOn::Records { runs: runs + 1 }));
            }
            runs += 1;
        }
        Ok((Verdict::Pass, JudgedOn::Records { runs }))
    }

    /// Judges an already built binary: the kata's `runs` checked runs, each
    /// with fresh parameters. `stress` calls this many times per build.
    pub fn judge_built(&self, kata: &Kata, built: &BinBuild) -> Result<Verdict> {
        self.judge_built_until(kata, built, None)
    }

    /// `judge_built`, its runs stopped early once `give_up` is set: then the
    /// verdict is a time-out, for `explore_stage::refine` to replace with the
    /// deadlock that was found.
    fn judge_built_until(
        &self,
        kata: &Kata,
        built: &BinBuild,
        give_up: Option<&Arc<AtomicBool>>,
    ) -> Result<Verdict> {
        let executable = match built {
            BinBuild::Failed { errors } => {
                return Ok(Verdict::CompileError {
                    errors: errors.clone(),
                });
            }
            BinBuild::Built { executable, .. } => executable,
        };
        for params in checks::draw_runs(kata, &mut fastrand::Rng::new()) {
            let output = self.run_once(kata, executable, &params, give_up)?;
            if let Some(verdict) = self.judge_output(kata, &params, output) {
                return Ok(verdict);
            }
        }
        Ok(Verdict::Pass)
    }

    /// One run's output judged by the kata's check; `None` when it passes.
    fn judge_output(&self, kata: &Kata, params: &Params, output: RunOutput) -> Option<Verdict> {
        let verdict = self.verdict_of_run(kata, params.clone(), output);
        (!verdict.passed()).then_some(verdict)
    }

    /// The verdict of one finished run of `kata` with `params`.
    pub fn verdict_of_run(&self, kata: &Kata, params: Params, output: RunOutput) -> Verdict {
        let breach = match (&output.limit, &output.refused) {
            (Some(limit), _) => Some(Breach::Limit(*limit)),
            (None, Some(line)) => Some(Breach::Refused(line.clone())),
            (None, None) => None,
        };
        if let Some(breach) = breach {
            return Verdict::Confined {
                breach,
                output,
                params,
            };
        }
        if output.exit.stopped() {
            return Verdict::Timeout { output, params };
        }
        let facts = checks::facts(kata, &params, &output);
        match checks::Snapshot::read(&self.snapshot_dir(), &kata.name) {
            Some(snapshot) if snapshot.matches(&facts.text) => Verdict::Pass,
            snapshot => Verdict::Fail {
                facts,
                expected: snapshot.map(|s| s.text()),
                output,
                params,
            },
        }
    }

    /// One run of a built kata with the given parameters.
    pub fn run_once(
        &self,
        kata: &Kata,
        executable: &Path,
        params: &Params,
        give_up: Option<&Arc<AtomicBool>>,
    ) -> Result<RunOutput> {
        let request = self.request(kata, executable, params, give_up);
        let output = execute::run(&request).with_context(|| Failed::on(Doing::Run, executable))?;
        self.run_log.note(&kata.name, &output);
        Ok(output)
    }

    /// How a kata's program is run with the given parameters.
    fn request(
        &self,
        kata: &Kata,
        executable: &Path,
        params: &Params,
        give_up: Option<&Arc<AtomicBool>>,
    ) -> RunRequest {
        let mut env = checks::param_env(params);
        // A learner's RUST_BACKTRACE=1 would bury the panic message under a
        // backtrace of the standard library; the message and location suffice.
        env.push(("RUST_BACKTRACE".into(), "0".into()));
        RunRequest {
            program: executable.to_path_buf(),
            cwd: self.root.clone(),
            env,
            timeout: kata.timeout(),
            give_up: give_up.cloned(),
            confinement: self.confinement.clone(),
        }
    }
}
