//! `std::sync::mpsc`, std's own channels, each operation recorded with the
//! line that called it.

use std::panic::Location;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub use std::sync::mpsc::{RecvError, RecvTimeoutError, SendError, TryRecvError, TrySendError};

use explore_protocol::{Op, OpResult};

use crate::recorder;

/// A channel as the record knows it: its index, and its Senders alive.
/// The rest serves runs whose waits run out early (`recorder::early_timeouts`).
struct Info {
    index: usize,
    senders: AtomicUsize,
    /// The thread that last called `recv_timeout` on it with a time-out
    /// short enough to run out early, numbered from 1 (0: none did).
    timed_by: AtomicUsize,
    /// How many `recv_timeout` calls found it empty and timed out.
    found_empty: AtomicU64,
    /// A send was held back until a time-out (once per channel).
    held: AtomicBool,
    /// Its Receiver is gone.
    receiver_gone: AtomicBool,
}

/// The longest a send is held back waiting for a time-out.
const HOLD_AT_MOST: Duration = Duration::from_secs(1);

/// On a run whose waits run out early: the first send on a channel after a
/// `recv_timeout` was called on it waits until a `recv_timeout` there has
/// found the channel empty and timed out (or the Receiver is gone, or a
/// second has passed): the sender was slow, which any thread can be. So a
/// loop that waits with `recv_timeout` meets a `Timeout` after its first
/// one, on every such run.
fn hold_back(info: &Info) {
    let waiter = info.timed_by.load(Ordering::SeqCst);
    // A thread that waits on the channel itself is never held back: it
    // would wait for its own time-out.
    if !recorder::early_timeouts()
        || waiter == 0
        || waiter == recorder::current_task() + 1
        || info.held.swap(true, Ordering::SeqCst)
    {
        return;
    }
    let seen = info.found_empty.load(Ordering::SeqCst);
    let since = Instant::now();
    while info.found_empty.load(Ordering::SeqCst) == seen
        && !info.receiver_gone.load(Ordering::SeqCst)
        && since.elapsed() < HOLD_AT_MOST
    {
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Counts a sender of the channel for as long as it lives.
struct Counted(Arc<Info>);

impl Counted {
    fn new(info: &Arc<Info>) -> Self {
        info.senders.fetch_add(1, Ordering::SeqCst);
        Self(Arc::clone(info))
    }
}

impl Clone for Counted {
    fn clone(&self) -> Self {
        Self::new(&self.0)
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        let left = self.0.senders.fetch_sub(1, Ordering::SeqCst) - 1;
        recorder::sender_dropped(self.0.index, left);
    }
}

fn logged<T, E>(
    result: Result<T, E>,
    info: &Info,
    op: Op,
    location: &Location<'_>,
    error: impl FnOnce(&E) -> OpResult,
) -> Result<T, E> {
    let outcome = result.as_ref().map_or_else(error, |_| OpResult::Ok);
    recorder::channel_op(info.index, op, outcome, location);
    result
}

fn info(capacity: Option<usize>, location: &Location<'_>) -> Arc<Info> {
    Arc::new(Info {
        index: recorder::new_channel(capacity, location),
        senders: AtomicUsize::new(0),
        timed_by: AtomicUsize::new(0),
        found_empty: AtomicU64::new(0),
        held: AtomicBool::new(false),
        receiver_gone: AtomicBool::new(false),
    })
}

#[track_caller]
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let (tx, rx) = std::sync::mpsc::channel();
    let info = info(None, Location::caller());
    let counted = Counted::new(&info);
    (Sender { inner: tx, counted }, Receiver { inner: rx, info })
}

#[track_caller]
pub fn sync_channel<T>(bound: usize) -> (SyncSender<T>, Receiver<T>) {
    let (tx, rx) = std::sync::mpsc::sync_channel(bound);
    let info = info(Some(bound), Location::caller());
    let counted = Counted::new(&info);
    (
        SyncSender { inner: tx, counted },
        Receiver { inner: rx, info },
    )
}

pub struct Sender<T> {
    inner: std::sync::mpsc::Sender<T>,
    counted: Counted,
}

impl<T> Sender<T> {
    #[track_caller]
    pub fn send(&self, t: T) -> Result<(), SendError<T>> {
        hold_back(&self.counted.0);
        let result = self.inner.send(t);
        logged(
            result,
            &self.counted.0,
            Op::Send,
            Location::caller(),
            |_| OpResult::Disconnected,
        )
    }
}

pub struct SyncSender<T> {
    inner: std::sync::mpsc::SyncSender<T>,
    counted: Counted,
}

impl<T> SyncSender<T> {
    #[track_caller]
    pub fn send(&self, t: T) -> Result<(), SendError<T>> {
        hold_back(&self.counted.0);
        let result = self.inner.send(t);
        logged(
            result,
            &self.counted.0,
            Op::Send,
            Location::caller(),
            |_| OpResult::Disconnected,
        )
    }

    #[track_caller]
    pub fn try_send(&self, t: T) -> Result<(), TrySendError<T>> {
        hold_back(&self.counted.0);
        let result = self.inner.try_send(t);
        logged(
            result,
            &self.counted.0,
            Op::TrySend,
            Location::caller(),
            |e| match e {
                TrySendError::Full(_) => OpResult::Full,
                TrySendError::Disconnected(_) => OpResult::Disconnected,
            },
        )
    }
}

pub struct Receiver<T> {
    inner: std::sync::mpsc::Receiver<T>,
    info: Arc<Info>,
}

fn timeout_result(e: &RecvTimeoutError) -> OpResult {
    match e {
        RecvTimeoutError::Timeout => OpResult::Timeout,
        RecvTimeoutError::Disconnected => OpResult::Disconnected,
    }
}

impl<T> Receiver<T> {
    #[track_caller]
    pub fn recv(&self) -> Result<T, RecvError> {
        self.recv_at(Op::Recv, Location::caller())
    }

    /// `recv`, or one step of a loop over the receiver (`Op::Iter`).
    fn recv_at(&self, op: Op, location: &Location<'_>) -> Result<T, RecvError> {
        let result = self.inner.recv();
        logged(result, &self.info, op, location, |_| OpResult::Disconnected)
    }

    #[track_caller]
    pub fn try_recv(&self) -> Result<T, TryRecvError> {
        self.try_recv_at(Op::TryRecv, Location::caller())
    }

    fn try_recv_at(&self, op: Op, location: &Location<'_>) -> Result<T, TryRecvError> {
        let result = self.inner.try_recv();
        logged(result, &self.info, op, location, |e| match e {
            TryRecvError::Empty => OpResult::Empty,
            TryRecvError::Disconnected => OpResult::Disconnected,
        })
    }

    #[track_caller]
    pub fn recv_timeout(&self, timeout: Duration) -> Result<T, RecvTimeoutError> {
        self.recv_timeout_at(timeout, Location::caller())
    }

    /// Not stable in std; here for a program that enables it anyway.
    #[track_caller]
    pub fn recv_deadline(&self, deadline: Instant) -> Result<T, RecvTimeoutError> {
        let timeout = deadline.saturating_duration_since(Instant::now());
        self.recv_timeout_at(timeout, Location::caller())
    }

    fn recv_timeout_at(
        &self,
        timeout: Duration,
        location: &Location<'_>,
    ) -> Result<T, RecvTimeoutError> {
        // A wait of no time is a poll: it never blocks, so it is recorded
        // as the `try_recv` it is (a time-out found the channel empty).
        if timeout.is_zero() {
            let result = self.inner.recv_timeout(timeout);
            return logged(result, &self.info, Op::TryRecv, location, |e| match e {
                RecvTimeoutError::Timeout => OpResult::Empty,
                RecvTimeoutError::Disconnected => OpResult::Disconnected,
            });
        }
        let result = match self.early_timeout(timeout) {
            Some(result) => result,
            None => self.inner.recv_timeout(timeout),
        };
        logged(
            result,
            &self.info,
            Op::RecvTimeout,
            location,
            timeout_result,
        )
    }

    /// On a run whose waits run out early: what is queued or the end, as
    /// std's `recv_timeout` would return at once; on an empty channel, the
    /// whole time-out waited out and `Timeout`, as when every sender is
    /// slower than the wait. `None`: wait as std's does (another run, or a
    /// time-out too long to wait out within the run's time limit).
    fn early_timeout(&self, timeout: Duration) -> Option<Result<T, RecvTimeoutError>> {
        if !recorder::early_timeouts()
            || timeout > Duration::from_millis(explore_protocol::EARLY_TIMEOUT_MAX_MS)
        {
            return None;
        }
        self.info
            .timed_by
            .store(recorder::current_task() + 1, Ordering::SeqCst);
        match self.inner.try_recv() {
            Ok(message) => Some(Ok(message)),
            Err(TryRecvError::Disconnected) => Some(Err(RecvTimeoutError::Disconnected)),
            Err(TryRecvError::Empty) => {
                self.info.found_empty.fetch_add(1, Ordering::SeqCst);
                std::thread::sleep(timeout);
                Some(Err(RecvTimeoutError::Timeout))
            }
        }
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        self.info.receiver_gone.store(true, Ordering::SeqCst);
        recorder::receiver_dropped(self.info.index);
    }
}

// `Clone` (another end counted) and `Debug`, as each `std`'s channel ends have them.
explore_protocol::channel_handles!(clone: Sender, SyncSender);
explore_protocol::channel_handles!(debug: Receiver);

// `iter`, `try_iter` and the loops over a receiver, as each `std` has them.
explore_protocol::receiver_iterators!(Receiver);
