//! The whole event log of one execution ([`Trace`]), written only when
//! asked, for a view of one seed.

use std::fmt::Write as _;

use crate::text::{
    blocked_field, capacity_field, escape, field, line_field, parse_blocked, parse_capacity,
    parse_line_field, unescape,
};

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
    /// `recv_timeout`: recorded on real runs (the explorer has no clock).
    RecvTimeout,
    /// The `recv` arm of a crossbeam `select!` that fired: recorded on real
    /// runs, at the line of the `select!`.
    SelectRecv,
    /// The `send` arm of a crossbeam `select!` that fired.
    SelectSend,
}

impl Op {
    const ALL: [Self; 9] = [
        Self::Send,
        Self::TrySend,
        Self::Recv,
        Self::TryRecv,
        Self::Iter,
        Self::TryIter,
        Self::RecvTimeout,
        Self::SelectRecv,
        Self::SelectSend,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Send => "send",
            Self::TrySend => "try_send",
            Self::Recv => "recv",
            Self::TryRecv => "try_recv",
            Self::Iter => "iter",
            Self::TryIter => "try_iter",
            Self::RecvTimeout => "recv_timeout",
            Self::SelectRecv => "select_recv",
            Self::SelectSend => "select_send",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == text)
    }

    pub fn is_send(self) -> bool {
        matches!(self, Self::Send | Self::TrySend | Self::SelectSend)
    }

    /// An arm of a `select!`.
    pub fn is_select(self) -> bool {
        matches!(self, Self::SelectRecv | Self::SelectSend)
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
    /// `recv_timeout` that waited its whole time-out.
    Timeout,
    /// No receiver (a send), or no sender and nothing left (a receive).
    Disconnected,
}

impl OpResult {
    const ALL: [Self; 5] = [
        Self::Ok,
        Self::Full,
        Self::Empty,
        Self::Timeout,
        Self::Disconnected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Full => "full",
            Self::Empty => "empty",
            Self::Timeout => "timeout",
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
    /// A crossbeam `select!` went ahead: the channels it waited on (its
    /// arms', in order; a `never()` is no channel). The fired arm's
    /// operation follows (`SelectRecv`, `SelectSend`).
    Select {
        channels: Vec<usize>,
    },
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
}

/// `<what>\t<details>` of an `event` line.
pub(crate) fn what_fields(what: &What) -> String {
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
        What::Select { channels } => format!("select\t{}", channel_list(channels)),
    }
}

/// `0,2`: channels by index; `-` for none.
pub(crate) fn channel_list(channels: &[usize]) -> String {
    if channels.is_empty() {
        return "-".to_string();
    }
    channels
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

pub(crate) fn parse_channel_list(text: &str) -> Option<Vec<usize>> {
    if text == "-" {
        return Some(Vec::new());
    }
    text.split(',').map(|c| c.parse().ok()).collect()
}

pub(crate) fn parse_event(text: &str) -> Option<Event> {
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
        "select" => What::Select {
            channels: parse_channel_list(get(3)?)?,
        },
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
pub(crate) fn parse_trace_line(trace: &mut Trace, word: &str, rest: &str) -> Option<()> {
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
