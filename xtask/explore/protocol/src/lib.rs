//! What the runner and the explorer tell each other, written once for both.
//!
//! The runner starts an explorer (a kata program compiled against the
//! `explore` library) the way it starts a kata, with its settings in the
//! environment ([`Settings::to_env`], read back by [`Settings::from_env`]).
//! The explorer writes what it saw to the file [`REPORT`] names, one
//! schedule per distinct outcome, in this line format:
//!
//! ```text
//! schedule <seed>
//! outcome finished|exit_error|panicked|deadlock|endless
//! finished_threads <n>                                         (deadlock only)
//! thread <name>\t<spawned at>\t<recv|send|join|blocked>\t...   (deadlock only)
//! stdout <line>
//! stderr <line>
//! end
//! ...
//! explored <executions>
//! count <seed> <executions with that outcome>
//! ```
//!
//! [`Report::parse`] reads it back. A report cut short (the explorer stopped
//! at its time limit) still gives every schedule written whole.

use std::collections::BTreeMap;
use std::fmt::Write as _;
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

/// How the explorer picks the next thread at each scheduling point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheduler {
    /// Any runnable thread, uniformly at random.
    Random,
    /// Probabilistic Concurrency Testing: random thread priorities, changed
    /// at a few random points; good at bugs that need a precise preemption.
    Pct,
}

impl Scheduler {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Random => "random",
            Self::Pct => "pct",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "random" => Some(Self::Random),
            "pct" => Some(Self::Pct),
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

/// How one schedule ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Finished,
    /// `main` returned an `Err`.
    ExitError,
    Panicked,
    /// Every thread that has not finished is blocked, and `main` has not returned.
    Deadlock,
    /// Still running after the explorer's step limit: a loop that never ends.
    Endless,
}

impl Ending {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Finished => "finished",
            Self::ExitError => "exit_error",
            Self::Panicked => "panicked",
            Self::Deadlock => "deadlock",
            Self::Endless => "endless",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Finished,
            Self::ExitError,
            Self::Panicked,
            Self::Deadlock,
            Self::Endless,
        ]
        .into_iter()
        .find(|e| e.as_str() == text)
    }
}

/// A channel, named by the line of the learner's file that made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    pub made_at: Option<u32>,
    /// `None` for `channel()`, `Some(k)` for `sync_channel(k)`.
    pub capacity: Option<usize>,
    /// Senders still alive when every thread was blocked.
    pub senders: usize,
}

/// What a blocked thread waits for, at which line of the learner's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wait {
    Recv {
        at: Option<u32>,
        channel: Channel,
    },
    Send {
        at: Option<u32>,
        channel: Channel,
    },
    Join {
        at: Option<u32>,
        thread: String,
    },
    /// Blocked somewhere the explorer does not label (a lock, a condvar).
    Other,
}

/// One thread of a deadlocked schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockedThread {
    /// `main`, the name given to `thread::Builder`, or `thread N` (the N-th spawned).
    pub name: String,
    /// The line of the learner's file that spawned it.
    pub spawned_at: Option<u32>,
    pub wait: Wait,
}

/// One distinct outcome of a search, with the first seed that gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub seed: u64,
    pub ending: Ending,
    /// Spawned threads that had finished (deadlocks only).
    pub finished_threads: usize,
    /// Every thread that had not finished (deadlocks only).
    pub blocked: Vec<BlockedThread>,
    /// What the program printed on this schedule: the interleaving.
    pub stdout: Vec<String>,
    pub stderr: Vec<String>,
}

impl Schedule {
    /// The schedule's lines without its seed and `end`: two schedules with
    /// the same body are the same outcome, and counted as one.
    pub fn body(&self) -> String {
        let mut text = format!("outcome {}\n", self.ending.as_str());
        if self.ending == Ending::Deadlock {
            let _ = writeln!(text, "finished_threads {}", self.finished_threads);
            for thread in &self.blocked {
                let _ = writeln!(text, "thread {}", thread_line(thread));
            }
        }
        for line in &self.stdout {
            let _ = writeln!(text, "stdout {line}");
        }
        for line in &self.stderr {
            let _ = writeln!(text, "stderr {line}");
        }
        text
    }
}

/// A whole report, as the runner reads it back.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Schedules run.
    pub executions: u64,
    /// Each distinct outcome, in the order found.
    pub schedules: Vec<Schedule>,
    /// Executions per outcome, by the outcome's first seed.
    pub counts: BTreeMap<u64, u64>,
}

/// `schedule <seed>`, the body, `end`: one outcome, written as it is found
/// so that a search stopped early still tells what it saw.
pub fn schedule_text(seed: u64, body: &str) -> String {
    format!("schedule {seed}\n{body}end\n")
}

/// The summary closing a report: executions run, and how many gave each outcome.
pub fn summary_text(executions: u64, counts: &[(u64, u64)]) -> String {
    let mut text = format!("explored {executions}\n");
    for (seed, n) in counts {
        let _ = writeln!(text, "count {seed} {n}");
    }
    text
}

fn field(text: &str) -> String {
    text.replace(['\t', '\n'], " ")
}

fn line_field(line: Option<u32>) -> String {
    line.map_or("-".to_string(), |l| l.to_string())
}

fn channel_fields(c: &Channel) -> String {
    format!(
        "{}\t{}\t{}",
        line_field(c.made_at),
        c.capacity
            .map_or("unbounded".to_string(), |k| k.to_string()),
        c.senders
    )
}

/// `<name>\t<spawned at>\t<recv|send|join|blocked>[\t<details>]`.
fn thread_line(t: &BlockedThread) -> String {
    let state = match &t.wait {
        Wait::Recv { at, channel } => {
            format!("recv\t{}\t{}", line_field(*at), channel_fields(channel))
        }
        Wait::Send { at, channel } => {
            format!("send\t{}\t{}", line_field(*at), channel_fields(channel))
        }
        Wait::Join { at, thread } => format!("join\t{}\t{}", line_field(*at), field(thread)),
        Wait::Other => "blocked".to_string(),
    };
    format!("{}\t{}\t{state}", field(&t.name), line_field(t.spawned_at))
}

fn parse_thread(text: &str) -> Option<BlockedThread> {
    let fields: Vec<&str> = text.split('\t').collect();
    let line = |s: &str| s.parse::<u32>().ok();
    let channel = |f: &[&str]| -> Option<Channel> {
        Some(Channel {
            made_at: line(f.first()?),
            capacity: f.get(1)?.parse().ok(),
            senders: f.get(2)?.parse().ok()?,
        })
    };
    let wait = match fields.get(2).copied()? {
        "recv" => Wait::Recv {
            at: line(fields.get(3)?),
            channel: channel(fields.get(4..)?)?,
        },
        "send" => Wait::Send {
            at: line(fields.get(3)?),
            channel: channel(fields.get(4..)?)?,
        },
        "join" => Wait::Join {
            at: line(fields.get(3)?),
            thread: fields.get(4)?.to_string(),
        },
        _ => Wait::Other,
    };
    Some(BlockedThread {
        name: fields[0].to_string(),
        spawned_at: line(fields.get(1)?),
        wait,
    })
}

impl Report {
    /// Reads a report back; a line that does not belong is an error, never a verdict.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut report = Self::default();
        let mut current: Option<Schedule> = None;
        // An explorer stopped at its time limit may have been cut mid-line; a
        // schedule without its `end` is dropped below.
        let complete = match text.rfind('\n') {
            Some(end) => &text[..end],
            None => "",
        };
        for line in complete.lines() {
            let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
            let bad = || format!("the explorer printed an unexpected line: `{line}`");
            match (word, current.as_mut()) {
                ("schedule", None) => {
                    current = Some(Schedule {
                        seed: rest.parse().map_err(|_| bad())?,
                        ending: Ending::Finished,
                        finished_threads: 0,
                        blocked: Vec::new(),
                        stdout: Vec::new(),
                        stderr: Vec::new(),
                    });
                }
                ("outcome", Some(s)) => s.ending = Ending::parse(rest).ok_or_else(bad)?,
                ("finished_threads", Some(s)) => {
                    s.finished_threads = rest.parse().map_err(|_| bad())?
                }
                ("thread", Some(s)) => s.blocked.push(parse_thread(rest).ok_or_else(bad)?),
                ("stdout", Some(s)) => s.stdout.push(rest.to_string()),
                ("stderr", Some(s)) => s.stderr.push(rest.to_string()),
                ("end", Some(_)) => report.schedules.extend(current.take()),
                ("explored", None) => report.executions = rest.parse().map_err(|_| bad())?,
                ("count", None) => {
                    let (seed, n) = rest.split_once(' ').ok_or_else(bad)?;
                    report.counts.insert(
                        seed.parse().map_err(|_| bad())?,
                        n.parse().map_err(|_| bad())?,
                    );
                }
                _ => return Err(bad()),
            }
        }
        // A search stopped at its time limit has no summary: count what it showed.
        if report.executions == 0 {
            report.executions = report.schedules.len() as u64;
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deadlock() -> Schedule {
        let channel = |made_at, capacity| Channel {
            made_at: Some(made_at),
            capacity,
            senders: 1,
        };
        Schedule {
            seed: 7,
            ending: Ending::Deadlock,
            finished_threads: 2,
            blocked: vec![
                BlockedThread {
                    name: "main".into(),
                    spawned_at: None,
                    wait: Wait::Recv {
                        at: Some(31),
                        channel: channel(22, None),
                    },
                },
                BlockedThread {
                    name: "worker".into(),
                    spawned_at: Some(12),
                    wait: Wait::Send {
                        at: Some(14),
                        channel: channel(9, Some(0)),
                    },
                },
                BlockedThread {
                    name: "thread 3".into(),
                    spawned_at: Some(20),
                    wait: Wait::Join {
                        at: Some(21),
                        thread: "worker".into(),
                    },
                },
                BlockedThread {
                    name: "thread 4".into(),
                    spawned_at: None,
                    wait: Wait::Other,
                },
            ],
            stdout: vec!["recv 0 0".into(), String::new()],
            stderr: vec!["boom".into()],
        }
    }

    #[test]
    fn a_report_written_by_one_side_is_read_back_by_the_other() {
        let first = deadlock();
        let second = Schedule {
            seed: 9,
            ending: Ending::Finished,
            finished_threads: 0,
            blocked: Vec::new(),
            stdout: Vec::new(),
            stderr: Vec::new(),
        };
        let text = schedule_text(first.seed, &first.body())
            + &schedule_text(second.seed, &second.body())
            + &summary_text(40, &[(7, 1), (9, 39)]);
        let report = Report::parse(&text).unwrap();
        assert_eq!(report.executions, 40);
        assert_eq!(report.counts[&9], 39);
        assert_eq!(report.schedules, [first, second]);
    }

    #[test]
    fn a_garbled_report_is_an_error_not_a_verdict() {
        for garbled in [
            "schedule x\n",
            "outcome finished\n",
            "schedule 1\noutcome maybe\n",
            "hello\n",
        ] {
            assert!(Report::parse(garbled).is_err(), "{garbled:?}");
        }
        // Cut short by the time limit: the schedules written whole still count.
        let report =
            Report::parse("schedule 3\noutcome finished\nstdout a\nend\nschedule 4\noutcome fin")
                .unwrap();
        assert_eq!(report.schedules.len(), 1);
        assert_eq!(report.executions, 1);
    }

    #[test]
    fn settings_survive_the_environment() {
        let settings = Settings {
            scheduler: Scheduler::Pct,
            seed: 41,
            iterations: 1000,
            budget: Duration::from_millis(1500),
        };
        let env: BTreeMap<String, String> = settings
            .to_env(Some(std::path::Path::new("/tmp/r")))
            .into_iter()
            .collect();
        let (read, report) = Settings::from_env(|k| env.get(k).cloned()).unwrap();
        assert_eq!(read, settings);
        assert_eq!(report, Some(PathBuf::from("/tmp/r")));
        assert_eq!(Settings::from_env(|_| None).unwrap().0, Settings::default());
        assert!(Settings::from_env(|k| (k == SEED).then(|| "x".into())).is_err());
        assert!(Settings::from_env(|k| (k == SCHEDULER).then(|| "fifo".into())).is_err());
    }
}
