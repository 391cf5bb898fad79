//! The search: one shuttle execution per seed, each outcome reported once.
//!
//! Each seed gets a fresh scheduler, so a seed *is* a schedule: running the
//! same seed again replays it exactly (`SCHEDULES_SEED=S SCHEDULES_ITERATIONS=1`).
//! Outcomes are written the first time they are seen, to the file that
//! `SCHEDULES_REPORT` names (stdout without it), in a line format the runner
//! reads (`xtask/src/schedules.rs`):
//!
//! ```text
//! schedule <seed>
//! outcome finished|exit_error|panicked|deadlock|endless
//! finished_threads <n>
//! thread <name>\t<spawned at>\t<recv|send|join|blocked>\t<details>   (deadlock only)
//! stdout <line>
//! stderr <line>
//! end
//! ...
//! explored <executions>
//! count <seed> <executions with that outcome>
//! ```
//!
//! A deadlock, a panic or an endless loop fails the kata whatever it printed,
//! so the search stops at the first one; outputs are judged by the runner.

use std::collections::HashMap;
use std::io::Write;
use std::panic::{AssertUnwindSafe, PanicHookInfo};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use shuttle::scheduler::{PctScheduler, RandomScheduler};
use shuttle::{Config, FailurePersistence, MaxSteps, Runner};

use crate::record::{self, Execution, Source};

/// More scheduling steps than any kata needs; beyond them a thread is taken
/// to loop without end.
const MAX_STEPS: usize = 100_000;

/// Preemptions PCT places per execution: most concurrency bugs need one or two.
const PCT_DEPTH: usize = 3;

/// Stack of each shuttle thread: roomy for unoptimized kata code.
const STACK_SIZE: usize = 128 * 1024;

/// Messages of the panics shuttle raises itself, as opposed to the kata's.
const SHUTTLE_PANICS: [&str; 3] = [
    "deadlock!",
    "exceeded max_steps bound",
    "no task was scheduled",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheduler {
    /// Picks a random runnable thread at every scheduling point.
    Random,
    /// Probabilistic Concurrency Testing: random priorities, a few changes.
    Pct,
}

#[derive(Debug)]
struct Options {
    scheduler: Scheduler,
    seed: u64,
    iterations: u64,
    budget: Duration,
}

impl Options {
    /// Read from `SCHEDULES_SCHEDULER` (`random`|`pct`), `SCHEDULES_SEED`,
    /// `SCHEDULES_ITERATIONS` and `SCHEDULES_BUDGET_MS`: the runner starts
    /// the binary like a kata, with settings in its environment.
    fn from_env() -> Result<Self, String> {
        let var = |name: &str| std::env::var(name).ok();
        let number = |name: &str, default: u64| match var(name) {
            None => Ok(default),
            Some(v) => v
                .parse::<u64>()
                .map_err(|_| format!("{name}=`{v}` is not a number")),
        };
        let scheduler = match var("SCHEDULES_SCHEDULER").as_deref() {
            None | Some("random") => Scheduler::Random,
            Some("pct") => Scheduler::Pct,
            Some(other) => return Err(format!("unknown scheduler `{other}`")),
        };
        Ok(Self {
            scheduler,
            seed: number("SCHEDULES_SEED", 0)?,
            iterations: number("SCHEDULES_ITERATIONS", 500)?,
            budget: Duration::from_millis(number("SCHEDULES_BUDGET_MS", 2000)?),
        })
    }
}

/// How one execution ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Finished,
    /// `main` returned an `Err`.
    ExitError,
    Panicked,
    /// Every thread that has not finished is blocked, and `main` has not returned.
    Deadlock,
    /// Still running after `MAX_STEPS` scheduling steps.
    Endless,
}

impl Outcome {
    fn word(self) -> &'static str {
        match self {
            Self::Finished => "finished",
            Self::ExitError => "exit_error",
            Self::Panicked => "panicked",
            Self::Deadlock => "deadlock",
            Self::Endless => "endless",
        }
    }
}

/// Explores the schedules of `entry` (the kata's `main`) as the environment
/// asks, and prints every distinct outcome for the runner.
pub fn explore(entry: fn() -> Option<String>, source: Source) -> ExitCode {
    let options = match Options::from_env() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("explore: {message}");
            return ExitCode::from(2);
        }
    };
    record::set_source(source);
    install_panic_hook();
    let started = Instant::now();
    // The report goes to the file the runner names: there can be more of it
    // than the runner keeps of a program's stdout.
    let mut report: Box<dyn Write> = match std::env::var_os("SCHEDULES_REPORT") {
        Some(path) => match std::fs::File::create(&path) {
            Ok(file) => Box::new(std::io::BufWriter::new(file)),
            Err(e) => {
                eprintln!(
                    "explore: cannot write {}: {e}",
                    std::path::Path::new(&path).display()
                );
                return ExitCode::from(2);
            }
        },
        None => Box::new(std::io::stdout().lock()),
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut firsts: Vec<(u64, String)> = Vec::new();
    let mut explored = 0u64;
    for seed in options.seed..options.seed.saturating_add(options.iterations) {
        if explored > 0 && started.elapsed() > options.budget {
            break;
        }
        let (outcome, text) = run_one(entry, seed, options.scheduler);
        explored += 1;
        let count = seen.entry(text.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            // Written as found, so a search the runner has to stop still tells what it saw.
            let _ = write!(report, "schedule {seed}\n{text}end\n");
            let _ = report.flush();
            firsts.push((seed, text));
        }
        if outcome != Outcome::Finished {
            break;
        }
    }
    let _ = writeln!(report, "explored {explored}");
    for (seed, text) in &firsts {
        let _ = writeln!(report, "count {seed} {}", seen[text]);
    }
    let _ = report.flush();
    ExitCode::SUCCESS
}

/// Runs the schedule of `seed` and describes how it went.
fn run_one(entry: fn() -> Option<String>, seed: u64, scheduler: Scheduler) -> (Outcome, String) {
    record::reset();
    let mut config = Config::new();
    config.failure_persistence = FailurePersistence::None;
    config.max_steps = MaxSteps::FailAfter(MAX_STEPS);
    config.stack_size = STACK_SIZE;
    config.silence_warnings = true;
    let test = move || {
        // PCT's first execution only measures; each execution starts afresh.
        record::reset();
        let error = entry();
        record::main_returned(error);
    };
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| match scheduler {
        Scheduler::Random => {
            Runner::new(RandomScheduler::new_from_seed(seed, 1), config).run(test);
        }
        Scheduler::Pct => {
            Runner::new(PctScheduler::new_from_seed(seed, PCT_DEPTH, 2), config).run(test);
        }
    }));
    let execution = record::take();
    let outcome = match result {
        Ok(()) if execution.main_error => Outcome::ExitError,
        Ok(()) => Outcome::Finished,
        // Once `main` has returned, the real process exits: threads still
        // blocked or looping then are no deadlock.
        Err(_) if execution.main_returned && !execution.main_error => Outcome::Finished,
        Err(_) if execution.main_returned => Outcome::ExitError,
        Err(payload) => {
            let message = payload_text(payload.as_ref());
            if message.starts_with("deadlock!") {
                Outcome::Deadlock
            } else if message.starts_with("exceeded max_steps bound") {
                Outcome::Endless
            } else {
                Outcome::Panicked
            }
        }
    };
    (outcome, describe(outcome, &execution))
}

/// The record of one execution, without its seed: equal texts are one outcome.
fn describe(outcome: Outcome, execution: &Execution) -> String {
    let mut text = format!("outcome {}\n", outcome.word());
    if outcome == Outcome::Deadlock {
        text.push_str(&format!(
            "finished_threads {}\n",
            execution.finished_threads()
        ));
        for thread in execution.unfinished_threads() {
            text.push_str(&format!("thread {thread}\n"));
        }
    }
    for line in execution.stdout.lines() {
        text.push_str(&format!("stdout {line}\n"));
    }
    for line in execution.stderr.lines() {
        text.push_str(&format!("stderr {line}\n"));
    }
    text
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "Box<dyn Any>".to_string()
    }
}

/// Records the kata's panics the way std prints them, instead of printing
/// them once per schedule. Installed before shuttle's own hook, which wraps it.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info: &PanicHookInfo<'_>| {
        let message = payload_text(info.payload());
        if SHUTTLE_PANICS.iter().any(|p| message.starts_with(p)) {
            return;
        }
        let location = info.location().map(record::describe_location);
        record::eprint_panic(location, &message);
    }));
}
