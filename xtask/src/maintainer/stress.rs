//! `cargo xtask dev stress`: are the checks sound under any schedule?
//!
//! A check must pass every correct program on every run, however the threads
//! are scheduled; a check that relies on timing passes most runs and fails a
//! few. So this command judges each reference solution and each correct
//! attempt of the corpus (`crate::attempts`) many times, optionally with every
//! core kept busy (where schedules differ most from a quiet machine), and
//! reports each program's pass rate. Anything below 100% is a bug in a check
//! or in a program that claims to be correct. A kata whose channel facts are
//! judged on the records of real runs is stressed on those: each check runs
//! the program compiled against the recording `std` and judges its output and
//! its record, as a learner's file is judged.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Instant;

use anyhow::{Context, Result};

use crate::base::build::{self, BinBuild, Package};
use crate::base::parallel::{cores, parallel_map};
use crate::cli::Outcome;
use crate::core::catalog::Kata;
use crate::core::explore::Recording;
use crate::core::judge::{Depth, Status};
use crate::core::workbook::Workbook;
use crate::maintainer::attempts;
use crate::render::failed::{self, Task};
use crate::render::maintainer::{self as words, StressRow};
use crate::render::{not_run, verdict as show};

/// One program to judge over and over.
struct Program<'a> {
    kata: &'a Kata,
    /// `solution`, or the attempt's variant.
    label: String,
    built: BinBuild,
    /// Its file in the workbook.
    source: PathBuf,
    /// For a kata whose channel facts are judged on the records of real
    /// runs: the program compiled against the recording `std`, judged as a
    /// learner's file is (its output, then its channels, on every run).
    recording: Option<Recording>,
}

/// How one program fared so far.
#[derive(Debug, Default)]
struct Tally {
    passed: u32,
    /// The first verdict that was not a pass, in a few words.
    first_failure: Option<String>,
}

/// Runs `cargo xtask dev stress`: builds once, judges every program `runs` times.
pub fn stress(workbook: &Workbook, names: &[String], runs: u32, load: bool) -> Result<Outcome> {
    let katas = workbook.catalog.select(names)?;
    let programs = build_programs(workbook, &katas)?;
    let workers = cores();
    print!(
        "{}",
        words::stress_starts(programs.len(), runs, workers, load)
    );
    let started = Instant::now();
    let tallies = {
        let _load = load.then(|| CpuLoad::start(workers)).transpose()?;
        judge_repeatedly(workbook, &programs, runs, workers)?
    };
    let elapsed = started.elapsed();

    let rows: Vec<StressRow<'_>> = programs
        .iter()
        .zip(&tallies)
        .map(|(program, tally)| StressRow {
            kata: &program.kata.name,
            program: &program.label,
            passed: tally.passed,
            first_failure: tally.first_failure.as_deref(),
        })
        .collect();
    print!("{}", words::stress_table(&rows, runs));
    let below = tallies.iter().filter(|t| t.passed != runs).count();
    print!(
        "{}",
        words::stress_ends(
            programs.len() * runs as usize,
            elapsed.as_secs_f64(),
            load,
            below
        )
    );
    Ok(if below == 0 {
        Outcome::Passed
    } else {
        Outcome::Failed
    })
}

/// The solutions of `katas` and the attempts the corpus declares correct,
/// built with one cargo call per package.
fn build_programs<'a>(workbook: &Workbook, katas: &[&'a Kata]) -> Result<Vec<Program<'a>>> {
    let corpus = attempts::load(&workbook.root, &workbook.catalog)?;
    let mut wanted: Vec<(&Kata, String, Package, String, PathBuf)> = Vec::new();
    for kata in katas {
        wanted.push((
            kata,
            "solution".into(),
            Package::Solutions,
            kata.solution_bin(),
            kata.solution.clone(),
        ));
        for attempt in corpus
            .iter()
            .filter(|a| a.kata == kata.name && a.expect == Status::Pass)
        {
            wanted.push((
                kata,
                attempt.variant().to_string(),
                Package::Attempts,
                attempt.bin(),
                Path::new(attempts::DIR).join(&attempt.file),
            ));
        }
    }
    let mut programs = Vec::new();
    for package in [Package::Solutions, Package::Attempts] {
        let bins: Vec<&str> = wanted
            .iter()
            .filter(|w| w.2 == package)
            .map(|w| w.3.as_str())
            .collect();
        if bins.is_empty() {
            continue;
        }
        let mut builds = build::build(&workbook.root, package, &bins, workbook.color)?;
        for (kata, label, _, bin, source) in wanted.iter().filter(|w| w.2 == package) {
            let built = builds
                .remove(bin)
                .expect("build() answers for every binary");
            programs.push(Program {
                kata,
                label: label.clone(),
                built,
                source: source.clone(),
                recording: None,
            });
        }
    }
    // Their recording variants, where the kata judges its channels on them.
    let recorded: Vec<&mut Program> = programs
        .iter_mut()
        .filter(|p| !p.kata.explore && !p.kata.channels.is_empty())
        .collect();
    if !recorded.is_empty() {
        workbook
            .recorder_ready(Depth::Thorough)
            .map_err(|reason| anyhow::Error::msg(not_run::reason(&reason)))?;
    }
    for program in recorded {
        let recording = workbook
            .recorder(&program.kata.name, &program.source)
            .map_err(|reason| {
                anyhow::Error::msg(not_run::cannot_record(&program.source, &reason))
            })?;
        program.recording = Some(recording);
    }
    // Catalog order, each kata's solution first.
    let position = |kata: &Kata| workbook.catalog.position(&kata.name);
    programs.sort_by_key(|p| (position(p.kata), p.label != "solution"));
    Ok(programs)
}

/// Judges each program `runs` times on `workers` threads; an error of the
/// runner itself is an error (a kata's failure is a tally, not an error).
fn judge_repeatedly(
    workbook: &Workbook,
    programs: &[Program],
    runs: u32,
    workers: usize,
) -> Result<Vec<Tally>> {
    // Job k is run k % runs of program k / runs: a program's runs are spread
    // over the workers, so a slow one does not hold up the end.
    let jobs: Vec<usize> = (0..programs.len() * runs as usize).collect();
    let verdicts = parallel_map(jobs, workers, |job| {
        let program = &programs[job / runs as usize];
        let verdict = match &program.recording {
            Some(recording) => workbook
                .judge_recorded(program.kata, recording)
                .map(|(verdict, _)| verdict),
            None => workbook.judge_built(program.kata, &program.built),
        };
        (job / runs as usize, verdict)
    });
    let mut tallies: Vec<Tally> = programs.iter().map(|_| Tally::default()).collect();
    for (program, verdict) in verdicts {
        let verdict = verdict?;
        let tally = &mut tallies[program];
        if verdict.passed() {
            tally.passed += 1;
        } else if tally.first_failure.is_none() {
            tally.first_failure = Some(show::one_line(&verdict));
        }
    }
    Ok(tallies)
}

/// Busy threads, one per core, for as long as this value lives: the katas
/// then run with no idle core to wake up on. Dropping it stops them, on the
/// error path as on the normal one.
struct CpuLoad {
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl CpuLoad {
    fn start(cores: usize) -> Result<Self> {
        let mut load = CpuLoad {
            stop: Arc::new(AtomicBool::new(false)),
            threads: Vec::new(),
        };
        for i in 0..cores {
            let stop = Arc::clone(&load.stop);
            let thread = std::thread::Builder::new()
                .name(format!("cpu-load-{i}"))
                .spawn(move || spin_until(&stop))
                .with_context(|| failed::task(Task::CpuLoadThread))?;
            // Pushed at once, so an error on the next spawn still stops this one.
            load.threads.push(thread);
        }
        Ok(load)
    }
}

impl Drop for CpuLoad {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

fn spin_until(stop: &AtomicBool) {
    let mut x: u64 = 1;
    while !stop.load(Ordering::Relaxed) {
        for _ in 0..1000 {
            x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_load_runs_until_dropped() {
        let load = CpuLoad::start(2).unwrap();
        let stop = Arc::clone(&load.stop);
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(load.threads.iter().all(|t| !t.is_finished()));
        drop(load);
        // Each thread held a clone of the flag: all of them have ended.
        assert_eq!(Arc::strong_count(&stop), 1);
    }
}
