//! The search: one shuttle execution per seed, each outcome reported once.
//!
//! Each seed gets a fresh scheduler, so a seed *is* a schedule: running the
//! same seed again replays it exactly (`EXPLORE_SEED=S EXPLORE_ITERATIONS=1`).
//! Outcomes are written the first time they are seen, in the report format of
//! `explore-protocol`, which the runner reads back with the same crate.
//!
//! A deadlock, a panic or an endless loop fails the kata whatever it printed,
//! so the search stops at the first one; outputs are judged by the runner.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::io::Write;
use std::ops::Range;
use std::panic::{AssertUnwindSafe, PanicHookInfo};
use std::process::ExitCode;
use std::rc::Rc;
use std::time::Instant;

use shuttle::scheduler::{PctScheduler, RandomScheduler};
use shuttle::{Config, FailurePersistence, MaxSteps, Runner};

use explore_protocol::{
    Bounded, Ending, Schedule, Scheduler, Settings, bound_text, bounded_text, choices_from_env,
    preemptions_from_env, schedule_text, summary_text, trace_from_env,
};

use crate::bounded::BoundedScheduler;
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
    let read = Settings::from_env(var).and_then(|read| {
        Ok((
            read,
            trace_from_env(var)?,
            choices_from_env(var)?,
            preemptions_from_env(var)?,
        ))
    });
    let ((options, report_path), trace, choices, preemptions) = match read {
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
    let search = Rc::new(RefCell::new(Search {
        report,
        seen: HashMap::new(),
        firsts: Vec::new(),
        explored: 0,
        started,
        budget: options.budget,
    }));
    let bound = if options.scheduler == Scheduler::Bounded {
        run_bounded(entry, preemptions, options.iterations, trace, &search)
    } else {
        let seeds = options.seed..options.seed.saturating_add(options.iterations);
        run_seeds(entry, seeds, options.scheduler, trace, &search);
        None
    };
    let Search {
        mut report,
        firsts,
        explored,
        ..
    } = Rc::try_unwrap(search)
        .ok()
        .expect("the runner has let go of the search")
        .into_inner();
    let _ = report.write_all(summary_text(explored, &firsts).as_bytes());
    if let Some((k, schedules)) = bound {
        let _ = report.write_all(bound_text(k, schedules).as_bytes());
    }
    let _ = report.flush();
    ExitCode::SUCCESS
}

/// What the search keeps from one schedule to the next.
struct Search {
    report: Box<dyn Write>,
    /// Each distinct outcome, and where it is in `firsts`.
    seen: HashMap<String, usize>,
    /// The first seed of each distinct outcome, in the order found, and how
    /// many schedules had it.
    firsts: Vec<(u64, u64)>,
    explored: u64,
    started: Instant,
    budget: std::time::Duration,
}

impl Search {
    /// Takes the outcome of `seed`; `false` when the search should stop (a
    /// deadlock, a panic, an endless loop, or the budget spent).
    fn take(&mut self, seed: u64, ending: Ending, schedule: &Schedule) -> bool {
        self.take_bounded(seed, ending, schedule, None)
    }

    /// `take`, with how a bounded search reached the schedule, written
    /// after it when its outcome is new.
    fn take_bounded(
        &mut self,
        seed: u64,
        ending: Ending,
        schedule: &Schedule,
        bounded: Option<Bounded>,
    ) -> bool {
        let body = schedule.body();
        self.explored += 1;
        if let Some(&index) = self.seen.get(&body) {
            self.firsts[index].1 += 1;
        } else {
            // Written as found, so a search the runner has to stop still tells what it saw.
            let written = match &schedule.trace {
                None => schedule_text(seed, &body),
                Some(_) => schedule_text(seed, &schedule.text()),
            };
            let _ = self.report.write_all(written.as_bytes());
            if let Some(bounded) = &bounded {
                let _ = self
                    .report
                    .write_all(bounded_text(seed, bounded).as_bytes());
            }
            let _ = self.report.flush();
            self.seen.insert(body, self.firsts.len());
            self.firsts.push((seed, 1));
        }
        ending == Ending::Finished && self.started.elapsed() <= self.budget
    }
}

/// Runs the schedules of `seeds` in order under one shuttle runner, handing
/// each outcome to `search`.
///
/// One runner for many seeds, rather than one per seed, because a runner
/// keeps the threads' stacks for its next execution: with a runner per seed
/// every schedule mapped and unmapped a stack per thread, and the kernel's
/// share of a search was as large as the search itself (`docs/speed.md`).
/// A schedule that panics (a
/// deadlock, say) unwinds out of the runner; when the search goes on after
/// it, a new runner starts at the next seed.
fn run_seeds(
    entry: fn() -> Option<String>,
    seeds: Range<u64>,
    scheduler: Scheduler,
    trace: bool,
    search: &Rc<RefCell<Search>>,
) {
    let mut left = seeds;
    while !left.is_empty() {
        let current = Rc::new(Cell::new(left.start));
        let seeds = Seeds {
            left: left.clone(),
            scheduler,
            running: None,
            current: Rc::clone(&current),
            done: {
                let search = Rc::clone(search);
                Box::new(move |seed| {
                    let (ending, schedule) = outcome(Ok(()), trace);
                    search.borrow_mut().take(seed, ending, &schedule)
                })
            },
        };
        let result = run(entry, seeds);
        let Err(payload) = result else {
            return;
        };
        let seed = current.get();
        let (ending, schedule) = outcome(Err(payload), trace);
        if !search.borrow_mut().take(seed, ending, &schedule) {
            return;
        }
        left = seed.saturating_add(1)..left.end;
    }
}

/// Runs the bounded search (every schedule with at most `preemptions`
/// preemptions, fewest first) for at most `iterations` executions, handing
/// each outcome to `search`; the seed of a schedule is its place in the
/// search. Returns the largest bound whose schedules were all run, and how
/// many those were.
///
/// One runner for as long as no schedule panics, as in `run_seeds`. A
/// schedule that reaches the step limit is no verdict here: the search
/// stops there without it (its bound is not complete), since a thread that
/// spins on a lock or a `try_recv` does so only while no other runs, which
/// the search's turns can keep up longer than a real machine would. The
/// random part of a check judges endless loops.
fn run_bounded(
    entry: fn() -> Option<String>,
    preemptions: usize,
    iterations: u64,
    trace: bool,
    search: &Rc<RefCell<Search>>,
) -> Option<(usize, u64)> {
    let bounded = Rc::new(RefCell::new(BoundedScheduler::new(preemptions)));
    let started = Rc::new(Cell::new(0u64));
    let how = |bounded: &RefCell<BoundedScheduler>| {
        let bounded = bounded.borrow();
        Bounded {
            preemptions: bounded.preemptions(),
            choices: bounded.choices(),
        }
    };
    loop {
        let shared = Shared {
            bounded: Rc::clone(&bounded),
            started: Rc::clone(&started),
            running: false,
            iterations,
            done: {
                let (search, bounded) = (Rc::clone(search), Rc::clone(&bounded));
                Box::new(move |seed| {
                    let (ending, schedule) = outcome(Ok(()), trace);
                    let reached = how(&bounded);
                    search
                        .borrow_mut()
                        .take_bounded(seed, ending, &schedule, Some(reached))
                })
            },
        };
        let Err(payload) = run(entry, shared) else {
            break;
        };
        let seed = started.get().saturating_sub(1);
        let (ending, schedule) = outcome(Err(payload), trace);
        if ending == Ending::Endless {
            bounded.borrow_mut().give_up_current();
            break;
        }
        let reached = how(&bounded);
        if !search
            .borrow_mut()
            .take_bounded(seed, ending, &schedule, Some(reached))
        {
            break;
        }
    }
    bounded.borrow().complete()
}

/// The bounded search's scheduler, shared with `run_bounded` so that it
/// goes on under a new runner after a schedule that panicked.
struct Shared {
    bounded: Rc<RefCell<BoundedScheduler>>,
    /// Executions started, over every runner.
    started: Rc<Cell<u64>>,
    /// Whether this runner has started an execution (which ends when the
    /// next is asked for).
    running: bool,
    iterations: u64,
    done: Box<dyn FnMut(u64) -> bool>,
}

impl shuttle::scheduler::Scheduler for Shared {
    fn new_execution(&mut self) -> Option<shuttle::scheduler::Schedule> {
        if self.running && !(self.done)(self.started.get() - 1) {
            return None;
        }
        if self.started.get() >= self.iterations {
            return None;
        }
        let schedule = self.bounded.borrow_mut().new_execution()?;
        self.running = true;
        self.started.set(self.started.get() + 1);
        Some(schedule)
    }

    fn next_task(
        &mut self,
        runnable: &[&shuttle::scheduler::Task],
        current: Option<shuttle::scheduler::TaskId>,
        is_yielding: bool,
    ) -> Option<shuttle::scheduler::TaskId> {
        self.bounded
            .borrow_mut()
            .next_task(runnable, current, is_yielding)
    }

    fn next_u64(&mut self) -> u64 {
        self.bounded.borrow_mut().next_u64()
    }
}

/// The shuttle scheduler of a search: a fresh scheduler for each seed, so
/// that a seed is one schedule however many came before it.
struct Seeds {
    left: Range<u64>,
    scheduler: Scheduler,
    running: Option<(u64, Box<dyn shuttle::scheduler::Scheduler + Send>)>,
    /// The seed running now, for the caller to name a schedule that panicked.
    current: Rc<Cell<u64>>,
    /// Called when a seed's executions have finished; `false` ends the search.
    done: Box<dyn FnMut(u64) -> bool>,
}

impl shuttle::scheduler::Scheduler for Seeds {
    fn new_execution(&mut self) -> Option<shuttle::scheduler::Schedule> {
        loop {
            if let Some((seed, scheduler)) = &mut self.running {
                if let Some(schedule) = scheduler.new_execution() {
                    return Some(schedule);
                }
                let seed = *seed;
                self.running = None;
                if !(self.done)(seed) {
                    return None;
                }
            }
            let seed = self.left.next()?;
            self.current.set(seed);
            self.running = Some((seed, fresh_scheduler(self.scheduler, seed)));
        }
    }

    fn next_task(
        &mut self,
        runnable: &[&shuttle::scheduler::Task],
        current: Option<shuttle::scheduler::TaskId>,
        is_yielding: bool,
    ) -> Option<shuttle::scheduler::TaskId> {
        let (_, scheduler) = self.running.as_mut()?;
        scheduler.next_task(runnable, current, is_yielding)
    }

    fn next_u64(&mut self) -> u64 {
        self.running
            .as_mut()
            .map_or(0, |(_, scheduler)| scheduler.next_u64())
    }
}

/// The scheduler of one seed.
fn fresh_scheduler(
    scheduler: Scheduler,
    seed: u64,
) -> Box<dyn shuttle::scheduler::Scheduler + Send> {
    match scheduler {
        // A bounded search is one scheduler for the whole search (`run_bounded`),
        // never a seed's.
        Scheduler::Random | Scheduler::Bounded => Box::new(RandomScheduler::new_from_seed(seed, 1)),
        // PCT's first execution only measures; each execution starts afresh.
        Scheduler::Pct => Box::new(PctScheduler::new_from_seed(seed, PCT_DEPTH, 2)),
    }
}

/// Runs the schedule `choices` make: `Ok` with the text of the choice point
/// where it stopped to ask, or `Err` with the schedule when the choices
/// took it to its end.
fn step(
    entry: fn() -> Option<String>,
    choices: Vec<usize>,
    trace: bool,
) -> Result<String, Box<Schedule>> {
    let result = run(entry, ChoiceScheduler::new(choices));
    let (_, schedule) = outcome(result, trace);
    match CHOICE.lock().unwrap_or_else(|e| e.into_inner()).take() {
        Some(point) => Ok(point.text()),
        None => Err(Box::new(schedule)),
    }
}

/// The choice point of the last stepped execution, with its log so far.
static CHOICE: std::sync::Mutex<Option<explore_protocol::ChoicePoint>> =
    std::sync::Mutex::new(None);

/// Runs `scheduler`'s executions of `entry`; `Err` with the panic that
/// ended them early.
fn run(
    entry: fn() -> Option<String>,
    scheduler: impl shuttle::scheduler::Scheduler + 'static,
) -> Result<(), Box<dyn std::any::Any + Send>> {
    record::reset();
    let mut config = Config::new();
    config.failure_persistence = FailurePersistence::None;
    config.max_steps = MaxSteps::FailAfter(MAX_STEPS);
    config.stack_size = STACK_SIZE;
    config.silence_warnings = true;
    let test = move || {
        // Each execution starts afresh.
        record::reset();
        let error = entry();
        record::main_returned(error);
    };
    std::panic::catch_unwind(AssertUnwindSafe(|| {
        Runner::new(scheduler, config).run(test);
    }))
}

/// How the execution that just ran went (`result`: whether it panicked), and
/// its description, with its whole log when `trace` asks for it.
fn outcome(result: Result<(), Box<dyn std::any::Any + Send>>, trace: bool) -> (Ending, Schedule) {
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
        stdout: line_ended(&execution.stdout),
        stderr: line_ended(&execution.stderr),
        observations: log.observations(),
        trace: trace.then_some(log),
    }
}

/// `text` as the report carries it: each line ended by one `\n`.
fn line_ended(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    for line in text.lines() {
        out.push_str(line);
        out.push('\n');
    }
    out
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
