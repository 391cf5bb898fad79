//! What one search is asked to do: the settings the runner passes to an
//! explorer in its environment.

use std::path::PathBuf;
use std::time::Duration;

/// `random` or `pct`: see [`Scheduler`].
pub const SCHEDULER: &str = "EXPLORE_SCHEDULER";
/// The first seed; seed `s + i` is the `i`-th schedule tried.
pub const SEED: &str = "EXPLORE_SEED";
/// How many schedules to try at most.
pub const ITERATIONS: &str = "EXPLORE_ITERATIONS";
/// Wall-time budget in milliseconds: the search stops early rather than overrun.
pub const BUDGET_MS: &str = "EXPLORE_BUDGET_MS";
/// The file the report goes to (stdout without it): a report can outgrow
/// what the runner keeps of a program's stdout.
pub const REPORT: &str = "EXPLORE_REPORT";
/// `1` asks for the full event log of each outcome written ([`Trace`]):
/// meant for one seed, as it makes the report many times larger.
///
/// Read apart from [`Settings`] ([`trace_from_env`]) so that code building a
/// `Settings` keeps compiling.
pub const TRACE: &str = "EXPLORE_TRACE";

/// The most preemptions a schedule of the bounded search ([`Scheduler::Bounded`])
/// has; the search raises its bound from 0 up to this while its budget lasts.
/// Read apart from [`Settings`] ([`preemptions_from_env`]) like [`TRACE`].
pub const PREEMPTIONS: &str = "EXPLORE_PREEMPTIONS";

/// The bound when [`PREEMPTIONS`] is not set.
pub const DEFAULT_PREEMPTIONS: usize = 2;

/// The most preemptions the environment asks for ([`PREEMPTIONS`]).
pub fn preemptions_from_env(var: impl Fn(&str) -> Option<String>) -> Result<usize, String> {
    match var(PREEMPTIONS) {
        None => Ok(DEFAULT_PREEMPTIONS),
        Some(v) => v
            .parse()
            .map_err(|_| format!("{PREEMPTIONS}=`{v}` is not a number")),
    }
}

/// Whether the environment asks for the full event log ([`TRACE`]).
pub fn trace_from_env(var: impl Fn(&str) -> Option<String>) -> Result<bool, String> {
    match var(TRACE).as_deref() {
        None | Some("0") => Ok(false),
        Some("1") => Ok(true),
        Some(v) => Err(format!("{TRACE}=`{v}` is neither 0 nor 1")),
    }
}

/// How the explorer picks the next thread at each scheduling point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheduler {
    /// Any runnable thread, uniformly at random.
    Random,
    /// Probabilistic Concurrency Testing: random thread priorities, changed
    /// at a few random points; good at bugs that need a precise preemption.
    Pct,
    /// Every schedule with at most [`PREEMPTIONS`] preemptions, fewest
    /// first, each once; the seed of a schedule is its place in that order,
    /// and its choices ([`Report::bounded`](crate::Report)) replay it.
    Bounded,
}

impl Scheduler {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Random => "random",
            Self::Pct => "pct",
            Self::Bounded => "bounded",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "random" => Some(Self::Random),
            "pct" => Some(Self::Pct),
            "bounded" => Some(Self::Bounded),
            _ => None,
        }
    }
}

/// What one search is asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub scheduler: Scheduler,
    pub seed: u64,
    pub iterations: u64,
    pub budget: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            scheduler: Scheduler::Random,
            seed: 0,
            iterations: 500,
            budget: Duration::from_secs(2),
        }
    }
}

impl Settings {
    /// The environment the explorer is started with.
    pub fn to_env(&self, report: Option<&std::path::Path>) -> Vec<(String, String)> {
        let mut env = vec![
            (SCHEDULER.to_string(), self.scheduler.as_str().to_string()),
            (SEED.to_string(), self.seed.to_string()),
            (ITERATIONS.to_string(), self.iterations.to_string()),
            (BUDGET_MS.to_string(), self.budget.as_millis().to_string()),
        ];
        if let Some(report) = report {
            env.push((REPORT.to_string(), report.display().to_string()));
        }
        env
    }

    /// The settings and the report file, read with `var` (`std::env::var`,
    /// or a map in tests); a variable not set keeps its default.
    pub fn from_env(
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<(Self, Option<PathBuf>), String> {
        let defaults = Self::default();
        let number = |name: &str, default: u64| match var(name) {
            None => Ok(default),
            Some(v) => v
                .parse::<u64>()
                .map_err(|_| format!("{name}=`{v}` is not a number")),
        };
        let scheduler = match var(SCHEDULER) {
            None => defaults.scheduler,
            Some(v) => Scheduler::parse(&v).ok_or(format!("unknown scheduler `{v}`"))?,
        };
        let settings = Self {
            scheduler,
            seed: number(SEED, defaults.seed)?,
            iterations: number(ITERATIONS, defaults.iterations)?,
            budget: Duration::from_millis(number(BUDGET_MS, defaults.budget.as_millis() as u64)?),
        };
        Ok((settings, var(REPORT).map(PathBuf::from)))
    }
}
