//! `std::sync::mpsc`, std's own channels, each operation recorded with the
//! line that called it.

use std::fmt;
use std::panic::Location;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub use std::sync::mpsc::{RecvError, RecvTimeoutError, SendError, TryRecvError, TrySendError};

use explore_protocol::{Op, OpResult};

use crate::recorder;

/// A channel as the record knows it: its index, and its Senders alive.
struct Info {
    index: usize,
    senders: AtomicUsize,
}

/// Counts a sender of the channel for as long as it lives.
struct Counted(Arc<Info>);

impl Counted {
    fn new(info: &Arc<Info>) -> Self {
        info.senders.fetch_add(1, Ordering::SeqCst);
        Self(Arc::clone(info))
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

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            counted: Counted::new(&self.counted.0),
        }
    }
}

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sender { .. }")
    }
}

pub struct SyncSender<T> {
    inner: std::sync::mpsc::SyncSender<T>,
    counted: Counted,
}

impl<T> SyncSender<T> {
    #[track_caller]
    pub fn send(&self, t: T) -> Result<(), SendError<T>> {
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

impl<T> Clone for SyncSender<T> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            counted: Counted::new(&self.counted.0),
        }
    }
}

impl<T> fmt::Debug for SyncSender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SyncSender { .. }")
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
        let result = self.inner.recv_timeout(timeout);
        logged(
            result,
            &self.info,
            Op::RecvTimeout,
            Location::caller(),
            timeout_result,
        )
    }

    /// Not stable in std; here for a program that enables it anyway.
    #[track_caller]
    pub fn recv_deadline(&self, deadline: Instant) -> Result<T, RecvTimeoutError> {
        let timeout = deadline.saturating_duration_since(Instant::now());
        let result = self.inner.recv_timeout(timeout);
        logged(
            result,
            &self.info,
            Op::RecvTimeout,
            Location::caller(),
            timeout_result,
        )
    }

    #[track_caller]
    pub fn iter(&self) -> Iter<'_, T> {
        Iter {
            rx: self,
            location: Location::caller(),
        }
    }

    #[track_caller]
    pub fn try_iter(&self) -> TryIter<'_, T> {
        TryIter {
            rx: self,
            location: Location::caller(),
        }
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        recorder::receiver_dropped(self.info.index);
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Receiver { .. }")
    }
}

/// `for msg in &rx` and `rx.iter()`: recorded at the line of the loop.
pub struct Iter<'a, T> {
    rx: &'a Receiver<T>,
    location: &'static Location<'static>,
}

impl<T> Iterator for Iter<'_, T> {
    type Item = T;
    fn next(&mut self) -> Option<T> {
        self.rx.recv_at(Op::Iter, self.location).ok()
    }
}

/// `rx.try_iter()`: recorded at the line that made it.
pub struct TryIter<'a, T> {
    rx: &'a Receiver<T>,
    location: &'static Location<'static>,
}

impl<T> Iterator for TryIter<'_, T> {
    type Item = T;
    fn next(&mut self) -> Option<T> {
        self.rx.try_recv_at(Op::TryIter, self.location).ok()
    }
}

/// `for msg in rx`: recorded at the line of the loop.
pub struct IntoIter<T> {
    rx: Receiver<T>,
    location: &'static Location<'static>,
}

impl<T> Iterator for IntoIter<T> {
    type Item = T;
    fn next(&mut self) -> Option<T> {
        self.rx.recv_at(Op::Iter, self.location).ok()
    }
}

impl<'a, T> IntoIterator for &'a Receiver<T> {
    type Item = T;
    type IntoIter = Iter<'a, T>;
    #[track_caller]
    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<T> IntoIterator for Receiver<T> {
    type Item = T;
    type IntoIter = IntoIter<T>;
    #[track_caller]
    fn into_iter(self) -> IntoIter<T> {
        IntoIter {
            rx: self,
            location: Location::caller(),
        }
    }
}

impl<T> fmt::Debug for Iter<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Iter { .. }")
    }
}

impl<T> fmt::Debug for TryIter<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TryIter { .. }")
    }
}

impl<T> fmt::Debug for IntoIter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IntoIter { .. }")
    }
}
