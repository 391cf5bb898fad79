//! Judging a kata: build it, run it (as often as the catalog says, with fresh
//! parameters each time), reduce each run to facts, compare with the snapshot.
//!
//! `next`, `run`, `verify` and `watch` all come through here, so a kata is
//! judged the same way whoever asks.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::build::{self, BinBuild, Diagnostic, Package};
use crate::catalog::{Catalog, Kata, ShippedFailure};
use crate::checks::{self, Facts, Params};
use crate::execute::{self, Exit, RunOutput, RunRequest};
use crate::schedules::{self, Depth};

/// Which file of a kata is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The learner's file in `exercises/`.
    Exercise,
    /// The reference solution in `solutions/`.
    Solution,
    /// The pristine shipped copy in `checks/shipped/`.
    Shipped,
}

impl Target {
    fn package(self) -> Package {
        match self {
            Self::Exercise => Package::Exercises,
            Self::Solution => Package::Solutions,
            Self::Shipped => Package::Checks,
        }
    }

    pub fn bin(self, kata: &Kata) -> String {
        match self {
            Self::Exercise => kata.name.clone(),
            Self::Solution => kata.solution_bin(),
            Self::Shipped => kata.shipped_bin(),
        }
    }
}

/// What the runner and the catalog's check data need to judge katas.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// The workspace root (where `Cargo.toml` and `exercises/` are).
    pub root: PathBuf,
    pub catalog: Catalog,
    /// Ask the compiler for coloured diagnostics.
    pub color: bool,
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
    /// Passed or hung on real threads, and a thread schedule the explorer
    /// tried deadlocks or breaks the check (katas with `explore = true`).
    Schedule {
        finding: Box<schedules::Finding>,
        params: Params,
        timed_out: Option<RunOutput>,
    },
}

impl Verdict {
    pub fn passed(&self) -> bool {
        matches!(self, Self::Pass)
    }

    /// A short machine-readable status.
    pub fn status(&self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::CompileError { .. } => "compile_error",
            Self::Timeout { .. } => "timeout",
            Self::Fail { .. } => "fail",
            Self::Schedule { finding, .. } => match finding.problem {
                schedules::Problem::Deadlock { .. } => "deadlock",
                _ => "schedule",
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

/// A binary judged by a kata's check: a target of the kata, or any other
/// program written for it (the attempt corpus in `xtask/attempts/`).
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    pub kata: &'a Kata,
    pub bin: String,
    /// Stops its runs early once set (see `RunRequest::give_up`).
    pub give_up: Option<Arc<AtomicBool>>,
}

/// A verdict with the kata it belongs to and how long judging took.
#[derive(Debug, Clone)]
pub struct Judged {
    pub name: String,
    pub verdict: Verdict,
    pub duration: Duration,
}

impl Workbook {
    /// The workbook at `root` with its own check data (`root/checks`), no colour.
    pub fn open(root: PathBuf) -> Result<Self> {
        let catalog = Catalog::load(&root.join("checks"))?;
        Ok(Self {
            root,
            catalog,
            color: false,
        })
    }

    pub fn snapshot_dir(&self) -> PathBuf {
        self.catalog.checks_dir.join("snapshots")
    }

    /// Builds and judges one kata.
    ///
    /// This is the path a learner waits on (`run`, `next`, `watch`), so the
    /// schedule search is the quick one.
    pub fn judge(&self, kata: &Kata, target: Target) -> Result<Verdict> {
        let mut judged = self.judge_at(&[kata], target, Depth::Quick)?;
        Ok(judged.remove(0).verdict)
    }

    /// Builds all `katas` in one cargo call, then runs their checks in parallel.
    /// The result is in the order of `katas`. For the record (`verify`,
    /// grading), so schedules are searched thoroughly.
    pub fn judge_many(&self, katas: &[&Kata], target: Target) -> Result<Vec<Judged>> {
        self.judge_at(katas, target, Depth::Thorough)
    }

    fn judge_at(&self, katas: &[&Kata], target: Target, depth: Depth) -> Result<Vec<Judged>> {
        let early = match depth {
            Depth::Quick => schedules::search_early(self, katas, target),
            Depth::Thorough => schedules::EarlySearches::default(),
        };
        let candidates: Vec<Candidate> = katas
            .iter()
            .map(|kata| Candidate {
                kata,
                bin: target.bin(kata),
                give_up: early.give_up(&kata.name),
            })
            .collect();
        let mut judged = self.judge_bins(target.package(), &candidates)?;
        self.refine_in_parallel(katas, target, &mut judged, depth, &early)?;
        Ok(judged)
    }

    /// `schedules::refine`, one kata per core: each search is one busy
    /// process, and together they are most of a `verify`.
    fn refine_in_parallel(
        &self,
        katas: &[&Kata],
        target: Target,
        judged: &mut [Judged],
        depth: Depth,
        early: &schedules::EarlySearches,
    ) -> Result<()> {
        let workers = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .min(katas.len());
        if workers <= 1 {
            return schedules::refine(self, katas, target, judged, depth, early);
        }
        let jobs = Mutex::new(katas.iter().zip(judged.iter_mut()));
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..workers)
                .map(|_| {
                    scope.spawn(|| -> Result<()> {
                        loop {
                            let Some((kata, judged)) =
                                jobs.lock().expect("no panics while held").next()
                            else {
                                return Ok(());
                            };
                            let judged = std::slice::from_mut(judged);
                            schedules::refine(
                                self,
                                std::slice::from_ref(kata),
                                target,
                                judged,
                                depth,
                                early,
                            )?;
                        }
                    })
                })
                .collect();
            workers.into_iter().try_for_each(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
        })
    }

    /// Builds the candidates' binaries of `package` in one cargo call, then
    /// runs each one's check in parallel. The result is in the order given.
    pub fn judge_bins(&self, package: Package, candidates: &[Candidate]) -> Result<Vec<Judged>> {
        let start = Instant::now();
        let bin_refs: Vec<&str> = candidates.iter().map(|c| c.bin.as_str()).collect();
        let builds = build::build(&self.root, package, &bin_refs, self.color)?;
        let build_time = start.elapsed() / candidates.len().max(1) as u32;

        let jobs: Vec<(usize, &Candidate, BinBuild)> = candidates
            .iter()
            .enumerate()
            .map(|(i, candidate)| {
                let built = builds
                    .get(&candidate.bin)
                    .cloned()
                    .expect("build() answers for every binary");
                (i, candidate, built)
            })
            .collect();
        let jobs = Mutex::new(jobs);
        let results: Mutex<Vec<Option<Result<Judged>>>> =
            Mutex::new((0..candidates.len()).map(|_| None).collect());
        let workers = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .min(candidates.len());
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    loop {
                        let Some((i, candidate, built)) =
                            jobs.lock().expect("no panics while held").pop()
                        else {
                            break;
                        };
                        let (kata, give_up) = (candidate.kata, candidate.give_up.as_ref());
                        let started = Instant::now();
                        let judged = self
                            .judge_built_until(kata, &built, give_up)
                            .map(|verdict| Judged {
                                name: kata.name.clone(),
                                verdict,
                                duration: build_time + started.elapsed(),
                            });
                        results.lock().expect("no panics while held")[i] = Some(judged);
                    }
                });
            }
        });
        results
            .into_inner()
            .expect("no panics while held")
            .into_iter()
            .map(|r| r.expect("every job ran"))
            .collect()
    }

    /// Judges an already built binary: the kata's `runs` checked runs, each
    /// with fresh parameters. `stress` calls this many times per build.
    pub fn judge_built(&self, kata: &Kata, built: &BinBuild) -> Result<Verdict> {
        self.judge_built_until(kata, built, None)
    }

    /// `judge_built`, its runs stopped early once `give_up` is set: then the
    /// verdict is a time-out, for `schedules::refine` to replace with the
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
            BinBuild::Built { executable } => executable,
        };
        for params in checks::draw_runs(kata, &mut fastrand::Rng::new()) {
            let output = self.run_once(kata, executable, &params, give_up)?;
            if matches!(output.exit, Exit::TimedOut | Exit::GaveUp) {
                return Ok(Verdict::Timeout { output, params });
            }
            let facts = checks::facts(kata, &params, &output);
            if !checks::snapshot_matches(&self.snapshot_dir(), &kata.name, &facts.text) {
                let expected = checks::read_snapshot(&self.snapshot_dir(), &kata.name);
                return Ok(Verdict::Fail {
                    facts,
                    expected,
                    output,
                    params,
                });
            }
        }
        Ok(Verdict::Pass)
    }

    /// One run of a built kata with the given parameters.
    pub fn run_once(
        &self,
        kata: &Kata,
        executable: &Path,
        params: &Params,
        give_up: Option<&Arc<AtomicBool>>,
    ) -> Result<RunOutput> {
        let mut env = checks::param_env(params);
        // A learner's RUST_BACKTRACE=1 would bury the panic message under a
        // backtrace of the standard library; the message and location suffice.
        env.push(("RUST_BACKTRACE".into(), "0".into()));
        let request = RunRequest {
            program: executable.to_path_buf(),
            cwd: self.root.clone(),
            env,
            timeout: kata.timeout(),
            give_up: give_up.cloned(),
        };
        execute::run(&request)
            .map_err(|e| anyhow::anyhow!("Failed to run `{}`: {e}", executable.display()))
    }
}
