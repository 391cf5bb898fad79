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
//! obs_channel <channel>\t<made at>\t<capacity>\t<sends ok>\t<receives ok>\t<max fill|->
//! obs_send_error <channel>\t<thread>\t<at>\t<send|try_send>\t<full|disconnected>\t<stopped|kept_sending>
//! obs_recv_end <channel>\t<thread>\t<at>\t<recv|try_recv|iter|try_iter>\t<empty|disconnected>
//! obs_held <thread>\t<lock made at>\t<acquired at>\t<send|try_send|recv|...|print|join|sleep|lock>\t<at>
//! obs_panicked <thread>
//! trace_thread <task>\t<name>\t<spawned at>                 (EXPLORE_TRACE=1 only)
//! trace_channel <channel>\t<made at>\t<capacity>
//! trace_lock <lock>\t<made at>
//! event <task>\t<at>\t<what>\t...                          (see [`What`])
//! end
//! ...
//! explored <executions>
//! count <seed> <executions with that outcome>
//! ```
//!
//! The `obs_` lines ([`Observations`]) summarise what the channels and locks
//! did; they are part of the outcome, so they hold sets and totals that a
//! correct program repeats on every schedule, never timings. The `trace_` and
//! `event` lines ([`Trace`]) are the whole log, for viewing one seed; they
//! follow the outcome and are not part of it. `-` is a line the learner's
//! file does not have; a capacity is `unbounded` or the `k` of
//! `sync_channel(k)`. An event's blocked field is `-`, `blocked`, or
//! `blocked@N` when the operation was called after the log's first `N`
//! events ([`Event::called`]).
//!
//! A stepped run ([`CHOICES`]) writes, instead of a schedule, the point
//! where it stopped to ask which thread goes next (`choice` ... `end`, see
//! [`ChoicePoint`]), or the one schedule the choices made.
//!
//! [`Report::parse`] reads it back. A report cut short (the explorer stopped
//! at its time limit) still gives every schedule written whole.

mod choice;

pub use choice::{
    CHOICES, ChoiceChannel, ChoicePoint, ChoiceThread, Next, choices_from_env, choices_text,
    parse_choices,
};

use std::collections::{BTreeMap, BTreeSet};
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
/// `1` asks for the full event log of each outcome written ([`Trace`]):
/// meant for one seed, as it makes the report many times larger.
///
/// Read apart from [`Settings`] ([`trace_from_env`]) so that code building a
/// `Settings` keeps compiling.
pub const TRACE: &str = "EXPLORE_TRACE";

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
    /// What the program printed on this schedule, the interleaving: its
    /// lines, each ended by `\n`. One text rather than a line each: the
    /// runner judges it as a program's output, and reads hundreds of
    /// thousands of these lines in a `verify`.
    pub stdout: String,
    pub stderr: String,
    /// What the channels and locks did: part of the outcome.
    pub observations: Observations,
    /// The whole event log, when the search was asked for it ([`TRACE`]).
    pub trace: Option<Trace>,
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
        for line in self.stdout.lines() {
            let _ = writeln!(text, "stdout {line}");
        }
        for line in self.stderr.lines() {
            let _ = writeln!(text, "stderr {line}");
        }
        text.push_str(&self.observations.text());
        text
    }

    /// The body and, when there is one, the trace: what goes between
    /// `schedule` and `end` ([`schedule_text`]).
    pub fn text(&self) -> String {
        let mut text = self.body();
        if let Some(trace) = &self.trace {
            text.push_str(&trace.text());
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
    /// Where a stepped execution stopped to ask ([`CHOICES`]).
    pub choice: Option<ChoicePoint>,
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
        capacity_field(c.capacity),
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

/// A channel operation, as the learner's code called it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Op {
    Send,
    TrySend,
    Recv,
    TryRecv,
    /// One step of `for x in &rx`, `rx.iter()` or `for x in rx`: a `recv`
    /// whose disconnection ends the loop.
    Iter,
    /// One step of `rx.try_iter()`.
    TryIter,
}

impl Op {
    const ALL: [Self; 6] = [
        Self::Send,
        Self::TrySend,
        Self::Recv,
        Self::TryRecv,
        Self::Iter,
        Self::TryIter,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Send => "send",
            Self::TrySend => "try_send",
            Self::Recv => "recv",
            Self::TryRecv => "try_recv",
            Self::Iter => "iter",
            Self::TryIter => "try_iter",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == text)
    }

    pub fn is_send(self) -> bool {
        matches!(self, Self::Send | Self::TrySend)
    }
}

/// How a channel operation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OpResult {
    Ok,
    /// `try_send` on a full channel.
    Full,
    /// `try_recv`/`try_iter` on an empty channel.
    Empty,
    /// No receiver (a send), or no sender and nothing left (a receive).
    Disconnected,
}

impl OpResult {
    const ALL: [Self; 4] = [Self::Ok, Self::Full, Self::Empty, Self::Disconnected];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Full => "full",
            Self::Empty => "empty",
            Self::Disconnected => "disconnected",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// How taking a `Mutex` ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locked {
    Ok,
    /// Acquired, but a thread panicked while holding it.
    Poisoned,
    /// `try_lock` on a lock another thread holds.
    WouldBlock,
}

impl Locked {
    const ALL: [Self; 3] = [Self::Ok, Self::Poisoned, Self::WouldBlock];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Poisoned => "poisoned",
            Self::WouldBlock => "would_block",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// What a thread did while it held a lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    Channel(Op),
    Print,
    Join,
    Sleep,
    /// Took another lock.
    Lock,
    Spawn,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Channel(op) => op.as_str(),
            Self::Print => "print",
            Self::Join => "join",
            Self::Sleep => "sleep",
            Self::Lock => "lock",
            Self::Spawn => "spawn",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Op::parse(text).map(Self::Channel).or(match text {
            "print" => Some(Self::Print),
            "join" => Some(Self::Join),
            "sleep" => Some(Self::Sleep),
            "lock" => Some(Self::Lock),
            "spawn" => Some(Self::Spawn),
            _ => None,
        })
    }
}

/// One thing a thread did, in the order the schedule ran it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Shuttle's task index: 0 is `main`, then threads in order of spawning.
    pub task: usize,
    /// The line of the learner's file that did it.
    pub at: Option<u32>,
    pub what: What,
    /// For an operation that waited (`blocked`): how many events the log
    /// held when its thread called it, so a view starts the wait there.
    pub called: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    Channel {
        op: Op,
        /// Index of the channel, in order of creation ([`Trace::channels`]).
        channel: usize,
        result: OpResult,
        /// Another thread ran between the call and its completion.
        blocked: bool,
        /// Messages in the channel's buffer right after the operation
        /// (always 0 for `sync_channel(0)`, which hands each one over).
        fill: usize,
        /// The message's number on its channel, for a send or receive that
        /// succeeded: channels are FIFO, so send `n` is received by receive `n`.
        message: Option<u64>,
    },
    Spawn {
        task: usize,
    },
    Join {
        task: usize,
        /// The joined thread had panicked (`join` returned `Err`).
        panicked: bool,
        blocked: bool,
    },
    /// A `Sender`/`SyncSender` (or clone) was dropped; at 0 left the
    /// channel is disconnected for its receiver.
    SenderDropped {
        channel: usize,
        senders_left: usize,
    },
    ReceiverDropped {
        channel: usize,
    },
    Lock {
        /// Index of the lock, in order of creation ([`Trace::locks`]).
        lock: usize,
        try_lock: bool,
        result: Locked,
        blocked: bool,
    },
    Unlock {
        lock: usize,
    },
    /// What one `print!`/`println!` wrote.
    Print {
        text: String,
    },
    Sleep,
    Panicked,
    /// The thread's function (or `main`) returned.
    Finished,
}

/// A thread of the trace, so a viewer can name its lane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceThread {
    pub task: usize,
    /// `main`, the `Builder` name, or `thread N`.
    pub name: String,
    pub spawned_at: Option<u32>,
}

/// A channel of the trace; its index is its place in [`Trace::channels`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceChannel {
    pub made_at: Option<u32>,
    /// `None` for `channel()`, `Some(k)` for `sync_channel(k)`.
    pub capacity: Option<usize>,
}

/// A `Mutex` of the trace; its index is its place in [`Trace::locks`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceLock {
    pub made_at: Option<u32>,
}

/// Everything one execution did, in order: written only when asked
/// ([`TRACE`]), for a view of one seed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trace {
    pub threads: Vec<TraceThread>,
    pub channels: Vec<TraceChannel>,
    pub locks: Vec<TraceLock>,
    pub events: Vec<Event>,
}

/// What one channel did over a whole execution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelSummary {
    pub channel: usize,
    pub made_at: Option<u32>,
    pub capacity: Option<usize>,
    pub sends_ok: u64,
    pub receives_ok: u64,
    /// The most messages its buffer held at once; `None` for an unbounded
    /// channel, where it tells only how the schedule went and would split
    /// equal outcomes.
    pub max_fill: Option<usize>,
}

/// A send that failed, once per thread, line and error.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SendFailure {
    pub channel: usize,
    pub thread: String,
    pub at: Option<u32>,
    pub op: Op,
    /// [`OpResult::Full`] or [`OpResult::Disconnected`].
    pub error: OpResult,
    /// The thread tried to send on the channel again after its first error.
    pub kept_sending: bool,
}

/// A receive that got no message, once per thread, line and result: for
/// [`Op::Iter`] with [`OpResult::Disconnected`], a loop that ended because
/// every sender was gone.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RecvEnd {
    pub channel: usize,
    pub thread: String,
    pub at: Option<u32>,
    pub op: Op,
    /// [`OpResult::Empty`] or [`OpResult::Disconnected`].
    pub result: OpResult,
}

/// A thread did `action` at line `at` while it held the lock made at
/// `lock_made_at`, which it took at `acquired_at`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct HeldWhile {
    pub thread: String,
    pub lock_made_at: Option<u32>,
    pub acquired_at: Option<u32>,
    pub action: Action,
    pub at: Option<u32>,
}

/// The facts of one execution a check needs, small enough to be part of
/// its outcome: totals and sets that a correct program repeats on every
/// schedule, so that equal outcomes are still counted as one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Observations {
    /// Every channel made, in order of creation.
    pub channels: Vec<ChannelSummary>,
    pub send_failures: Vec<SendFailure>,
    pub recv_ends: Vec<RecvEnd>,
    pub held: Vec<HeldWhile>,
    /// Threads that panicked, by name, in order.
    pub panicked: Vec<String>,
}

impl Trace {
    /// How the report names a task.
    pub fn name(&self, task: usize) -> String {
        match self.threads.iter().find(|t| t.task == task) {
            Some(thread) => thread.name.clone(),
            None if task == 0 => "main".to_string(),
            None => format!("thread {task}"),
        }
    }

    /// The trace's lines: `trace_thread`, `trace_channel`, `trace_lock`, `event`.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for t in &self.threads {
            let _ = writeln!(
                text,
                "trace_thread {}\t{}\t{}",
                t.task,
                field(&t.name),
                line_field(t.spawned_at)
            );
        }
        for (i, c) in self.channels.iter().enumerate() {
            let _ = writeln!(
                text,
                "trace_channel {i}\t{}\t{}",
                line_field(c.made_at),
                capacity_field(c.capacity)
            );
        }
        for (i, l) in self.locks.iter().enumerate() {
            let _ = writeln!(text, "trace_lock {i}\t{}", line_field(l.made_at));
        }
        for e in &self.events {
            let mut what = what_fields(&e.what);
            // `blocked@N`: the call came after the log's first N events.
            if let Some(called) = e.called {
                let mut fields: Vec<String> = what.split('\t').map(str::to_string).collect();
                if fields.get(3).is_some_and(|f| f == "blocked") {
                    fields[3] = format!("blocked@{called}");
                    what = fields.join("\t");
                }
            }
            let _ = writeln!(text, "event {}\t{}\t{what}", e.task, line_field(e.at));
        }
        text
    }

    /// Summarises the log into what goes into the outcome.
    pub fn observations(&self) -> Observations {
        let mut channels: Vec<ChannelSummary> = self
            .channels
            .iter()
            .enumerate()
            .map(|(channel, c)| ChannelSummary {
                channel,
                made_at: c.made_at,
                capacity: c.capacity,
                sends_ok: 0,
                receives_ok: 0,
                max_fill: c.capacity.map(|_| 0),
            })
            .collect();
        let mut send_failures: BTreeMap<(usize, usize, Option<u32>, Op, OpResult), bool> =
            BTreeMap::new();
        let mut recv_ends = BTreeSet::new();
        let mut held = BTreeSet::new();
        let mut panicked = Vec::new();
        // Locks each task holds now: (lock, acquired at).
        let mut holding: BTreeMap<usize, Vec<(usize, Option<u32>)>> = BTreeMap::new();
        for e in &self.events {
            let action = match &e.what {
                What::Channel { op, .. } => Some(Action::Channel(*op)),
                What::Print { .. } => Some(Action::Print),
                What::Join { .. } => Some(Action::Join),
                What::Sleep => Some(Action::Sleep),
                What::Lock { .. } => Some(Action::Lock),
                What::Spawn { .. } => Some(Action::Spawn),
                _ => None,
            };
            if let (Some(action), Some(locks)) = (action, holding.get(&e.task)) {
                for &(lock, acquired_at) in locks {
                    held.insert(HeldWhile {
                        thread: self.name(e.task),
                        lock_made_at: self.locks.get(lock).and_then(|l| l.made_at),
                        acquired_at,
                        action,
                        at: e.at,
                    });
                }
            }
            match &e.what {
                &What::Channel {
                    op,
                    channel,
                    result,
                    fill,
                    ..
                } => {
                    if op.is_send() {
                        // A later send by a thread that already failed on this channel.
                        for ((c, task, ..), kept) in send_failures.iter_mut() {
                            if *c == channel && *task == e.task {
                                *kept = true;
                            }
                        }
                    }
                    let Some(summary) = channels.get_mut(channel) else {
                        continue;
                    };
                    if let Some(most) = summary.max_fill.as_mut() {
                        *most = (*most).max(fill);
                    }
                    match (result, op.is_send()) {
                        (OpResult::Ok, true) => summary.sends_ok += 1,
                        (OpResult::Ok, false) => summary.receives_ok += 1,
                        (_, true) => {
                            send_failures
                                .entry((channel, e.task, e.at, op, result))
                                .or_insert(false);
                        }
                        (_, false) => {
                            recv_ends.insert((channel, e.task, e.at, op, result));
                        }
                    }
                }
                &What::Lock {
                    lock,
                    result: Locked::Ok | Locked::Poisoned,
                    ..
                } => holding.entry(e.task).or_default().push((lock, e.at)),
                &What::Unlock { lock } => {
                    // A guard may be unlocked by another thread than the one
                    // that took it only if it was sent over; look everywhere.
                    for locks in holding.values_mut() {
                        if let Some(i) = locks.iter().rposition(|&(l, _)| l == lock) {
                            locks.remove(i);
                            break;
                        }
                    }
                    holding.retain(|_, locks| !locks.is_empty());
                }
                What::Panicked => panicked.push(self.name(e.task)),
                _ => {}
            }
        }
        Observations {
            channels,
            send_failures: send_failures
                .into_iter()
                .map(
                    |((channel, task, at, op, error), kept_sending)| SendFailure {
                        channel,
                        thread: self.name(task),
                        at,
                        op,
                        error,
                        kept_sending,
                    },
                )
                .collect(),
            recv_ends: recv_ends
                .into_iter()
                .map(|(channel, task, at, op, result)| RecvEnd {
                    channel,
                    thread: self.name(task),
                    at,
                    op,
                    result,
                })
                .collect(),
            held: held.into_iter().collect(),
            panicked,
        }
    }
}

impl Observations {
    /// The `obs_` lines.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for c in &self.channels {
            let _ = writeln!(
                text,
                "obs_channel {}\t{}\t{}\t{}\t{}\t{}",
                c.channel,
                line_field(c.made_at),
                capacity_field(c.capacity),
                c.sends_ok,
                c.receives_ok,
                line_field(c.max_fill.map(|m| m as u32))
            );
        }
        for f in &self.send_failures {
            let _ = writeln!(
                text,
                "obs_send_error {}\t{}\t{}\t{}\t{}\t{}",
                f.channel,
                field(&f.thread),
                line_field(f.at),
                f.op.as_str(),
                f.error.as_str(),
                if f.kept_sending {
                    "kept_sending"
                } else {
                    "stopped"
                }
            );
        }
        for r in &self.recv_ends {
            let _ = writeln!(
                text,
                "obs_recv_end {}\t{}\t{}\t{}\t{}",
                r.channel,
                field(&r.thread),
                line_field(r.at),
                r.op.as_str(),
                r.result.as_str()
            );
        }
        for h in &self.held {
            let _ = writeln!(
                text,
                "obs_held {}\t{}\t{}\t{}\t{}",
                field(&h.thread),
                line_field(h.lock_made_at),
                line_field(h.acquired_at),
                h.action.as_str(),
                line_field(h.at)
            );
        }
        for thread in &self.panicked {
            let _ = writeln!(text, "obs_panicked {}", field(thread));
        }
        text
    }

    /// Reads one `obs_` line (its word and the rest) into `self`.
    fn parse_line(&mut self, word: &str, rest: &str) -> Option<()> {
        let f: Vec<&str> = rest.split('\t').collect();
        let get = |i: usize| f.get(i).copied();
        match word {
            "obs_channel" => self.channels.push(ChannelSummary {
                channel: get(0)?.parse().ok()?,
                made_at: parse_line_field(get(1)?)?,
                capacity: parse_capacity(get(2)?)?,
                sends_ok: get(3)?.parse().ok()?,
                receives_ok: get(4)?.parse().ok()?,
                max_fill: parse_line_field(get(5)?)?.map(|m| m as usize),
            }),
            "obs_send_error" => self.send_failures.push(SendFailure {
                channel: get(0)?.parse().ok()?,
                thread: get(1)?.to_string(),
                at: parse_line_field(get(2)?)?,
                op: Op::parse(get(3)?)?,
                error: OpResult::parse(get(4)?)?,
                kept_sending: match get(5)? {
                    "kept_sending" => true,
                    "stopped" => false,
                    _ => return None,
                },
            }),
            "obs_recv_end" => self.recv_ends.push(RecvEnd {
                channel: get(0)?.parse().ok()?,
                thread: get(1)?.to_string(),
                at: parse_line_field(get(2)?)?,
                op: Op::parse(get(3)?)?,
                result: OpResult::parse(get(4)?)?,
            }),
            "obs_held" => self.held.push(HeldWhile {
                thread: get(0)?.to_string(),
                lock_made_at: parse_line_field(get(1)?)?,
                acquired_at: parse_line_field(get(2)?)?,
                action: Action::parse(get(3)?)?,
                at: parse_line_field(get(4)?)?,
            }),
            "obs_panicked" => self.panicked.push(rest.to_string()),
            _ => return None,
        }
        Some(())
    }
}

fn capacity_field(capacity: Option<usize>) -> String {
    capacity.map_or("unbounded".to_string(), |k| k.to_string())
}

/// `-` or a line number; `None` when it is neither.
fn parse_line_field(text: &str) -> Option<Option<u32>> {
    match text {
        "-" => Some(None),
        _ => text.parse().ok().map(Some),
    }
}

/// `unbounded` or a number; `None` when it is neither.
fn parse_capacity(text: &str) -> Option<Option<usize>> {
    match text {
        "unbounded" => Some(None),
        _ => text.parse().ok().map(Some),
    }
}

fn blocked_field(blocked: bool) -> &'static str {
    if blocked { "blocked" } else { "-" }
}

fn parse_blocked(text: &str) -> Option<bool> {
    match text {
        "blocked" => Some(true),
        _ if text.starts_with("blocked@") => Some(true),
        "-" => Some(false),
        _ => None,
    }
}

/// Printed text keeps its tabs, newlines and backslashes, escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            '\\' => '\\',
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            _ => return None,
        });
    }
    Some(out)
}

/// `<what>\t<details>` of an `event` line.
fn what_fields(what: &What) -> String {
    match what {
        What::Channel {
            op,
            channel,
            result,
            blocked,
            fill,
            message,
        } => format!(
            "{}\t{channel}\t{}\t{}\t{fill}\t{}",
            op.as_str(),
            result.as_str(),
            blocked_field(*blocked),
            message.map_or("-".to_string(), |m| m.to_string())
        ),
        What::Spawn { task } => format!("spawn\t{task}"),
        What::Join {
            task,
            panicked,
            blocked,
        } => format!(
            "join\t{task}\t{}\t{}",
            if *panicked { "panicked" } else { "ok" },
            blocked_field(*blocked)
        ),
        What::SenderDropped {
            channel,
            senders_left,
        } => format!("drop_sender\t{channel}\t{senders_left}"),
        What::ReceiverDropped { channel } => format!("drop_receiver\t{channel}"),
        What::Lock {
            lock,
            try_lock,
            result,
            blocked,
        } => format!(
            "{}\t{lock}\t{}\t{}",
            if *try_lock { "try_lock" } else { "lock" },
            result.as_str(),
            blocked_field(*blocked)
        ),
        What::Unlock { lock } => format!("unlock\t{lock}"),
        What::Print { text } => format!("print\t{}", escape(text)),
        What::Sleep => "sleep".to_string(),
        What::Panicked => "panicked".to_string(),
        What::Finished => "finished".to_string(),
    }
}

fn parse_event(text: &str) -> Option<Event> {
    let f: Vec<&str> = text.split('\t').collect();
    let get = |i: usize| f.get(i).copied();
    let number = |i: usize| get(i)?.parse::<usize>().ok();
    let what = match get(2)? {
        "spawn" => What::Spawn { task: number(3)? },
        "join" => What::Join {
            task: number(3)?,
            panicked: match get(4)? {
                "panicked" => true,
                "ok" => false,
                _ => return None,
            },
            blocked: parse_blocked(get(5)?)?,
        },
        "drop_sender" => What::SenderDropped {
            channel: number(3)?,
            senders_left: number(4)?,
        },
        "drop_receiver" => What::ReceiverDropped {
            channel: number(3)?,
        },
        word @ ("lock" | "try_lock") => What::Lock {
            lock: number(3)?,
            try_lock: word == "try_lock",
            result: Locked::parse(get(4)?)?,
            blocked: parse_blocked(get(5)?)?,
        },
        "unlock" => What::Unlock { lock: number(3)? },
        "print" => What::Print {
            text: unescape(get(3)?)?,
        },
        "sleep" => What::Sleep,
        "panicked" => What::Panicked,
        "finished" => What::Finished,
        word => What::Channel {
            op: Op::parse(word)?,
            channel: number(3)?,
            result: OpResult::parse(get(4)?)?,
            blocked: parse_blocked(get(5)?)?,
            fill: number(6)?,
            message: match get(7)? {
                "-" => None,
                m => Some(m.parse().ok()?),
            },
        },
    };
    let called = match what {
        What::Channel { blocked: true, .. }
        | What::Join { blocked: true, .. }
        | What::Lock { blocked: true, .. } => get(5)
            .and_then(|f| f.strip_prefix("blocked@"))
            .and_then(|n| n.parse().ok()),
        _ => None,
    };
    Some(Event {
        task: number(0)?,
        at: parse_line_field(get(1)?)?,
        what,
        called,
    })
}

/// Reads one `trace_` or `event` line (its word and the rest) into `trace`.
fn parse_trace_line(trace: &mut Trace, word: &str, rest: &str) -> Option<()> {
    let f: Vec<&str> = rest.split('\t').collect();
    let get = |i: usize| f.get(i).copied();
    match word {
        "trace_thread" => trace.threads.push(TraceThread {
            task: get(0)?.parse().ok()?,
            name: get(1)?.to_string(),
            spawned_at: parse_line_field(get(2)?)?,
        }),
        // Indexes are written for a reader's eyes; they are the order.
        "trace_channel" => trace.channels.push(TraceChannel {
            made_at: parse_line_field(get(1)?)?,
            capacity: parse_capacity(get(2)?)?,
        }),
        "trace_lock" => trace.locks.push(TraceLock {
            made_at: parse_line_field(get(1)?)?,
        }),
        "event" => trace.events.push(parse_event(rest)?),
        _ => return None,
    }
    Some(())
}

impl Report {
    /// Reads a report back; a line that does not belong is an error, never a verdict.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut report = Self::default();
        let mut current: Option<Schedule> = None;
        let mut choice: Option<ChoicePoint> = None;
        // An explorer stopped at its time limit may have been cut mid-line; a
        // schedule without its `end` is dropped below.
        let complete = match text.rfind('\n') {
            Some(end) => &text[..end],
            None => "",
        };
        // Read by hand, not with `lines` and `split_once`: the runner is
        // unoptimized and reads a few hundred thousand lines in a `verify`,
        // nearly all of them `stdout` lines (3x fewer instructions this way).
        let mut rest_of_report = complete;
        while !rest_of_report.is_empty() {
            let (line, after) = split_at_byte(rest_of_report, b'\n');
            rest_of_report = after;
            let line = match line.as_bytes().last() {
                Some(b'\r') => &line[..line.len() - 1],
                _ => line,
            };
            if let (Some(rest), None, Some(s)) =
                (line.strip_prefix("stdout "), &choice, current.as_mut())
            {
                push_line(&mut s.stdout, rest);
                continue;
            }
            let (word, rest) = split_at_byte(line, b' ');
            let bad = || format!("the explorer printed an unexpected line: `{line}`");
            if let Some(point) = choice.as_mut() {
                match word {
                    "end" => report.choice = choice.take(),
                    w if w.starts_with("choice_") => point.parse_line(w, rest).ok_or_else(bad)?,
                    w if w.starts_with("trace_") || w == "event" => {
                        let trace = point.trace.get_or_insert_with(Trace::default);
                        parse_trace_line(trace, w, rest).ok_or_else(bad)?
                    }
                    _ => return Err(bad()),
                }
                continue;
            }
            match (word, current.as_mut()) {
                ("choice", None) => {
                    choice = Some(ChoicePoint {
                        index: rest.parse().map_err(|_| bad())?,
                        ..ChoicePoint::default()
                    });
                }
                ("schedule", None) => {
                    current = Some(Schedule {
                        seed: rest.parse().map_err(|_| bad())?,
                        ending: Ending::Finished,
                        finished_threads: 0,
                        blocked: Vec::new(),
                        stdout: String::new(),
                        stderr: String::new(),
                        observations: Observations::default(),
                        trace: None,
                    });
                }
                ("outcome", Some(s)) => s.ending = Ending::parse(rest).ok_or_else(bad)?,
                ("finished_threads", Some(s)) => {
                    s.finished_threads = rest.parse().map_err(|_| bad())?
                }
                ("thread", Some(s)) => s.blocked.push(parse_thread(rest).ok_or_else(bad)?),
                ("stdout", Some(s)) => push_line(&mut s.stdout, rest),
                ("stderr", Some(s)) => push_line(&mut s.stderr, rest),
                (word, Some(s)) if word.starts_with("obs_") => {
                    s.observations.parse_line(word, rest).ok_or_else(bad)?
                }
                (word, Some(s)) if word.starts_with("trace_") || word == "event" => {
                    let trace = s.trace.get_or_insert_with(Trace::default);
                    parse_trace_line(trace, word, rest).ok_or_else(bad)?
                }
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

/// Adds `line` and its `\n` to printed text.
fn push_line(text: &mut String, line: &str) {
    text.push_str(line);
    text.push('\n');
}

/// The text before the first `byte` and the text after it (the whole text
/// and nothing when there is none), as `split_once` splits, in a plain byte
/// loop: `Report::parse` cuts a report into lines and words with it, in an
/// unoptimized runner.
fn split_at_byte(text: &str, byte: u8) -> (&str, &str) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == byte {
            return (&text[..i], &text[i + 1..]);
        }
        i += 1;
    }
    (text, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_is_cut_into_lines_as_lines_cuts_it() {
        for text in ["a\nb", "a\n", "a\n\nb", "\n", "a\r\nb", "é\nx"] {
            let mut ours = Vec::new();
            let mut rest = text;
            while !rest.is_empty() {
                let (line, after) = split_at_byte(rest, b'\n');
                ours.push(line.strip_suffix('\r').unwrap_or(line));
                rest = after;
            }
            assert_eq!(ours, text.lines().collect::<Vec<_>>(), "{text:?}");
        }
    }

    #[test]
    fn a_word_is_split_off_as_split_once_splits_it() {
        for line in [
            "stdout recv 1 2",
            "end",
            "",
            " a",
            "a ",
            "é b",
            "thread\tx y",
        ] {
            assert_eq!(
                split_at_byte(line, b' '),
                line.split_once(' ').unwrap_or((line, ""))
            );
        }
    }

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
            stdout: "recv 0 0\n\n".into(),
            stderr: "boom\n".into(),
            observations: Observations::default(),
            trace: None,
        }
    }

    /// A worker that takes a job from a locked receiver, prints while it
    /// still holds the lock, then fails to send its result.
    fn worker_trace() -> Trace {
        let event = |task, at, what| Event {
            task,
            at: Some(at),
            what,
            called: None,
        };
        let op = |op, channel, result, fill, message| What::Channel {
            op,
            channel,
            result,
            blocked: false,
            fill,
            message,
        };
        Trace {
            threads: vec![
                TraceThread {
                    task: 0,
                    name: "main".into(),
                    spawned_at: None,
                },
                TraceThread {
                    task: 1,
                    name: "worker\tone".into(),
                    spawned_at: Some(12),
                },
            ],
            channels: vec![
                TraceChannel {
                    made_at: Some(5),
                    capacity: Some(2),
                },
                TraceChannel {
                    made_at: Some(6),
                    capacity: None,
                },
            ],
            locks: vec![TraceLock { made_at: Some(7) }],
            events: vec![
                event(0, 12, What::Spawn { task: 1 }),
                event(0, 20, op(Op::Send, 0, OpResult::Ok, 1, Some(0))),
                event(0, 20, op(Op::Send, 0, OpResult::Ok, 2, Some(1))),
                event(
                    1,
                    14,
                    What::Lock {
                        lock: 0,
                        try_lock: false,
                        result: Locked::Ok,
                        blocked: true,
                    },
                ),
                event(1, 14, op(Op::Recv, 0, OpResult::Ok, 1, Some(0))),
                event(
                    1,
                    15,
                    What::Print {
                        text: "got\t0 \\n\n".into(),
                    },
                ),
                event(1, 16, What::Unlock { lock: 0 }),
                event(
                    0,
                    21,
                    What::SenderDropped {
                        channel: 0,
                        senders_left: 0,
                    },
                ),
                event(1, 17, op(Op::Send, 1, OpResult::Disconnected, 0, None)),
                event(1, 17, op(Op::Send, 1, OpResult::Disconnected, 0, None)),
                event(1, 18, op(Op::Iter, 0, OpResult::Ok, 0, Some(1))),
                event(1, 18, op(Op::Iter, 0, OpResult::Disconnected, 0, None)),
                event(1, 19, What::Panicked),
                event(1, 19, What::Finished),
                event(0, 22, What::ReceiverDropped { channel: 1 }),
                event(
                    0,
                    23,
                    What::Join {
                        task: 1,
                        panicked: true,
                        blocked: false,
                    },
                ),
                event(0, 24, What::Sleep),
            ],
        }
    }

    #[test]
    fn the_log_is_summarised_into_what_checks_need() {
        let trace = worker_trace();
        let seen = trace.observations();
        let channel =
            |channel, made_at, capacity, sends_ok, receives_ok, max_fill| ChannelSummary {
                channel,
                made_at: Some(made_at),
                capacity,
                sends_ok,
                receives_ok,
                max_fill,
            };
        assert_eq!(
            seen.channels,
            [
                channel(0, 5, Some(2), 2, 2, Some(2)),
                channel(1, 6, None, 0, 0, None)
            ]
        );
        assert_eq!(
            seen.send_failures,
            [SendFailure {
                channel: 1,
                thread: "worker\tone".into(),
                at: Some(17),
                op: Op::Send,
                error: OpResult::Disconnected,
                kept_sending: true,
            }]
        );
        assert_eq!(
            seen.recv_ends,
            [RecvEnd {
                channel: 0,
                thread: "worker\tone".into(),
                at: Some(18),
                op: Op::Iter,
                result: OpResult::Disconnected,
            }]
        );
        // The receive and the print happened under the lock; the sends after it did not.
        let held = |action, at| HeldWhile {
            thread: "worker\tone".into(),
            lock_made_at: Some(7),
            acquired_at: Some(14),
            action,
            at: Some(at),
        };
        assert_eq!(
            seen.held,
            [held(Action::Channel(Op::Recv), 14), held(Action::Print, 15)]
        );
        assert_eq!(seen.panicked, ["worker\tone"]);
    }

    #[test]
    fn observations_and_traces_are_read_back() {
        let mut trace = worker_trace();
        // The worker's lock waited, from its call after the first 2 events.
        assert!(matches!(
            trace.events[3].what,
            What::Lock { blocked: true, .. }
        ));
        trace.events[3].called = Some(2);
        let schedule = Schedule {
            seed: 3,
            ending: Ending::Panicked,
            finished_threads: 0,
            blocked: Vec::new(),
            stdout: "got\n".into(),
            stderr: String::new(),
            observations: trace.observations(),
            trace: Some(trace),
        };
        let text = schedule_text(schedule.seed, &schedule.text());
        let report = Report::parse(&text).unwrap();
        let mut expected = schedule.clone();
        // Names are fields: a tab in one is written as a space.
        let rename = |name: &mut String| *name = name.replace('\t', " ");
        let observations = &mut expected.observations;
        observations
            .send_failures
            .iter_mut()
            .for_each(|f| rename(&mut f.thread));
        observations
            .recv_ends
            .iter_mut()
            .for_each(|r| rename(&mut r.thread));
        observations
            .held
            .iter_mut()
            .for_each(|h| rename(&mut h.thread));
        observations.panicked.iter_mut().for_each(rename);
        let trace = expected.trace.as_mut().unwrap();
        trace.threads.iter_mut().for_each(|t| rename(&mut t.name));
        assert_eq!(report.schedules, [expected.clone()]);
        // Without its trace the schedule is the same outcome.
        assert_eq!(
            Schedule {
                trace: None,
                ..schedule.clone()
            }
            .body(),
            schedule.body()
        );
        assert!(!schedule.body().contains("\nevent "));
    }

    #[test]
    fn a_garbled_observation_or_event_is_an_error() {
        for garbled in [
            "obs_channel 0\t5\tmany\t1\t1\t1",
            "obs_send_error 0\tmain\t4\tsend\tfull\tmaybe",
            "obs_held main\t1\t2\tdance\t3",
            "event 0\t4\tsend\t0\tok\t-\t1",
            "event 0\t4\tprint\tbad \\q escape",
            "trace_channel 0\t-",
        ] {
            let text = format!("schedule 1\noutcome finished\n{garbled}\nend\n");
            assert!(Report::parse(&text).is_err(), "{garbled:?}");
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
            stdout: String::new(),
            stderr: String::new(),
            observations: Observations::default(),
            trace: None,
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
        let trace = |v: &str| trace_from_env(|k| (k == TRACE).then(|| v.to_string()));
        assert_eq!(trace("1"), Ok(true));
        assert_eq!(trace("0"), Ok(false));
        assert!(trace("yes").is_err());
        assert_eq!(trace_from_env(|_| None), Ok(false));
    }
}
