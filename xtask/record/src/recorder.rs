//! The record of one run, appended to as the program runs.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::Write as _;
use std::panic::Location;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

use explore_protocol::{
    self as protocol, Event, Locked, Op, OpResult, TraceChannel, TraceLock, TraceThread, What,
};

/// How many failed sends in a row of one thread at one line are written.
const SEND_FAILURES_IN_A_ROW: u32 = 1000;

/// A channel operation as the record's streaks tell them apart: its line,
/// what it was and what it returned.
type OpKind = (Option<u32>, &'static str, &'static str);

struct Record {
    file: File,
    channels: Vec<Counts>,
    locks: usize,
    /// How often each failed lock (thread, lock, line, what, result) was
    /// written: see [`Record::worth_writing`].
    failures: HashMap<(usize, usize, Option<u32>, &'static str, &'static str), u8>,
    /// The `select!`s written: (thread, line, channels it waited on).
    selects: HashSet<(usize, Option<u32>, Vec<usize>)>,
    /// Per thread and channel, its last channel operation (line, what,
    /// result) and how many times in a row it was done: see
    /// [`Record::worth_writing_op`].
    streaks: HashMap<(usize, usize), (OpKind, u32)>,
    /// Bytes written so far: at most [`protocol::RECORD_BOUND`].
    written: u64,
    /// The record was cut at its bound: nothing more is written.
    cut: bool,
}

/// Per channel: its capacity, and the messages sent and received so far.
#[derive(Default)]
struct Counts {
    capacity: Option<usize>,
    sent: u64,
    received: u64,
}

/// `None` when the run is not recorded.
fn record() -> Option<MutexGuard<'static, Record>> {
    static RECORD: OnceLock<Option<Mutex<Record>>> = OnceLock::new();
    let record = RECORD.get_or_init(|| {
        let path = std::env::var_os(protocol::RECORD)?;
        let file = File::options().append(true).create(true).open(path).ok()?;
        Some(Mutex::new(Record {
            file,
            channels: Vec::new(),
            locks: 0,
            failures: HashMap::new(),
            selects: HashSet::new(),
            streaks: HashMap::new(),
            written: 0,
            cut: false,
        }))
    });
    record
        .as_ref()
        .map(|r| r.lock().unwrap_or_else(PoisonError::into_inner))
}

impl Record {
    /// A lock that would block is written the first two times a thread
    /// meets it at a line, and no more: a spinning loop meets it thousands
    /// of times, and the record's facts need only that it happened, and
    /// whether the thread tried again.
    fn worth_writing(
        &mut self,
        key: (usize, usize, Option<u32>, &'static str, &'static str),
    ) -> bool {
        let seen = self.failures.entry(key).or_insert(0);
        *seen = seen.saturating_add(1);
        *seen <= 2
    }

    /// A failed receive (`Empty`, `Timeout`, `Disconnected`) is written the
    /// first two times in a row a thread meets it at a line on a channel,
    /// and no more until that thread does something else on the channel: a
    /// polling loop meets it thousands of times, and the record's facts need
    /// only that it happened, whether the thread tried again, and how the
    /// thread's receiving ended (the last one written is the last one done,
    /// or one just like it). A failed send (`Full`, `Disconnected`) is
    /// written up to [`SEND_FAILURES_IN_A_ROW`] times in a row, as the facts
    /// count them (an item shed, a job given back). A successful operation
    /// is always written.
    fn worth_writing_op(
        &mut self,
        task: usize,
        channel: usize,
        what: OpKind,
        ok: bool,
        send: bool,
    ) -> bool {
        let streak = self.streaks.entry((task, channel)).or_insert((what, 0));
        if streak.0 == what {
            streak.1 = streak.1.saturating_add(1);
        } else {
            *streak = (what, 1);
        }
        ok || streak.1 <= if send { SEND_FAILURES_IN_A_ROW } else { 2 }
    }

    /// Appends `line`, unless that would take the record past its bound:
    /// then the record ends with its cut line and nothing more is written,
    /// so that a program doing channel operations without end is stopped by
    /// its own time limit, never by the file-size cap for its record.
    fn write(&mut self, line: &str) {
        if self.cut {
            return;
        }
        let room = protocol::RECORD_BOUND - protocol::RECORD_CUT_ROOM;
        if self.written + line.len() as u64 > room {
            self.cut = true;
            let cut = protocol::record_cut_line(self.written);
            let _ = self.file.write_all(cut.as_bytes());
            return;
        }
        self.written += line.len() as u64;
        // A failed write loses the record, never the program's run.
        let _ = self.file.write_all(line.as_bytes());
    }
}

/// Whether this run's waits run out early (`explore_protocol::RECORD_TIMEOUTS`).
pub(crate) fn early_timeouts() -> bool {
    static EARLY: OnceLock<bool> = OnceLock::new();
    *EARLY.get_or_init(|| {
        std::env::var(protocol::RECORD_TIMEOUTS).as_deref() == Ok(protocol::EARLY_TIMEOUTS)
    })
}

/// The learner's line for a location, `None` outside the learner's file.
pub(crate) fn line_of(location: &Location<'_>) -> Option<u32> {
    static SOURCE: OnceLock<Option<String>> = OnceLock::new();
    let source = SOURCE.get_or_init(|| std::env::var(protocol::RECORD_SOURCE).ok());
    (source.as_deref() == Some(location.file())).then(|| location.line())
}

/// Threads are numbered as the explorer numbers them: `main` is 0, then in
/// the order they were spawned. A thread spawned by other means than
/// `thread::spawn` (a scope) gets its number when it first does something.
static NEXT_TASK: AtomicUsize = AtomicUsize::new(1);

thread_local! {
    static TASK: Cell<Option<usize>> = const { Cell::new(None) };
}

pub(crate) fn current_task() -> usize {
    TASK.with(|task| match task.get() {
        Some(t) => t,
        None => {
            let t = if std::thread::current().name() == Some("main") {
                0
            } else {
                NEXT_TASK.fetch_add(1, Ordering::Relaxed)
            };
            task.set(Some(t));
            t
        }
    })
}

/// A number for the thread about to be spawned.
pub(crate) fn new_task() -> usize {
    NEXT_TASK.fetch_add(1, Ordering::Relaxed)
}

fn push(record: &mut Record, task: usize, at: Option<u32>, what: What) {
    let line = protocol::event_line(&Event {
        task,
        at,
        what,
        called: None,
    });
    record.write(&line);
}

fn event(at: Option<u32>, what: What) {
    let task = current_task();
    if let Some(mut record) = record() {
        push(&mut record, task, at, what);
    }
}

/// The spawned thread `task` starts: it takes its number and says its name.
pub(crate) fn started(task: usize, name: Option<String>, spawned_at: Option<u32>) {
    TASK.with(|t| t.set(Some(task)));
    if let Some(mut record) = record() {
        let name = name.unwrap_or_else(|| format!("thread {task}"));
        let line = protocol::thread_line(&TraceThread {
            task,
            name,
            spawned_at,
        });
        record.write(&line);
    }
}

pub(crate) fn spawned(child: usize, location: &Location<'_>) {
    event(line_of(location), What::Spawn { task: child });
}

pub(crate) fn finished() {
    event(None, What::Finished);
}

pub(crate) fn panicked() {
    event(None, What::Panicked);
}

pub(crate) fn joined(child: usize, panicked: bool, location: &Location<'_>) {
    let what = What::Join {
        task: child,
        panicked,
        blocked: false,
    };
    event(line_of(location), what);
}

pub(crate) fn slept(location: &Location<'_>) {
    event(line_of(location), What::Sleep);
}

/// A new channel; its index in the record. `usize::MAX` when not recorded.
pub(crate) fn new_channel(capacity: Option<usize>, location: &Location<'_>) -> usize {
    let Some(mut record) = record() else {
        return usize::MAX;
    };
    let index = record.channels.len();
    record.channels.push(Counts {
        capacity,
        ..Counts::default()
    });
    let line = protocol::channel_line(
        index,
        &TraceChannel {
            made_at: line_of(location),
            capacity,
        },
    );
    record.write(&line);
    index
}

/// A channel operation has completed. The fill is the record's count of
/// messages sent and not yet received: a receive may be written before the
/// send it took, so a `sync_channel(k)`'s count is kept within the `k` its
/// buffer never exceeds.
pub(crate) fn channel_op(channel: usize, op: Op, result: OpResult, location: &Location<'_>) {
    let task = current_task();
    let at = line_of(location);
    let Some(mut record) = record() else {
        return;
    };
    let what = (at, op.as_str(), result.as_str());
    if !record.worth_writing_op(task, channel, what, result == OpResult::Ok, op.is_send()) {
        return;
    }
    let Some(counts) = record.channels.get_mut(channel) else {
        return;
    };
    let message = match (result, op.is_send()) {
        (OpResult::Ok, true) => {
            counts.sent += 1;
            Some(counts.sent - 1)
        }
        (OpResult::Ok, false) => {
            counts.received += 1;
            Some(counts.received - 1)
        }
        _ => None,
    };
    let fill = counts.sent.saturating_sub(counts.received) as usize;
    let fill = counts.capacity.map_or(fill, |k| fill.min(k));
    let what = What::Channel {
        op,
        channel,
        result,
        blocked: false,
        fill,
        message,
    };
    push(&mut record, task, at, what);
}

/// A `select!` went ahead, having waited on `channels` (recorded ones, in
/// order): written once per thread, line and channels, before the fired
/// arm's operation.
pub(crate) fn selected(channels: &[usize], location: &Location<'_>) {
    let task = current_task();
    let at = line_of(location);
    let Some(mut record) = record() else {
        return;
    };
    if record.selects.insert((task, at, channels.to_vec())) {
        let what = What::Select {
            channels: channels.to_vec(),
        };
        push(&mut record, task, at, what);
    }
}

pub(crate) fn sender_dropped(channel: usize, senders_left: usize) {
    if channel != usize::MAX {
        event(
            None,
            What::SenderDropped {
                channel,
                senders_left,
            },
        );
    }
}

pub(crate) fn receiver_dropped(channel: usize) {
    if channel != usize::MAX {
        event(None, What::ReceiverDropped { channel });
    }
}

/// A lock's index, given at its first use.
pub(crate) fn lock_index(index: &OnceLock<usize>, made_at: &Location<'_>) -> usize {
    *index.get_or_init(|| {
        let Some(mut record) = record() else {
            return usize::MAX;
        };
        let i = record.locks;
        record.locks += 1;
        let line = protocol::lock_line(
            i,
            &TraceLock {
                made_at: line_of(made_at),
            },
        );
        record.write(&line);
        i
    })
}

pub(crate) fn locked(lock: usize, try_lock: bool, result: Locked, location: &Location<'_>) {
    if lock != usize::MAX && result == Locked::WouldBlock {
        let task = current_task();
        let at = line_of(location);
        if let Some(mut record) = record()
            && !record.worth_writing((task, lock, at, "lock", result.as_str()))
        {
            return;
        }
    }
    if lock != usize::MAX {
        let what = What::Lock {
            lock,
            try_lock,
            result,
            blocked: false,
        };
        event(line_of(location), what);
    }
}

pub(crate) fn unlocked(lock: usize) {
    if lock != usize::MAX {
        event(None, What::Unlock { lock });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_stops_at_its_bound_and_says_it_was_cut() {
        let path = std::env::temp_dir().join(format!("record-bound-{}", std::process::id()));
        let mut record = Record {
            file: File::create(&path).unwrap(),
            channels: Vec::new(),
            locks: 0,
            failures: HashMap::new(),
            selects: HashSet::new(),
            streaks: HashMap::new(),
            written: 0,
            cut: false,
        };
        let send = |message: u64| {
            protocol::event_line(&Event {
                task: 1,
                at: Some(14),
                what: What::Channel {
                    op: Op::Send,
                    channel: 0,
                    result: OpResult::Ok,
                    blocked: false,
                    fill: 1,
                    message: Some(message),
                },
                called: None,
            })
        };
        record.write(&protocol::channel_line(
            0,
            &TraceChannel {
                made_at: Some(9),
                capacity: None,
            },
        ));
        // A producer sending for nobody, without end.
        let mut message = 0;
        while !record.cut {
            record.write(&send(message));
            message += 1;
        }
        record.write(&send(message));
        let text = std::fs::read_to_string(&path).unwrap();
        let _ = std::fs::remove_file(&path);
        assert!(
            text.len() as u64 <= protocol::RECORD_BOUND,
            "{}",
            text.len()
        );
        assert_eq!(protocol::record_cut(&text), Some(record.written));
        assert!(text.ends_with(&protocol::record_cut_line(record.written)));
        let trace = protocol::read_record(&text).unwrap();
        assert_eq!(trace.events.len() as u64, message - 1);
        assert_eq!(protocol::record_cut(&text[..text.len() / 2]), None);
    }
}
