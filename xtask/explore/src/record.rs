//! What one execution did: its output, its panics, and where each thread waits.
//!
//! Shuttle runs every thread of an execution on the one OS thread that called
//! it, one at a time, so a plain global is enough here. It is reset before each
//! execution and read after it, when shuttle has either finished the program or
//! stopped it (a deadlock, a panic): shuttle leaks the stacks of a stopped
//! execution, so the wait guards of blocked threads are never dropped and their
//! waits are still here to report.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::Location;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use explore_protocol::{self as protocol, BlockedThread};

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
    /// The wait the thread is in, and the line it called it from.
    wait: Option<(Wait, Option<u32>)>,
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

pub(crate) fn print(text: &str) {
    // Printing takes the stdout lock, so another thread may run first: this is
    // what lets a schedule show the item received but not printed yet.
    shuttle::thread::sleep(std::time::Duration::ZERO);
    with(|e| {
        if e.main_returned {
            return; // the real process has exited by now
        }
        let room = OUTPUT_CAP.saturating_sub(e.stdout.len());
        let mut end = text.len().min(room);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        e.stdout.push_str(&text[..end]);
    });
}

pub(crate) fn eprint_panic(location: Option<String>, message: &str) {
    let task = current_task();
    with(|e| {
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
        e.main_returned = true;
    });
}

/// A spawned thread starts running.
pub(crate) fn started(name: Option<String>, spawned_at: Option<u32>) {
    if let Some(task) = current_task() {
        with(|e| {
            let t = e.tasks.entry(task).or_default();
            t.name = name;
            t.spawned_at = spawned_at;
        });
    }
}

/// A spawned thread's function returned or panicked.
pub(crate) fn finished() {
    if let Some(task) = current_task() {
        with(|e| e.tasks.entry(task).or_default().finished = true);
    }
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
