//! What one execution did: its output, its panics, and where each thread waits.
//!
//! Shuttle runs every thread of an execution on the one OS thread that called
//! it, one at a time, so a plain global is enough here. It is reset before each
//! execution and read after it, when shuttle has either finished the program or
//! stopped it (a deadlock, a panic): shuttle leaks the stacks of a stopped
//! execution, so the wait guards of blocked threads are never dropped and their
//! waits are still here to report.
//!
//! Every channel operation, spawn, join, lock, sleep and print is also logged
//! as an [`Event`], in the order the schedule ran them: the log is summarised
//! into the schedule's observations, and written whole when a trace is asked
//! for. A channel's fill is counted here, right after shuttle's own operation
//! returns: shuttle switches threads only at its scheduling points, which come
//! before a message enters or leaves its buffer (or while a thread waits), never
//! between that and the return, so the count is the buffer's at every event.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::panic::Location;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use explore_protocol::{
    self as protocol, BlockedThread, ChoiceChannel, ChoicePoint, ChoiceThread, Event, Locked, Next,
    Op, OpResult, Trace, TraceChannel, TraceLock, TraceThread, What,
};

/// More output than any kata prints; beyond it a runaway loop is cut short.
const OUTPUT_CAP: usize = 256 * 1024;

/// Where the kata program sits in the generated file, so locations can be
/// reported as lines of the learner's own file.
#[derive(Debug, Clone, Copy)]
pub struct Source {
    /// `file!()` of the generated file.
    pub file: &'static str,
    /// The line of the generated file that holds the kata's first line.
    pub first_line: u32,
    /// The learner's file, as the runner names it.
    pub shown_as: &'static str,
}

/// A channel as the report names it: by the line that made it.
#[derive(Debug)]
pub(crate) struct ChannelInfo {
    /// Its place in the execution's [`Trace::channels`].
    pub index: usize,
    pub made_at: Option<u32>,
    /// `None` for `channel()`, `Some(k)` for `sync_channel(k)`.
    pub capacity: Option<usize>,
    /// Senders alive (clones included); shuttle leaks the stacks of a
    /// deadlocked execution, so this count is still right when it is read.
    pub senders: AtomicUsize,
}

/// What a blocked thread waits for.
#[derive(Debug, Clone)]
pub(crate) enum Wait {
    Recv(Arc<ChannelInfo>),
    Send(Arc<ChannelInfo>),
    Join { thread: usize },
}

#[derive(Debug, Default)]
struct Task {
    name: Option<String>,
    spawned_at: Option<u32>,
    finished: bool,
    /// Its function has started (`main` always has).
    started: bool,
    /// What it is about to do, set before each scheduling point of an
    /// operation and cleared by the operation's event: what a stepped run
    /// shows at a choice point.
    next: Option<(Next, Option<usize>, Option<u32>)>,
    /// The wait the thread is in, and the line it called it from.
    wait: Option<(Wait, Option<u32>)>,
    /// Events in the log when it called its current operation.
    called: Option<usize>,
}

/// The record of one execution.
#[derive(Debug, Default)]
pub(crate) struct Execution {
    pub stdout: String,
    pub stderr: String,
    /// `main` returned: the real program would exit here, whatever the other
    /// threads are doing.
    pub main_returned: bool,
    /// `main` returned an `Err` (the real program exits with code 1).
    pub main_error: bool,
    tasks: BTreeMap<usize, Task>,
    /// The log, without its thread list (filled in by [`Execution::trace`]).
    log: Trace,
    /// Per channel (as `log.channels`): messages buffered, sent, received.
    counts: Vec<Counts>,
    /// Each lock's index, by its address and the line that made it.
    lock_indexes: HashMap<(usize, Option<u32>), usize>,
    /// Where a stepped run stopped to ask which thread goes next.
    pub choice: Option<ChoicePoint>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    fill: usize,
    sent: u64,
    received: u64,
}

static SOURCE: Mutex<Option<Source>> = Mutex::new(None);
static CURRENT: Mutex<Option<Execution>> = Mutex::new(None);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn with<R>(f: impl FnOnce(&mut Execution) -> R) -> R {
    f(lock(&CURRENT).get_or_insert_with(Execution::default))
}

pub(crate) fn set_source(source: Source) {
    *lock(&SOURCE) = Some(source);
}

/// Starts a fresh record.
pub(crate) fn reset() {
    *lock(&CURRENT) = Some(Execution::default());
}

/// Ends the record and hands it over.
pub(crate) fn take() -> Execution {
    lock(&CURRENT).take().unwrap_or_default()
}

/// The learner's line for a location in the generated file.
pub(crate) fn line_of(location: &Location<'_>) -> Option<u32> {
    let source = (*lock(&SOURCE))?;
    (location.file() == source.file && location.line() >= source.first_line)
        .then(|| location.line() - source.first_line + 1)
}

/// `file:line:col` of a location, in the learner's file where it is one.
pub(crate) fn describe_location(location: &Location<'_>) -> String {
    match (line_of(location), *lock(&SOURCE)) {
        (Some(line), Some(source)) => format!("{}:{line}:{}", source.shown_as, location.column()),
        _ => location.to_string(),
    }
}

/// The task shuttle is running now (0 is `main`).
pub(crate) fn current_task() -> Option<usize> {
    shuttle::current::try_get_current_task().map(usize::from)
}

pub(crate) fn print(text: &str, location: &Location<'_>) {
    // Printing takes the stdout lock, so another thread may run first: this is
    // what lets a schedule show the item received but not printed yet.
    pending(Next::Print, None, location);
    shuttle::thread::sleep(std::time::Duration::ZERO);
    let at = line_of(location);
    let task = current_task().unwrap_or(0);
    with(|e| {
        if e.main_returned {
            return; // the real process has exited by now
        }
        e.push(
            task,
            at,
            What::Print {
                text: text.to_string(),
            },
        );
        let room = OUTPUT_CAP.saturating_sub(e.stdout.len());
        let mut end = text.len().min(room);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        e.stdout.push_str(&text[..end]);
    });
}

pub(crate) fn eprint_panic(location: Option<String>, line: Option<u32>, message: &str) {
    let task = current_task();
    with(|e| {
        e.push(task.unwrap_or(0), line, What::Panicked);
        let name = task.map_or_else(|| "main".to_string(), |t| e.name(t));
        let at = location.map(|l| format!(" at {l}")).unwrap_or_default();
        let _ = writeln!(e.stderr, "thread '{name}' panicked{at}:\n{message}");
    });
}

pub(crate) fn main_returned(error: Option<String>) {
    with(|e| {
        if let Some(error) = error {
            let _ = writeln!(e.stderr, "Error: {error}");
            e.main_error = true;
        }
        e.push(0, None, What::Finished);
        e.main_returned = true;
    });
}

/// A spawned thread starts running.
pub(crate) fn started(name: Option<String>, spawned_at: Option<u32>) {
    if let Some(task) = current_task() {
        with(|e| {
            let t = e.tasks.entry(task).or_default();
            t.started = true;
            t.name = name;
            t.spawned_at = spawned_at;
        });
    }
}

/// A spawned thread's function returned or panicked.
pub(crate) fn finished() {
    if let Some(task) = current_task() {
        with(|e| {
            e.push(task, None, What::Finished);
            e.tasks.entry(task).or_default().finished = true;
        });
    }
}

/// Logs a spawn before the child exists, so that it comes before anything
/// the child does; [`spawned`] names the child. Returns the event's place.
pub(crate) fn spawning(location: &Location<'_>) -> usize {
    let at = line_of(location);
    let task = current_task().unwrap_or(0);
    with(|e| {
        if e.main_returned {
            return usize::MAX;
        }
        e.push(task, at, What::Spawn { task: usize::MAX });
        e.log.events.len() - 1
    })
}

/// The thread spawned by the event at `event` is `child`.
pub(crate) fn spawned(event: usize, child: usize) {
    with(|e| {
        if let Some(Event {
            what: What::Spawn { task },
            ..
        }) = e.log.events.get_mut(event)
        {
            *task = child;
        }
    });
}

/// Shuttle's count of scheduling points so far: when it grew by more than
/// the one an operation starts with, another thread ran before it completed.
pub(crate) fn switches() -> usize {
    shuttle::current::context_switches()
}

fn blocked_since(started: usize) -> bool {
    switches() > started + 1
}

pub(crate) fn joined(thread: usize, panicked: bool, started: usize, location: &Location<'_>) {
    let at = line_of(location);
    let blocked = blocked_since(started);
    let task = current_task().unwrap_or(0);
    with(|e| {
        e.push(
            task,
            at,
            What::Join {
                task: thread,
                panicked,
                blocked,
            },
        )
    });
}

pub(crate) fn slept(location: &Location<'_>) {
    let at = line_of(location);
    let task = current_task().unwrap_or(0);
    with(|e| e.push(task, at, What::Sleep));
}

/// A new channel; returns its index.
pub(crate) fn new_channel(capacity: Option<usize>, made_at: Option<u32>) -> usize {
    with(|e| {
        e.log.channels.push(TraceChannel { made_at, capacity });
        e.counts.push(Counts::default());
        e.log.channels.len() - 1
    })
}

/// A channel operation has just returned from shuttle: no other thread has
/// run since the message entered or left the buffer.
pub(crate) fn channel_op(
    channel: usize,
    op: Op,
    result: OpResult,
    started: usize,
    location: &Location<'_>,
) {
    let at = line_of(location);
    let blocked = blocked_since(started);
    let task = current_task().unwrap_or(0);
    with(|e| {
        let rendezvous = e.log.channels.get(channel).and_then(|c| c.capacity) == Some(0);
        let Some(counts) = e.counts.get_mut(channel) else {
            return;
        };
        let message = match (result, op.is_send()) {
            (OpResult::Ok, true) => {
                counts.fill += 1;
                counts.sent += 1;
                Some(counts.sent - 1)
            }
            (OpResult::Ok, false) => {
                counts.fill = counts.fill.saturating_sub(1);
                counts.received += 1;
                Some(counts.received - 1)
            }
            _ => None,
        };
        // A rendezvous hands the message over: shuttle's buffer holds it
        // only until the receiver, already waiting, takes it.
        let fill = if rendezvous { 0 } else { counts.fill };
        e.push(
            task,
            at,
            What::Channel {
                op,
                channel,
                result,
                blocked,
                fill,
                message,
            },
        );
    });
}

pub(crate) fn sender_dropped(channel: usize, senders_left: usize) {
    let task = current_task().unwrap_or(0);
    with(|e| {
        e.push(
            task,
            None,
            What::SenderDropped {
                channel,
                senders_left,
            },
        )
    });
}

pub(crate) fn receiver_dropped(channel: usize) {
    let task = current_task().unwrap_or(0);
    with(|e| e.push(task, None, What::ReceiverDropped { channel }));
}

/// The index of the `Mutex` at `address` made at `made_at`, given at its
/// first use in this execution: a `static` one outlives executions.
pub(crate) fn lock_index(address: usize, made_at: &Location<'_>) -> usize {
    let line = line_of(made_at);
    with(|e| {
        let next = e.log.locks.len();
        let index = *e.lock_indexes.entry((address, line)).or_insert(next);
        if index == next {
            e.log.locks.push(TraceLock { made_at: line });
        }
        index
    })
}

pub(crate) fn locked(
    lock: usize,
    try_lock: bool,
    result: Locked,
    started: usize,
    location: &Location<'_>,
) {
    let at = line_of(location);
    let blocked = blocked_since(started);
    let task = current_task().unwrap_or(0);
    with(|e| {
        e.push(
            task,
            at,
            What::Lock {
                lock,
                try_lock,
                result,
                blocked,
            },
        )
    });
}

/// Logged before the lock is released: releasing it is a scheduling point.
pub(crate) fn unlocked(lock: usize) {
    let task = current_task().unwrap_or(0);
    with(|e| e.push(task, None, What::Unlock { lock }));
}

/// The current thread is about to do `next` (on the channel, lock or thread
/// `target`) at `location`: it may be stopped there at a choice point.
pub(crate) fn pending(next: Next, target: Option<usize>, location: &Location<'_>) {
    let at = line_of(location);
    if let Some(task) = current_task() {
        with(|e| {
            let called = e.log.events.len();
            let t = e.tasks.entry(task).or_default();
            t.next = Some((next, target, at));
            t.called = Some(called);
        });
    }
}

/// A stepped run stops here, after `index` choices, with `runnable` the
/// threads that could go on: what each thread is about to do, and each
/// channel's fill.
pub(crate) fn choice_point(index: usize, runnable: &[usize]) {
    with(|e| {
        let spawned = e.log.events.iter().filter_map(|ev| match ev.what {
            What::Spawn { task } if task != usize::MAX => Some(task),
            _ => None,
        });
        let tasks: std::collections::BTreeSet<usize> = std::iter::once(0)
            .chain(e.tasks.keys().copied())
            .chain(spawned)
            .chain(runnable.iter().copied())
            .collect();
        let threads = tasks
            .into_iter()
            .filter_map(|task| {
                let record = e.tasks.get(&task);
                if record.is_some_and(|t| t.finished) || (task == 0 && e.main_returned) {
                    return None;
                }
                let started = task == 0 || record.is_some_and(|t| t.started);
                let (next, target, at) = match record.and_then(|t| t.next) {
                    Some(next) => next,
                    None if !started => (Next::Start, None, None),
                    None => (Next::Other, None, None),
                };
                Some(ChoiceThread {
                    task,
                    name: e.name(task),
                    runnable: runnable.contains(&task),
                    next,
                    target,
                    at,
                })
            })
            .collect();
        let channels = e
            .log
            .channels
            .iter()
            .zip(&e.counts)
            .enumerate()
            .map(|(channel, (c, counts))| ChoiceChannel {
                channel,
                made_at: c.made_at,
                capacity: c.capacity,
                fill: if c.capacity == Some(0) {
                    0
                } else {
                    counts.fill
                },
            })
            .collect();
        e.choice = Some(ChoicePoint {
            index,
            threads,
            channels,
            trace: None,
        });
    });
}

/// Marks the current thread as waiting until the guard is dropped.
pub(crate) fn wait(wait: Wait, location: &Location<'_>) -> WaitGuard {
    let line = line_of(location);
    let task = current_task();
    if let Some(task) = task {
        with(|e| e.tasks.entry(task).or_default().wait = Some((wait, line)));
    }
    WaitGuard { task }
}

pub(crate) struct WaitGuard {
    task: Option<usize>,
}

impl Drop for WaitGuard {
    fn drop(&mut self) {
        if let Some(task) = self.task {
            with(|e| {
                if let Some(t) = e.tasks.get_mut(&task) {
                    t.wait = None;
                }
            });
        }
    }
}

impl Execution {
    /// Logs an event, unless `main` has returned: the real process has
    /// exited by then, and nothing after it happens.
    fn push(&mut self, task: usize, at: Option<u32>, what: What) {
        let called = self.tasks.get_mut(&task).and_then(|t| {
            t.next = None;
            t.called.take()
        });
        // Where a blocked operation was called: its wait began there.
        let called = match what {
            What::Channel { blocked: true, .. }
            | What::Join { blocked: true, .. }
            | What::Lock { blocked: true, .. } => called,
            _ => None,
        };
        // Past a choice point the execution is being torn down: what is
        // dropped then (an unstarted thread's closure) never ran.
        if !self.main_returned && self.choice.is_none() {
            self.log.events.push(Event {
                task,
                at,
                what,
                called,
            });
        }
    }

    /// The whole log, with every thread named; the execution keeps none of it.
    pub(crate) fn take_trace(&mut self) -> Trace {
        let spawned = self.tasks.keys().copied().filter(|&t| t != 0);
        let threads = std::iter::once(0)
            .chain(spawned)
            .map(|task| TraceThread {
                task,
                name: self.name(task),
                spawned_at: self.tasks.get(&task).and_then(|t| t.spawned_at),
            })
            .collect();
        Trace {
            threads,
            ..std::mem::take(&mut self.log)
        }
    }

    /// How the report names a thread: `main`, its `Builder` name, or
    /// `thread N` for the N-th thread spawned.
    fn name(&self, task: usize) -> String {
        if task == 0 {
            return "main".to_string();
        }
        match self.tasks.get(&task).and_then(|t| t.name.clone()) {
            Some(name) => name,
            None => format!("thread {task}"),
        }
    }

    /// Every thread that has not finished, and what it waits for.
    pub(crate) fn unfinished_threads(&self) -> Vec<BlockedThread> {
        let main = std::iter::once(0);
        let spawned = self.tasks.keys().copied().filter(|&t| t != 0);
        main.chain(spawned)
            .filter_map(|task| {
                let record = self.tasks.get(&task);
                if record.is_some_and(|t| t.finished) || (task == 0 && self.main_returned) {
                    return None;
                }
                let wait = match record.and_then(|t| t.wait.as_ref()) {
                    Some((Wait::Recv(c), at)) => protocol::Wait::Recv {
                        at: *at,
                        channel: c.described(),
                    },
                    Some((Wait::Send(c), at)) => protocol::Wait::Send {
                        at: *at,
                        channel: c.described(),
                    },
                    Some((Wait::Join { thread }, at)) => protocol::Wait::Join {
                        at: *at,
                        thread: self.name(*thread),
                    },
                    None => protocol::Wait::Other,
                };
                Some(BlockedThread {
                    name: self.name(task),
                    spawned_at: record.and_then(|t| t.spawned_at),
                    wait,
                })
            })
            .collect()
    }

    pub(crate) fn finished_threads(&self) -> usize {
        self.tasks
            .iter()
            .filter(|(t, r)| **t != 0 && r.finished)
            .count()
    }
}

impl ChannelInfo {
    /// The channel as the report names it, with its Senders alive now.
    fn described(&self) -> protocol::Channel {
        protocol::Channel {
            made_at: self.made_at,
            capacity: self.capacity,
            senders: self.senders.load(Ordering::SeqCst),
        }
    }
}
