//! What a check found wrong, as data: the lines, threads, channels and
//! numbers each problem is about. `render::problem` words them; the verdict's
//! output window and the trace's ✗ find their line from the data here, so
//! rewording a message can never move them.

use explore_protocol::{Action, LockSite, Op, OpSite};

/// A line of the delivery and lead checks: `sent [<producer>] <seq>` or
/// `recv [<producer>] <seq>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Sent { producer: usize, seq: usize },
    Recv { producer: usize, seq: usize },
}

/// A message line as the kata prints it: `recv 1 3`, or `recv 3` in a kata
/// whose lines do not name a producer (it has no `producers` parameter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageLine {
    pub event: Event,
    /// The line names its producer.
    pub named: bool,
}

impl MessageLine {
    /// Whether `line` of a program's output is this line (spacing aside).
    pub fn is(&self, line: &str) -> bool {
        let (count, _) = super::first_words(line);
        count == if self.named { 3 } else { 2 } && super::event_of(line) == Some(self.event)
    }
}

/// `recv` lines the checks do not read, each carrying the numbers of a
/// message this run sent, in another format than the kata's: how many, and
/// the first as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reworded {
    pub count: usize,
    pub first: String,
}

/// Where a panic happened and the first line of its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panic {
    /// `src/main.rs:3:5`
    pub location: String,
    pub message: String,
}

/// A channel that can hold more than the kata's bound, named by the line
/// that made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roomy {
    /// `None`: `channel()`, unbounded.
    pub capacity: Option<usize>,
    pub made_at: Option<u32>,
    /// The most messages it held at once, when that was over the bound.
    pub held: Option<usize>,
}

/// A channel named by the line that made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChannelAt {
    /// `None`: `channel()`, unbounded.
    pub capacity: Option<usize>,
    pub made_at: Option<u32>,
}

/// One broken fact of a run or a schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Exit code 101. `then_main`: `main` panicked after another thread did.
    Panicked {
        first: Option<Panic>,
        then_main: Option<Panic>,
    },
    /// The panic was an unwrapped `RecvError`: the end of the stream.
    RecvErrorUnwrapped,
    /// The first panic was an unwrapped `TrySendError::Full`: an ordinary
    /// answer of `try_send`, not a failure.
    TrySendFullUnwrapped,
    ExitCode(i32),
    Signal(i32),
    DidNotFinish,
    /// The output was cut at the runner's cap.
    OutputCut,
    /// Messages never printed as received: how many, of how many.
    /// `reworded`: `recv` lines that carry a message's numbers in another
    /// format than the kata's (`recv (0, 1)` for `recv 0 1`).
    Missing {
        count: usize,
        total: usize,
        example: MessageLine,
        reworded: Option<Reworded>,
    },
    /// A message printed as received more than once.
    Doubled {
        example: MessageLine,
    },
    /// A receipt of a message this run never sent (`producers` x `messages`).
    Unexpected {
        producers: usize,
        messages: usize,
        example: MessageLine,
    },
    /// `seq` of `producer` arrived after `after`, a later one.
    OutOfOrder {
        producer: usize,
        seq: usize,
        after: usize,
    },
    /// The kata's closing line was not printed after the last `recv` line.
    NoClosingLine {
        closing: String,
    },
    /// `line` (a `sent` line) was printed when only `received` messages of
    /// its producer had been; the channel allows `bound` ahead.
    RanAhead {
        line: MessageLine,
        received: usize,
        bound: usize,
    },
    /// More `recv` lines printed than messages received from the channels
    /// (`channels`: how many the program made).
    UnbackedReceipts {
        printed: u64,
        received: u64,
        channels: usize,
    },
    /// Channels that carried messages and can hold more than `bound`.
    OverBound {
        channels: Vec<Roomy>,
        bound: usize,
    },
    /// No receiving loop ended on its channel's disconnection.
    NoEndOnDisconnect,
    /// `channel` carried messages, but no receive on it ended on its
    /// disconnection; `ended_elsewhere`: the thread and line of a loop that
    /// did, on another channel.
    StageNeverClosed {
        channel: ChannelAt,
        ended_elsewhere: Option<(String, Option<u32>)>,
        /// The program received through `select!`: its arms, not a loop
        /// per channel, see the channels close.
        selected: bool,
    },
    /// `thread` did `action` at `at` while holding a lock.
    WorkUnderLock {
        thread: String,
        lock_made_at: Option<u32>,
        acquired_at: Option<u32>,
        action: Action,
        at: Option<u32>,
    },
    /// `thread` panicked; `failed_send`: after its send failed because the
    /// receiver was gone (the operation and its line).
    ThreadPanicked {
        thread: String,
        failed_send: Option<(Op, Option<u32>)>,
    },
    /// `thread` went on sending after `op` at `at` failed: receiver gone.
    KeptSending {
        thread: String,
        op: Op,
        at: Option<u32>,
    },
    /// A thread received what it had sent itself (`channel`: where, when
    /// the summary names it).
    OwnMessages {
        got: OpSite,
        sent: OpSite,
        channel: Option<ChannelAt>,
    },
    /// A message was sent, but no other thread received one.
    NeverChangedThreads {
        sent: OpSite,
    },
    /// Nothing was sent (`channel`: the first channel made, if any).
    NothingSent {
        channel: Option<ChannelAt>,
    },
    /// Nothing was sent on any channel; the kata has `producers`.
    NoProducerSent {
        producers: usize,
    },
    /// Only `senders` threads sent on the busiest channel (its `sends`), the
    /// kata has `producers`.
    TooFewProducers {
        senders: usize,
        producers: usize,
        channel: Option<ChannelAt>,
        sends: Vec<OpSite>,
    },
    /// A message was sent on a channel that is a pure signal.
    SentOnSignal {
        sent: OpSite,
        channel: Option<ChannelAt>,
    },
    /// `main` never found the signal channel closed (`waited`: its first
    /// receive, if it made one).
    NeverSawClosed {
        waited: Option<OpSite>,
    },
    /// More `kept for later:` lines than failed sends (every send listed).
    KeptWithoutFailure {
        kept: u64,
        failed: u64,
        sends: Vec<OpSite>,
    },
    /// More `queued:` lines than orders another thread received (every send
    /// listed).
    QueuedNotReceived {
        queued: u64,
        received: u64,
        sends: Vec<OpSite>,
    },
    /// No send failed (every send listed).
    NoSendFailed {
        sends: Vec<OpSite>,
    },
    /// No thread panicked, where a producer's batch makes one panic (every
    /// successful send listed).
    NoPanic {
        sends: Vec<OpSite>,
    },
    /// `main` waited in a receive where it must only poll.
    WaitsWhilePolling {
        site: OpSite,
        channel: Option<ChannelAt>,
    },
    /// `main` never called `try_recv` or `try_iter`.
    NeverPolled,
    /// `main`'s polling never found the channel empty.
    NeverFoundEmpty {
        site: OpSite,
    },
    /// More `accepted`/`shed` lines than `try_send` said `Ok`/`Full`
    /// (`offers`: every send and `try_send`, and what each returned).
    NotShed {
        accepted_lines: u64,
        shed_lines: u64,
        accepted: u64,
        shed: u64,
        offers: Vec<OpSite>,
    },
    /// More answers printed than requests sent or replies received.
    UnaskedAnswers {
        answers: u64,
        requests: u64,
        replies: u64,
    },
    /// A one-shot channel carried `messages`.
    OneShotReused {
        channel: ChannelAt,
        messages: u64,
        sends: Vec<OpSite>,
    },
    /// Only one worker took jobs (its receive).
    OneConsumer {
        site: OpSite,
    },
    /// No worker took a job.
    NoConsumer,
    /// No worker received from a queue; the pool has `workers`.
    NoWorkerReceived {
        workers: usize,
    },
    /// Only `takers` workers received from the busiest queue (its
    /// `receives`); the pool has `workers`.
    TooFewWorkers {
        takers: usize,
        workers: usize,
        channel: Option<ChannelAt>,
        receives: Vec<OpSite>,
        /// How many channels workers received jobs from: more than one is a
        /// queue per worker, not one shared.
        queues: usize,
    },
    /// Fewer than two channels carried messages (`carrying`; `made`: how
    /// many the program made), where a pipeline's stages hand each item on
    /// twice.
    TooFewLinks {
        carrying: Vec<ChannelAt>,
        made: usize,
    },
    /// Messages were sent (`sends`), where the count is shared state.
    CountSent {
        sends: Vec<OpSite>,
    },
    /// No worker took a lock; the kata has `workers` (`main_locked`: `main`
    /// took one).
    NoWorkerLocked {
        workers: usize,
        main_locked: bool,
    },
    /// Only `lockers` workers took the lock most of them shared (its
    /// `sites`); the kata has `workers`.
    TooFewLockers {
        lockers: usize,
        workers: usize,
        sites: Vec<LockSite>,
    },
    /// A message was received outside a `select!` (`site`), where each
    /// must come through one of its arms, while the `open` channels (others
    /// the program selects over) had not been seen closed by that thread.
    ReceivedOutsideSelect {
        site: OpSite,
        channel: Option<ChannelAt>,
        open: Vec<ChannelAt>,
    },
    /// No `select!` waited on all the `channels` that carried messages at
    /// once; `widest`: the thread, line and channels of the one that waited
    /// on the most, if any went ahead.
    NoSelectOverAll {
        channels: Vec<ChannelAt>,
        widest: Option<(String, Option<u32>, Vec<ChannelAt>)>,
    },
    /// `thread` stopped receiving from `channel` right after its
    /// `recv_timeout` at `at` returned `Timeout`.
    EndedOnTimeout {
        thread: String,
        at: Option<u32>,
        channel: Option<ChannelAt>,
    },
    /// `thread` received from `channel` again (`op` at `at`) after a
    /// receive there had returned `Disconnected`.
    ReceivedAfterClosed {
        thread: String,
        op: Op,
        at: Option<u32>,
        channel: Option<ChannelAt>,
    },
    /// No `recv_timeout` returned `Disconnected`. `last`: the last receive
    /// (and what it returned) of the thread that waited with `recv_timeout`
    /// on the busiest channel; without one, `receives`: every receive made.
    NoTimedEnd {
        last: Option<(OpSite, Option<ChannelAt>)>,
        receives: Vec<OpSite>,
    },
}

impl Problem {
    /// The printed line this problem is about, when it is one the output
    /// has: the verdict shows the output around it and the trace marks its
    /// print. A missing message was never printed.
    pub fn printed_line(&self) -> Option<MessageLine> {
        match self {
            Self::Doubled { example } | Self::Unexpected { example, .. } => Some(*example),
            Self::RanAhead { line, .. } => Some(*line),
            _ => None,
        }
    }

    /// The thread and line of the operation this problem is about, when it
    /// names one: the trace marks that thread's first event at that line.
    pub fn site(&self) -> Option<(&str, Option<u32>)> {
        match self {
            Self::WorkUnderLock { thread, at, .. } | Self::KeptSending { thread, at, .. } => {
                Some((thread, *at))
            }
            Self::OwnMessages { got: site, .. }
            | Self::NeverChangedThreads { sent: site }
            | Self::SentOnSignal { sent: site, .. }
            | Self::WaitsWhilePolling { site, .. }
            | Self::NeverFoundEmpty { site }
            | Self::OneConsumer { site }
            | Self::ReceivedOutsideSelect { site, .. } => Some((&site.thread, site.at)),
            Self::NoSelectOverAll {
                widest: Some((thread, at, _)),
                ..
            } => Some((thread, *at)),
            Self::EndedOnTimeout { thread, at, .. }
            | Self::ReceivedAfterClosed { thread, at, .. } => Some((thread, *at)),
            _ => None,
        }
    }
}
