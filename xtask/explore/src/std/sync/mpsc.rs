//! `std::sync::mpsc` over shuttle's channels, with the same API.
//!
//! Each operation that can block tells the record what it waits for, so a
//! deadlock is reported as "main waits in `recv` on the channel made at line
//! 12, which still has 1 Sender" rather than as shuttle's task numbers.
//!
//! Every operation is also logged (see `record`), with the line that called it.
//!
//! Not modelled: time. There is no `recv_timeout` (shuttle has no clock, and a
//! `recv` that never times out would turn a program that relies on its
//! time-out into a false deadlock), so a program that uses it is not explored.

use std::panic::Location;
use std::sync::Arc;
use std::sync::atomic::Ordering;

pub use shuttle::sync::mpsc::{RecvError, RecvTimeoutError, SendError, TryRecvError, TrySendError};

use explore_protocol::{Next, Op, OpResult};

use crate::record::{self, ChannelInfo, Wait};

/// Logs a channel operation that shuttle has just completed.
fn logged<T, E>(
    result: Result<T, E>,
    channel: &ChannelInfo,
    op: Op,
    started: usize,
    location: &Location<'_>,
    error: impl FnOnce(&E) -> OpResult,
) -> Result<T, E> {
    let outcome = result.as_ref().map_or_else(error, |_| OpResult::Ok);
    record::channel_op(channel.index, op, outcome, started, location);
    result
}

/// Counts a sender of `channel` for as long as it lives.
struct Counted(Arc<ChannelInfo>);

impl Counted {
    fn new(channel: &Arc<ChannelInfo>) -> Self {
        channel.senders.fetch_add(1, Ordering::SeqCst);
        Self(Arc::clone(channel))
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
        record::sender_dropped(self.0.index, left);
    }
}

fn info(capacity: Option<usize>, location: &Location<'_>) -> Arc<ChannelInfo> {
    let made_at = record::line_of(location);
    Arc::new(ChannelInfo {
        index: record::new_channel(capacity, made_at),
        made_at,
        capacity,
        senders: Default::default(),
    })
}

#[track_caller]
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let (tx, rx) = shuttle::sync::mpsc::channel();
    let info = info(None, Location::caller());
    let sender = Sender {
        inner: tx,
        counted: Counted::new(&info),
    };
    (sender, Receiver { inner: rx, info })
}

#[track_caller]
pub fn sync_channel<T>(bound: usize) -> (SyncSender<T>, Receiver<T>) {
    let (tx, rx) = shuttle::sync::mpsc::sync_channel(bound);
    let info = info(Some(bound), Location::caller());
    let sender = SyncSender {
        inner: tx,
        counted: Counted::new(&info),
    };
    (sender, Receiver { inner: rx, info })
}

pub struct Sender<T> {
    inner: shuttle::sync::mpsc::Sender<T>,
    counted: Counted,
}

impl<T> Sender<T> {
    /// Never blocks: the channel is unbounded.
    #[track_caller]
    pub fn send(&self, t: T) -> Result<(), SendError<T>> {
        let index = Some(self.counted.0.index);
        record::pending(Next::Channel(Op::Send), index, Location::caller());
        let started = record::switches();
        let result = self.inner.send(t);
        logged(
            result,
            &self.counted.0,
            Op::Send,
            started,
            Location::caller(),
            |_| OpResult::Disconnected,
        )
    }
}

pub struct SyncSender<T> {
    inner: shuttle::sync::mpsc::SyncSender<T>,
    counted: Counted,
}

impl<T> SyncSender<T> {
    #[track_caller]
    pub fn send(&self, t: T) -> Result<(), SendError<T>> {
        let channel = &self.counted.0;
        record::pending(
            Next::Channel(Op::Send),
            Some(channel.index),
            Location::caller(),
        );
        let started = record::switches();
        let wait = record::wait(Wait::Send(Arc::clone(channel)), Location::caller());
        let result = self.inner.send(t);
        drop(wait);
        logged(
            result,
            channel,
            Op::Send,
            started,
            Location::caller(),
            |_| OpResult::Disconnected,
        )
    }

    #[track_caller]
    pub fn try_send(&self, t: T) -> Result<(), TrySendError<T>> {
        let index = Some(self.counted.0.index);
        record::pending(Next::Channel(Op::TrySend), index, Location::caller());
        let started = record::switches();
        let result = self.inner.try_send(t);
        logged(
            result,
            &self.counted.0,
            Op::TrySend,
            started,
            Location::caller(),
            |e| match e {
                TrySendError::Full(_) => OpResult::Full,
                TrySendError::Disconnected(_) => OpResult::Disconnected,
            },
        )
    }
}

pub struct Receiver<T> {
    inner: shuttle::sync::mpsc::Receiver<T>,
    info: Arc<ChannelInfo>,
}

impl<T> Receiver<T> {
    #[track_caller]
    pub fn recv(&self) -> Result<T, RecvError> {
        self.recv_at(Op::Recv, Location::caller())
    }

    /// `recv`, or one step of a loop over the receiver (`Op::Iter`).
    fn recv_at(&self, op: Op, location: &Location<'_>) -> Result<T, RecvError> {
        record::pending(Next::Channel(op), Some(self.info.index), location);
        let started = record::switches();
        let wait = record::wait(Wait::Recv(Arc::clone(&self.info)), location);
        let result = self.inner.recv();
        drop(wait);
        logged(result, &self.info, op, started, location, |_| {
            OpResult::Disconnected
        })
    }

    #[track_caller]
    pub fn try_recv(&self) -> Result<T, TryRecvError> {
        self.try_recv_at(Op::TryRecv, Location::caller())
    }

    fn try_recv_at(&self, op: Op, location: &Location<'_>) -> Result<T, TryRecvError> {
        record::pending(Next::Channel(op), Some(self.info.index), location);
        let started = record::switches();
        let result = self.inner.try_recv();
        logged(result, &self.info, op, started, location, |e| match e {
            TryRecvError::Empty => OpResult::Empty,
            TryRecvError::Disconnected => OpResult::Disconnected,
        })
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        record::receiver_dropped(self.info.index);
    }
}

// `Clone` (another end counted) and `Debug`, as each `std`'s channel ends have them.
explore_protocol::channel_handles!(clone: Sender, SyncSender);
explore_protocol::channel_handles!(debug: Receiver);

// `iter`, `try_iter` and the loops over a receiver, as each `std` has them.
explore_protocol::receiver_iterators!(Receiver);
