//! The facts of one execution a check needs ([`Observations`]), summarised
//! from its log.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::text::{capacity_field, field, line_field, parse_capacity, parse_line_field};
use crate::trace::{channel_list, parse_channel_list};
use crate::{Action, Locked, Op, OpResult, Trace, What};

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

/// What one thread did on one channel at one line, and how it ended: every
/// channel operation of the execution, grouped. Which thread runs a line, and
/// how many times, is the program's own choice; only how many receives found
/// a channel empty depends on the schedule, so that is recorded as "at least
/// once" (`count` is `None`), never counted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OpSite {
    pub channel: usize,
    pub thread: String,
    pub at: Option<u32>,
    pub op: Op,
    pub result: OpResult,
    /// How many times; `None` for [`OpResult::Empty`].
    pub count: Option<u64>,
}

/// How a thread that waited on a channel with `recv_timeout` stopped
/// receiving there: its last receive on that channel (which operation, at
/// which line, and what it returned), and the first receive it made there
/// after one had returned `Disconnected`, if it made one. A loop that treats
/// `Timeout` as "wait again" and `Disconnected` as "stop" ends on
/// `Disconnected` and never receives again, on every run, however long its
/// waits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimedWait {
    pub channel: usize,
    pub thread: String,
    pub last_op: Op,
    pub last_at: Option<u32>,
    pub last_result: OpResult,
    /// A receive after the channel said `Disconnected`: the operation and its line.
    pub after_closed: Option<(Op, Option<u32>)>,
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

/// A thread took the lock made at `lock_made_at`, at line `at`, at least
/// once. Which thread runs a line is the program's own choice; how often it
/// takes a shared lock can depend on the schedule (which worker got which
/// job), so it is not counted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LockSite {
    pub lock: usize,
    pub lock_made_at: Option<u32>,
    pub thread: String,
    pub at: Option<u32>,
}

/// A message taken outside a `select!` (by `recv`, `iter`, `try_recv`...),
/// once per channel, thread, line and operation, with the channels that
/// thread had already seen closed (one of its receives there had returned
/// `Disconnected`) before the first such receive: a closed channel never
/// delivers again, so a thread that has seen every other channel closed
/// misses nothing by waiting on the one left.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PlainReceive {
    pub channel: usize,
    pub thread: String,
    pub at: Option<u32>,
    pub op: Op,
    pub closed_before: Vec<usize>,
}

/// A `select!` of a thread at a line, and the channels it waited on at once
/// (its arms' channels, in order): once per thread, line and channels.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SelectSite {
    pub thread: String,
    pub at: Option<u32>,
    pub channels: Vec<usize>,
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
    /// Every channel operation, by channel, thread, line, operation and result.
    pub ops: Vec<OpSite>,
    /// Every lock taken, by lock, thread and line.
    pub locks: Vec<LockSite>,
    /// Every `select!` that went ahead (crossbeam's, on real runs).
    pub selects: Vec<SelectSite>,
    /// Every message taken outside a `select!`, and what its thread had
    /// seen closed before.
    pub plain_receives: Vec<PlainReceive>,
    /// How each thread that received with `recv_timeout` on a channel
    /// stopped receiving there.
    pub timed_waits: Vec<TimedWait>,
}

/// One thread's receiving on one channel so far, in the order of the log.
#[derive(Default)]
struct Receiving {
    timed: bool,
    closed: bool,
    last: Option<(Op, Option<u32>, OpResult)>,
    after_closed: Option<(Op, Option<u32>)>,
}

/// A channel operation's place: channel, task, line, operation, result.
type OpKey = (usize, usize, Option<u32>, Op, OpResult);

/// What an execution's events add up to, as they are read in order.
#[derive(Default)]
struct Tally {
    channels: Vec<ChannelSummary>,
    /// Each failed send, and whether its thread sent on that channel again.
    send_failures: BTreeMap<OpKey, bool>,
    recv_ends: BTreeSet<OpKey>,
    held: BTreeSet<HeldWhile>,
    panicked: Vec<String>,
    ops: BTreeMap<OpKey, u64>,
    /// Locks each task holds now: (lock, acquired at).
    holding: BTreeMap<usize, Vec<(usize, Option<u32>)>>,
    selects: BTreeSet<SelectSite>,
    /// Each thread's receiving on each channel: (channel, task).
    receiving: BTreeMap<(usize, usize), Receiving>,
    /// The channels each task has seen closed so far.
    seen_closed: BTreeMap<usize, BTreeSet<usize>>,
    /// Each place a message was taken outside a `select!`, and the channels
    /// its task had seen closed the first time.
    plain_receives: BTreeMap<(usize, usize, Option<u32>, Op), BTreeSet<usize>>,
}

impl Trace {
    /// Summarises the log into what goes into the outcome.
    pub fn observations(&self) -> Observations {
        let mut tally = Tally {
            channels: self
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
                .collect(),
            ..Tally::default()
        };
        for e in &self.events {
            tally.held_while(self, e);
            match &e.what {
                &What::Channel {
                    op,
                    channel,
                    result,
                    fill,
                    ..
                } => tally.channel_op((channel, e.task, e.at, op, result), fill),
                &What::Lock {
                    lock,
                    result: Locked::Ok | Locked::Poisoned,
                    ..
                } => tally.holding.entry(e.task).or_default().push((lock, e.at)),
                &What::Unlock { lock } => tally.unlocked(lock),
                What::Panicked => tally.panicked.push(self.name(e.task)),
                What::Select { channels } => {
                    tally.selects.insert(SelectSite {
                        thread: self.name(e.task),
                        at: e.at,
                        channels: channels.clone(),
                    });
                }
                _ => {}
            }
        }
        tally.into_observations(self)
    }

    /// Which thread took which lock where: a lock taken, poisoned or not.
    fn lock_sites(&self) -> Vec<LockSite> {
        let sites: BTreeSet<LockSite> = self
            .events
            .iter()
            .filter_map(|e| match e.what {
                What::Lock {
                    lock,
                    result: Locked::Ok | Locked::Poisoned,
                    ..
                } => Some(LockSite {
                    lock,
                    lock_made_at: self.locks.get(lock).and_then(|l| l.made_at),
                    thread: self.name(e.task),
                    at: e.at,
                }),
                _ => None,
            })
            .collect();
        sites.into_iter().collect()
    }
}

impl Tally {
    /// What the event `e` did while its thread held locks, one entry a lock.
    fn held_while(&mut self, trace: &Trace, e: &crate::Event) {
        let action = match &e.what {
            What::Channel { op, .. } => Some(Action::Channel(*op)),
            What::Print { .. } => Some(Action::Print),
            What::Join { .. } => Some(Action::Join),
            What::Sleep => Some(Action::Sleep),
            What::Lock { .. } => Some(Action::Lock),
            What::Spawn { .. } => Some(Action::Spawn),
            _ => None,
        };
        if let (Some(action), Some(locks)) = (action, self.holding.get(&e.task)) {
            for &(lock, acquired_at) in locks {
                self.held.insert(HeldWhile {
                    thread: trace.name(e.task),
                    lock_made_at: trace.locks.get(lock).and_then(|l| l.made_at),
                    acquired_at,
                    action,
                    at: e.at,
                });
            }
        }
    }

    /// One channel operation, `fill` the buffer after it: counted at its
    /// place, and in its channel's totals, failures and ends.
    fn channel_op(&mut self, key: OpKey, fill: usize) {
        let (channel, task, _, op, result) = key;
        *self.ops.entry(key).or_default() += 1;
        if !op.is_send() {
            let r = self.receiving.entry((channel, task)).or_default();
            if r.closed && r.after_closed.is_none() {
                r.after_closed = Some((op, key.2));
            }
            r.closed |= result == OpResult::Disconnected;
            r.timed |= op == Op::RecvTimeout;
            r.last = Some((op, key.2, result));
            let seen = self.seen_closed.entry(task).or_default();
            if result == OpResult::Disconnected {
                seen.insert(channel);
            } else if result == OpResult::Ok && op != Op::SelectRecv {
                self.plain_receives
                    .entry((channel, task, key.2, op))
                    .or_insert_with(|| seen.clone());
            }
        }
        if op.is_send() {
            // A later send by a thread that already failed on this channel.
            for ((c, t, ..), kept) in self.send_failures.iter_mut() {
                if *c == channel && *t == task {
                    *kept = true;
                }
            }
        }
        let Some(summary) = self.channels.get_mut(channel) else {
            return;
        };
        if let Some(most) = summary.max_fill.as_mut() {
            *most = (*most).max(fill);
        }
        match (result, op.is_send()) {
            (OpResult::Ok, true) => summary.sends_ok += 1,
            (OpResult::Ok, false) => summary.receives_ok += 1,
            (_, true) => {
                self.send_failures.entry(key).or_insert(false);
            }
            (_, false) => {
                self.recv_ends.insert(key);
            }
        }
    }

    /// A guard of `lock` was dropped.
    fn unlocked(&mut self, lock: usize) {
        // A guard may be unlocked by another thread than the one that took
        // it only if it was sent over; look everywhere.
        for locks in self.holding.values_mut() {
            if let Some(i) = locks.iter().rposition(|&(l, _)| l == lock) {
                locks.remove(i);
                break;
            }
        }
        self.holding.retain(|_, locks| !locks.is_empty());
    }

    /// The totals as the outcome keeps them, threads by name.
    fn into_observations(self, trace: &Trace) -> Observations {
        Observations {
            channels: self.channels,
            send_failures: self
                .send_failures
                .into_iter()
                .map(
                    |((channel, task, at, op, error), kept_sending)| SendFailure {
                        channel,
                        thread: trace.name(task),
                        at,
                        op,
                        error,
                        kept_sending,
                    },
                )
                .collect(),
            recv_ends: self
                .recv_ends
                .into_iter()
                .map(|(channel, task, at, op, result)| RecvEnd {
                    channel,
                    thread: trace.name(task),
                    at,
                    op,
                    result,
                })
                .collect(),
            held: self.held.into_iter().collect(),
            panicked: self.panicked,
            ops: self
                .ops
                .into_iter()
                .map(|((channel, task, at, op, result), n)| OpSite {
                    channel,
                    thread: trace.name(task),
                    at,
                    op,
                    result,
                    count: (result != OpResult::Empty).then_some(n),
                })
                .collect(),
            locks: trace.lock_sites(),
            selects: self.selects.into_iter().collect(),
            plain_receives: self
                .plain_receives
                .into_iter()
                .map(|((channel, task, at, op), closed)| PlainReceive {
                    channel,
                    thread: trace.name(task),
                    at,
                    op,
                    closed_before: closed.into_iter().collect(),
                })
                .collect(),
            timed_waits: self
                .receiving
                .into_iter()
                .filter(|(_, r)| r.timed)
                .filter_map(|((channel, task), r)| {
                    let (last_op, last_at, last_result) = r.last?;
                    Some(TimedWait {
                        channel,
                        thread: trace.name(task),
                        last_op,
                        last_at,
                        last_result,
                        after_closed: r.after_closed,
                    })
                })
                .collect(),
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
        for o in &self.ops {
            let _ = writeln!(
                text,
                "obs_op {}\t{}\t{}\t{}\t{}\t{}",
                o.channel,
                field(&o.thread),
                line_field(o.at),
                o.op.as_str(),
                o.result.as_str(),
                o.count.map_or("-".to_string(), |n| n.to_string())
            );
        }
        for l in &self.locks {
            let _ = writeln!(
                text,
                "obs_lock {}\t{}\t{}\t{}",
                l.lock,
                line_field(l.lock_made_at),
                field(&l.thread),
                line_field(l.at)
            );
        }
        for s in &self.selects {
            let _ = writeln!(
                text,
                "obs_select {}\t{}\t{}",
                field(&s.thread),
                line_field(s.at),
                channel_list(&s.channels)
            );
        }
        for p in &self.plain_receives {
            let _ = writeln!(
                text,
                "obs_plain_recv {}\t{}\t{}\t{}\t{}",
                p.channel,
                field(&p.thread),
                line_field(p.at),
                p.op.as_str(),
                channel_list(&p.closed_before)
            );
        }
        for w in &self.timed_waits {
            let (after_op, after_at) = match w.after_closed {
                Some((op, at)) => (op.as_str(), line_field(at)),
                None => ("-", "-".to_string()),
            };
            let _ = writeln!(
                text,
                "obs_timed_wait {}\t{}\t{}\t{}\t{}\t{}\t{}",
                w.channel,
                field(&w.thread),
                w.last_op.as_str(),
                line_field(w.last_at),
                w.last_result.as_str(),
                after_op,
                after_at
            );
        }
        text
    }

    /// Reads one `obs_` line (its word and the rest) into `self`.
    pub(crate) fn parse_line(&mut self, word: &str, rest: &str) -> Option<()> {
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
            "obs_op" => self.ops.push(OpSite {
                channel: get(0)?.parse().ok()?,
                thread: get(1)?.to_string(),
                at: parse_line_field(get(2)?)?,
                op: Op::parse(get(3)?)?,
                result: OpResult::parse(get(4)?)?,
                count: match get(5)? {
                    "-" => None,
                    n => Some(n.parse().ok()?),
                },
            }),
            "obs_lock" => self.locks.push(LockSite {
                lock: get(0)?.parse().ok()?,
                lock_made_at: parse_line_field(get(1)?)?,
                thread: get(2)?.to_string(),
                at: parse_line_field(get(3)?)?,
            }),
            "obs_select" => self.selects.push(SelectSite {
                thread: get(0)?.to_string(),
                at: parse_line_field(get(1)?)?,
                channels: parse_channel_list(get(2)?)?,
            }),
            "obs_plain_recv" => self.plain_receives.push(PlainReceive {
                channel: get(0)?.parse().ok()?,
                thread: get(1)?.to_string(),
                at: parse_line_field(get(2)?)?,
                op: Op::parse(get(3)?)?,
                closed_before: parse_channel_list(get(4)?)?,
            }),
            "obs_timed_wait" => self.timed_waits.push(TimedWait {
                channel: get(0)?.parse().ok()?,
                thread: get(1)?.to_string(),
                last_op: Op::parse(get(2)?)?,
                last_at: parse_line_field(get(3)?)?,
                last_result: OpResult::parse(get(4)?)?,
                after_closed: match (get(5)?, get(6)?) {
                    ("-", "-") => None,
                    (op, at) => Some((Op::parse(op)?, parse_line_field(at)?)),
                },
            }),
            _ => return None,
        }
        Some(())
    }
}
