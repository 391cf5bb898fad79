//! `cargo xtask dev bench`: how long the learner waits, next to the compiler alone.
//!
//! Everything runs on a temporary copy of the workbook whose exercise files are
//! the reference solutions, with its own target directory, so the learner's
//! files and progress are never touched. Each number is the median of several
//! timings on this machine. Ratios are to the compile floor: `rustc` on the
//! kata file plus one run of the program, the least any checker has to do.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use tempfile::TempDir;

use crate::base::build::{self, BinBuild, Package};
use crate::cli::Outcome;
use crate::core::catalog::{Catalog, Kata};
use crate::core::checks;
use crate::core::judge::explore_stage::{self, Depth};
use crate::core::workbook::{Target, Workbook};
use crate::learner::watch::{Event, files};
use crate::render::bench::{self as words, Machine, Measure, Stopped};
use crate::render::failed::{self, Doing, Task, Thing};
use cold::cold;

mod cold;

#[derive(Debug, Clone)]
pub struct Options {
    /// The kata timed by the single-kata measurements.
    pub kata: String,
    /// Timings per measurement.
    pub runs: u32,
    /// Also time a fresh clone (compiles the runner: minutes).
    pub cold: bool,
}

/// How long the watcher may take to see a save before the bench gives up.
const SAVE_NOTICED_WITHIN: Duration = Duration::from_secs(10);

pub fn bench(workbook: &Workbook, options: &Options) -> Result<Outcome> {
    if std::env::var_os("CARGO_TARGET_DIR").is_some() {
        bail!("{}", words::stopped(&Stopped::TargetDirSet));
    }
    let kata = workbook.catalog.find(&options.kata)?;
    let runs = options.runs.max(1) as usize;
    print!("{}", words::heading(&machine(), runs, &kata.name));

    let copy = SolvedCopy::new(&workbook.root)?;
    say(&words::preparing(copy.root()));
    copy.runner(&["verify"])?;
    copy.runner(&["verify", "--solutions"])?;
    let kata = copy.workbook.catalog.find(&kata.name)?;
    let file = copy.root().join(&kata.path);
    let original = std::fs::read(&file).with_context(|| failed::on(Doing::Read, &file))?;
    print!("{}", words::table_head());

    // Round by round, so that a change in the machine's load meanwhile
    // touches every measurement alike and the ratios stay fair. The first
    // round only warms up (caches, the explorer's first build).
    let mut rounds = Vec::with_capacity(runs);
    for round in 0..=runs {
        let measured = copy.one_round(kata, &file, round)?;
        if round > 0 {
            rounds.push(measured);
        }
    }
    std::fs::write(&file, &original).with_context(|| failed::on(Doing::Restore, &file))?;
    let start = cargo_start_of_runner(&workbook.root, runs)?;
    kata_rows(kata, &rounds, start);
    verify_rows(&copy, runs, start)?;
    copy.per_kata_checks()?;

    if options.cold {
        cold(&workbook.root)?;
    } else {
        print!("{}", words::no_cold());
    }
    Ok(Outcome::Passed)
}

/// The single-kata rows: the medians of `rounds`, each against the compile
/// floor; `start` is cargo starting the runner.
fn kata_rows(kata: &Kata, rounds: &[Round], start: Duration) {
    let pick = |field: fn(&Round) -> Duration| median_of(rounds.iter().map(field).collect());
    let floor = pick(|r| r.floor);
    let run = pick(|r| r.run);
    let row = |measure, took| print!("{}", words::row(measure, took, floor));
    row(Measure::CompileFloor, floor);
    row(Measure::BuildAlone, pick(|r| r.build_alone));
    row(Measure::RunAfterEdit(&kata.name), run);
    if kata.explore {
        row(Measure::Explorer, pick(|r| r.explore));
    }
    row(Measure::CargoStart, start);
    row(Measure::RunAsTyped(&kata.name), run + start);
    row(Measure::SaveToVerdict, pick(|r| r.save_to_verdict));
    row(Measure::SaveNoticed, pick(|r| r.save_noticed));
}

/// The `verify` rows: a finished workbook and the solutions, per kata.
fn verify_rows(copy: &SolvedCopy, runs: usize, start: Duration) -> Result<()> {
    let count = copy.workbook.catalog.katas.len();
    for (args, solutions) in [
        (&["verify"][..], false),
        (&["verify", "--solutions"][..], true),
    ] {
        let mut failed = None;
        let took = median(runs, |_| {
            let start = Instant::now();
            let output = copy.runner(args)?;
            let took = start.elapsed();
            if !output.status.success() {
                failed = Some(last_line(&output));
            }
            Ok(took)
        })?;
        let measure = Measure::Verify { solutions, count };
        print!("{}", words::per_kata_row(measure, took, count));
        if let Some(summary) = failed {
            print!("{}", words::not_every_kata_passed(&summary));
        }
        if solutions {
            // As a learner types it: cargo starts the runner first.
            let typed = took + start;
            print!(
                "{}",
                words::per_kata_row(Measure::VerifyAsTyped, typed, count)
            );
        }
    }
    Ok(())
}

/// The single-kata timings of one round.
struct Round {
    floor: Duration,
    build_alone: Duration,
    run: Duration,
    explore: Duration,
    save_to_verdict: Duration,
    save_noticed: Duration,
}

/// A throw-away copy of the workbook in which every kata is solved.
struct SolvedCopy {
    dir: TempDir,
    workbook: Workbook,
    /// A copy of this runner's executable: a rebuild of the workbook's runner
    /// during the benchmark must not pull it away.
    runner_exe: PathBuf,
}

impl SolvedCopy {
    fn new(root: &Path) -> Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("workbook-bench-")
            .tempdir()
            .with_context(|| failed::task(Task::TempDir))?;
        copy_sources(root, dir.path())?;
        let catalog = Catalog::load(&dir.path().join("checks"))?;
        for kata in &catalog.katas {
            let (from, to) = (dir.path().join(&kata.solution), dir.path().join(&kata.path));
            std::fs::copy(&from, &to).with_context(|| failed::copy(&from, &to))?;
        }
        let exe = std::env::current_exe().with_context(|| failed::task(Task::FindOwnExecutable))?;
        let runner_exe = dir
            .path()
            .join(format!("bench-runner{}", std::env::consts::EXE_SUFFIX));
        std::fs::copy(&exe, &runner_exe)
            .with_context(|| failed::on_the(Doing::Copy, Thing::Runner, &exe))?;
        let workbook = Workbook {
            root: dir.path().to_path_buf(),
            catalog,
            color: false,
            explorer: crate::core::workbook::runner_explorer(),
            confinement: crate::core::workbook::runner_confinement(),
            run_log: crate::core::workbook::RunLog::default(),
        };
        Ok(Self {
            dir,
            workbook,
            runner_exe,
        })
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    /// This very runner, run as a separate process on the copy.
    fn runner(&self, args: &[&str]) -> Result<Output> {
        Command::new(&self.runner_exe)
            .args(args)
            .env("WORKBOOK_ROOT", self.root())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .output()
            .with_context(|| failed::on(Doing::Run, &self.runner_exe))
    }

    /// `rustc` on the kata file against the `kata` library, then one run.
    fn compile_floor(&self, kata: &Kata) -> Result<Duration> {
        let library = self.kata_library()?;
        let deps = library.parent().unwrap_or(Path::new("."));
        let executable = self
            .root()
            .join("target")
            .join(format!("floor-{}", kata.name));
        let start = Instant::now();
        let output = Command::new(build::rustc())
            .args([
                "--edition",
                "2024",
                "--crate-type",
                "bin",
                "--crate-name",
                &kata.name,
            ])
            .arg("--extern")
            .arg(format!("kata={}", library.display()))
            .arg("-L")
            .arg(format!("dependency={}", deps.display()))
            .arg(self.root().join(&kata.path))
            .arg("-o")
            .arg(&executable)
            .output()
            .with_context(|| failed::task(Task::RunRustc))?;
        ensure!(
            output.status.success(),
            "{}",
            words::stopped(&Stopped::Rustc {
                file: &kata.path,
                said: &text(&output)
            })
        );
        self.run_kata(kata, &executable)?;
        Ok(start.elapsed())
    }

    /// The compiled `kata` library of the exercises, as cargo reports it.
    fn kata_library(&self) -> Result<PathBuf> {
        let output = build::cargo(self.root())
            .args([
                "build",
                "--package",
                "exercises",
                "--lib",
                "--message-format=json",
            ])
            .output()
            .with_context(|| failed::task(Task::RunCargo))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        stdout
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "kata")
            .flat_map(|m| m["filenames"].as_array().cloned().unwrap_or_default())
            .filter_map(|f| f.as_str().map(PathBuf::from))
            .find(|f| f.extension().is_some_and(|e| e == "rlib"))
            .with_context(|| {
                words::stopped(&Stopped::NoKataLibrary {
                    said: &text(&output),
                })
            })
    }

    /// What the runner's build step does (one cargo call), then one run.
    fn build_and_run(&self, kata: &Kata) -> Result<()> {
        let mut built = build::build(self.root(), Package::Exercises, &[&kata.name], false)?;
        match built.remove(&kata.name) {
            Some(BinBuild::Built { executable, .. }) => self.run_kata(kata, &executable),
            _ => bail!("{}", words::stopped(&Stopped::DoesNotCompile(&kata.name))),
        }
    }

    fn run_kata(&self, kata: &Kata, executable: &Path) -> Result<()> {
        let params = checks::draw_params(kata, &mut fastrand::Rng::new());
        let status = Command::new(executable)
            .envs(checks::param_env(&params))
            .current_dir(self.root())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .status()
            .with_context(|| failed::on(Doing::Run, executable))?;
        ensure!(
            status.success(),
            "{}",
            words::stopped(&Stopped::ProgramFailed {
                program: executable,
                status: &status.to_string()
            })
        );
        Ok(())
    }

    /// What a passing check of an `explore = true` kata adds: the kata built
    /// against the schedule explorer, and the search.
    fn explore(&self, kata: &Kata) -> Result<Duration> {
        let start = Instant::now();
        explore_stage::check_search_file(&self.workbook, kata, &kata.path, Depth::Quick)?;
        Ok(start.elapsed())
    }

    /// Each single-kata measurement once; every edit is a new comment line.
    fn one_round(&self, kata: &Kata, file: &Path, round: usize) -> Result<Round> {
        let floor = self.compile_floor(kata)?;

        append_line(file, round)?;
        let start = Instant::now();
        self.build_and_run(kata)?;
        let build_alone = start.elapsed();

        append_line(file, round)?;
        let start = Instant::now();
        let output = self.runner(&["run", &kata.name])?;
        let run = start.elapsed();
        ensure!(
            output.status.success(),
            "{}",
            words::stopped(&Stopped::RunFailed {
                kata: &kata.name,
                said: &text(&output)
            })
        );

        let explore = if kata.explore {
            append_line(file, round)?;
            self.explore(kata)?
        } else {
            Duration::ZERO
        };
        let (save_to_verdict, save_noticed) = self.save_to_verdict(kata, file, round)?;
        Ok(Round {
            floor,
            build_alone,
            run,
            explore,
            save_to_verdict,
            save_noticed,
        })
    }

    /// The watcher's own file watching and judging, driven in-process: from
    /// the write of a one-line edit to the verdict. Also returns how long the
    /// save took to reach the watcher (debouncing included). A watcher of its
    /// own each time, so that no earlier write is still on its way.
    fn save_to_verdict(
        &self,
        kata: &Kata,
        file: &Path,
        round: usize,
    ) -> Result<(Duration, Duration)> {
        let (sender, events) = mpsc::channel();
        let _watcher = files::watch(self.root(), &self.workbook.catalog, false, sender)?;
        let start = Instant::now();
        append_line(file, round)?;
        loop {
            match events.recv_timeout(SAVE_NOTICED_WITHIN) {
                Ok(Event::Saved(paths)) if paths.iter().any(|p| p == file) => break,
                Ok(_) => {}
                Err(_) => bail!("{}", words::stopped(&Stopped::SaveUnnoticed(file))),
            }
        }
        let noticed = start.elapsed();
        let verdict = self.workbook.judge(kata, Target::Exercise)?;
        ensure!(
            verdict.passed(),
            "{}",
            words::stopped(&Stopped::DidNotPass {
                kata: &kata.name,
                status: &verdict.status().to_string()
            })
        );
        Ok((start.elapsed(), noticed))
    }

    /// One in-process `verify --solutions`, kata by kata, slowest first.
    fn per_kata_checks(&self) -> Result<()> {
        let katas: Vec<&Kata> = self.workbook.catalog.katas.iter().collect();
        let start = Instant::now();
        let mut judged = self.workbook.judge_many(&katas, Target::Solution)?;
        let wall = start.elapsed();
        let sum: Duration = judged.iter().map(|j| j.duration).sum();
        judged.sort_by_key(|j| std::cmp::Reverse(j.duration));
        let rows: Vec<(&str, Duration, u32)> = judged
            .iter()
            .map(|j| {
                let runs = self.workbook.catalog.find(&j.name).map_or(1, |k| k.runs);
                (j.name.as_str(), j.duration, runs)
            })
            .collect();
        print!("{}", words::per_kata(wall, sum, &rows));
        Ok(())
    }
}

/// How long `cargo xtask` takes to start an up-to-date runner.
fn cargo_start_of_runner(root: &Path, runs: usize) -> Result<Duration> {
    let start_runner = || -> Result<Duration> {
        let start = Instant::now();
        let output = build::cargo(root)
            .args([
                "run",
                "--quiet",
                "--package",
                "xtask",
                "--bin",
                "xtask",
                "--",
                "--help",
            ])
            .output()
            .with_context(|| failed::task(Task::RunCargo))?;
        ensure!(
            output.status.success(),
            "{}",
            words::stopped(&Stopped::Cargo {
                args: "xtask --help",
                fresh: false,
                said: &text(&output)
            })
        );
        Ok(start.elapsed())
    };
    start_runner()?; // builds the runner if its sources changed since
    median(runs, |_| start_runner())
}

/// Copies what a clone of the workbook holds: everything but build output,
/// progress and version control.
fn copy_sources(from: &Path, to: &Path) -> Result<()> {
    let skipped: HashSet<&str> = ["target", ".workbook", ".git"].into();
    for entry in std::fs::read_dir(from).with_context(|| failed::on(Doing::Read, from))? {
        let entry = entry.with_context(|| failed::on(Doing::Read, from))?;
        if !entry
            .file_name()
            .to_str()
            .is_some_and(|name| skipped.contains(name))
        {
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

/// Copies a file, or a folder and everything in it.
pub(super) fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    if from.is_dir() {
        std::fs::create_dir_all(to).with_context(|| failed::on(Doing::Create, to))?;
        for entry in std::fs::read_dir(from).with_context(|| failed::on(Doing::Read, from))? {
            let entry = entry.with_context(|| failed::on(Doing::Read, from))?;
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
    } else {
        std::fs::copy(from, to).with_context(|| failed::on(Doing::Copy, from))?;
    }
    Ok(())
}

/// Appends a comment line: the smallest edit that makes cargo rebuild.
fn append_line(file: &Path, i: usize) -> Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(file)
        .with_context(|| failed::on(Doing::Open, file))?;
    writeln!(f, "// bench edit {i}").with_context(|| failed::on(Doing::Write, file))
}

/// Bytes on disk under `dir`, as `du` counts them (hard links once); files
/// that vanish while it counts (a grading removes its trees) are left out.
pub(super) fn disk_usage(dir: &Path) -> u64 {
    fn walk(path: &Path, seen: &mut HashSet<(u64, u64)>) -> u64 {
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            return 0;
        };
        if let Some(id) = crate::base::system::file_id(&meta)
            && !seen.insert(id)
        {
            return 0;
        }
        let mut total = crate::base::system::disk_bytes(&meta);
        if meta.is_dir()
            && let Ok(entries) = std::fs::read_dir(path)
        {
            for entry in entries.flatten() {
                total += walk(&entry.path(), seen);
            }
        }
        total
    }
    walk(dir, &mut HashSet::new())
}

/// Runs `measure` `runs` times (passing the run's number) and returns the median.
fn median(runs: usize, mut measure: impl FnMut(usize) -> Result<Duration>) -> Result<Duration> {
    let times = (0..runs).map(&mut measure).collect::<Result<Vec<_>>>()?;
    Ok(median_of(times))
}

fn median_of(mut times: Vec<Duration>) -> Duration {
    times.sort();
    match times.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => times[n / 2],
        n => (times[n / 2 - 1] + times[n / 2]) / 2,
    }
}

/// A progress note (a line of its own), shown at once.
fn say(note: &str) {
    print!("{note}");
    let _ = std::io::stdout().flush();
}

/// Cores, CPU model and compiler, for the record.
fn machine() -> Machine {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|l| {
                    l.strip_prefix("model name")
                        .and_then(|rest| rest.split_once(':'))
                })
                .map(|(_, model)| model.trim().to_string())
        });
    let rustc = Command::new(build::rustc())
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    Machine { cores, cpu, rustc }
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn last_line(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .last()
        .unwrap_or("")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        let ms = Duration::from_millis;
        assert_eq!(median_of(vec![ms(30), ms(10), ms(20)]), ms(20));
        assert_eq!(median_of(vec![ms(40), ms(10), ms(20), ms(30)]), ms(25));
        assert_eq!(median_of(Vec::new()), Duration::ZERO);
    }
}
