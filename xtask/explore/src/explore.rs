//! The search: one shuttle execution per seed, each outcome reported once.
//!
//! Each seed gets a fresh scheduler, so a seed *is* a schedule: running the
//! same seed again replays it exactly (`EXPLORE_SEED=S EXPLORE_ITERATIONS=1`).
//! Outcomes are written the first time they are seen, in the report format of
//! `explore-protocol`, which the runner reads back with the same crate.
//!
//! A deadlock, a panic or an endless loop fails the kata whatever it printed,
//! so the search stops at the first one; outputs are judged by the runner.

use std::collections::HashMap;
use std::io::Write;
use std::panic::{AssertUnwindSafe, PanicHookInfo};
use std::process::ExitCode;
use std::time::Instant;

use shuttle::scheduler::{PctScheduler, RandomScheduler};
use shuttle::{Config, FailurePersistence, MaxSteps, Runner};

use explore_protocol::{
    Ending, Schedule, Scheduler, Settings, choices_from_env, schedule_text, summary_text,
    trace_from_env,
};

use crate::choice::ChoiceScheduler;
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

/// Explores the schedules of `entry` (the kata's `main`) as the environment
/// asks, and prints every distinct outcome for the runner.
pub fn explore(entry: fn() -> Option<String>, source: Source) -> ExitCode {
    let var = |name: &str| std::env::var(name).ok();
    let read = Settings::from_env(var)
        .and_then(|read| Ok((read, trace_from_env(var)?, choices_from_env(var)?)));
    let ((options, report_path), trace, choices) = match read {
        Ok(read) => read,
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
    let mut report: Box<dyn Write> = match report_path {
        Some(path) => match std::fs::File::create(&path) {
            Ok(file) => Box::new(std::io::BufWriter::new(file)),
            Err(e) => {
                eprintln!("explore: cannot write {}: {e}", path.display());
                return ExitCode::from(2);
            }
        },
        None => Box::new(std::io::stdout().lock()),
    };
    if let Some(choices) = choices {
        let text = match step(entry, choices, trace) {
            Ok(point) => point,
            Err(schedule) => schedule_text(options.seed, &schedule.text()),
        };
        let _ = report.write_all(text.as_bytes());
        let _ = report.write_all(summary_text(1, &[(options.seed, 1)]).as_bytes());
        let _ = report.flush();
        return ExitCode::SUCCESS;
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut firsts: Vec<(u64, String)> = Vec::new();
    let mut explored = 0u64;
    for seed in options.seed..options.seed.saturating_add(options.iterations) {
        if explored > 0 && started.elapsed() > options.budget {
            break;
        }
        let (ending, schedule) = run_one(entry, seed, Some(options.scheduler), None, trace);
        let text = schedule.body();
        explored += 1;
        let count = seen.entry(text.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            // Written as found, so a search the runner has to stop still tells what it saw.
            let _ = report.write_all(schedule_text(seed, &schedule.text()).as_bytes());
            let _ = report.flush();
            firsts.push((seed, text));
        }
        if ending != Ending::Finished {
            break;
        }
    }
    let counts: Vec<(u64, u64)> = firsts
        .iter()
        .map(|(seed, text)| (*seed, seen[text] as u64))
        .collect();
    let _ = report.write_all(summary_text(explored, &counts).as_bytes());
    let _ = report.flush();
    ExitCode::SUCCESS
}

/// Runs the schedule `choices` make: `Ok` with the text of the choice point
/// where it stopped to ask, or `Err` with the schedule when the choices
/// took it to its end.
fn step(
    entry: fn() -> Option<String>,
    choices: Vec<usize>,
    trace: bool,
) -> Result<String, Box<Schedule>> {
    let (_, schedule) = run_one(entry, 0, None, Some(choices), trace);
    match CHOICE.lock().unwrap_or_else(|e| e.into_inner()).take() {
        Some(point) => Ok(point.text()),
        None => Err(Box::new(schedule)),
    }
}

/// The choice point of the last stepped execution, with its log so far.
static CHOICE: std::sync::Mutex<Option<explore_protocol::ChoicePoint>> =
    std::sync::Mutex::new(None);

/// Runs the schedule of `seed` (or the one `choices` make) and describes
/// how it went, with its whole log when `trace` asks for it.
fn run_one(
    entry: fn() -> Option<String>,
    seed: u64,
    scheduler: Option<Scheduler>,
    choices: Option<Vec<usize>>,
    trace: bool,
) -> (Ending, Schedule) {
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
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| match (scheduler, choices) {
        (_, Some(choices)) => {
            Runner::new(ChoiceScheduler::new(choices), config).run(test);
        }
        (Some(Scheduler::Random) | None, None) => {
            Runner::new(RandomScheduler::new_from_seed(seed, 1), config).run(test);
        }
        (Some(Scheduler::Pct), None) => {
            Runner::new(PctScheduler::new_from_seed(seed, PCT_DEPTH, 2), config).run(test);
        }
    }));
    let mut execution = record::take();
    if let Some(mut point) = execution.choice.take() {
        point.trace = trace.then(|| execution.take_trace());
        *CHOICE.lock().unwrap_or_else(|e| e.into_inner()) = Some(point);
    }
    let ending = match result {
        Ok(()) if execution.main_error => Ending::ExitError,
        Ok(()) => Ending::Finished,
        // Once `main` has returned, the real process exits: threads still
        // blocked or looping then are no deadlock.
        Err(_) if execution.main_returned && !execution.main_error => Ending::Finished,
        Err(_) if execution.main_returned => Ending::ExitError,
        Err(payload) => {
            let message = payload_text(payload.as_ref());
            if message.starts_with("deadlock!") {
                Ending::Deadlock
            } else if message.starts_with("exceeded max_steps bound") {
                Ending::Endless
            } else {
                Ending::Panicked
            }
        }
    };
    (ending, describe(ending, &mut execution, trace))
}

/// The record of one execution, without its seed: equal bodies are one outcome.
fn describe(ending: Ending, execution: &mut Execution, trace: bool) -> Schedule {
    let deadlock = ending == Ending::Deadlock;
    let log = execution.take_trace();
    Schedule {
        seed: 0,
        ending,
        finished_threads: if deadlock {
            execution.finished_threads()
        } else {
            0
        },
        blocked: if deadlock {
            execution.unfinished_threads()
        } else {
            Vec::new()
        },
        stdout: execution.stdout.lines().map(str::to_string).collect(),
        stderr: execution.stderr.lines().map(str::to_string).collect(),
        observations: log.observations(),
        trace: trace.then_some(log),
    }
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
        let line = info.location().and_then(record::line_of);
        record::eprint_panic(location, line, &message);
    }));
}
