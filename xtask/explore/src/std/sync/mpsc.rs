//! `std::sync::mpsc` over shuttle's channels, with the same API.
//!
//! Each operation that can block tells the record what it waits for, so a
//! deadlock is reported as "main waits in `recv` on the channel made at line
//! 12, which still has 1 Sender" rather than as shuttle's task numbers.
//!
//! Not modelled: time. There is no `recv_timeout` (shuttle has no clock, and a
//! `recv` that never times out would turn a program that relies on its
//! time-out into a false deadlock), so a program that uses it is not explored.

use std::fmt;
use std::panic::Location;
use std::sync::Arc;
use std::sync::atomic::Ordering;

pub use shuttle::sync::mpsc::{RecvError, RecvTimeoutError, SendError, TryRecvError, TrySendError};

use crate::record::{self, ChannelInfo, Wait};

/// Counts a sender of `channel` for as long as it lives.
struct Counted(Arc<ChannelInfo>);

impl Counted {
    fn new(channel: &Arc<ChannelInfo>) -> Self {
        channel.senders.fetch_add(1, Ordering::SeqCst);
        Self(Arc::clone(channel))
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.senders.fetch_sub(1, Ordering::SeqCst);
    }
}

fn info(capacity: Option<usize>, location: &Location<'_>) -> Arc<ChannelInfo> {
    Arc::new(ChannelInfo {
        made_at: record::line_of(location),
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
    pub fn send(&self, t: T) -> Result<(), SendError<T>> {
        self.inner.send(t)
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
    inner: shuttle::sync::mpsc::SyncSender<T>,
    counted: Counted,
}

impl<T> SyncSender<T> {
    #[track_caller]
    pub fn send(&self, t: T) -> Result<(), SendError<T>> {
        let _wait = record::wait(Wait::Send(Arc::clone(&self.counted.0)), Location::caller());
        self.inner.send(t)
    }

    pub fn try_send(&self, t: T) -> Result<(), TrySendError<T>> {
        self.inner.try_send(t)
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
    inner: shuttle::sync::mpsc::Receiver<T>,
    info: Arc<ChannelInfo>,
}

impl<T> Receiver<T> {
    #[track_caller]
    pub fn recv(&self) -> Result<T, RecvError> {
        self.recv_at(Location::caller())
    }

    fn recv_at(&self, location: &Location<'_>) -> Result<T, RecvError> {
        let _wait = record::wait(Wait::Recv(Arc::clone(&self.info)), location);
        self.inner.recv()
    }

    pub fn try_recv(&self) -> Result<T, TryRecvError> {
        self.inner.try_recv()
    }

    #[track_caller]
    pub fn iter(&self) -> Iter<'_, T> {
        Iter {
            rx: self,
            location: Location::caller(),
        }
    }

    pub fn try_iter(&self) -> TryIter<'_, T> {
        TryIter { rx: self }
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Receiver { .. }")
    }
}

/// `for msg in &rx` and `rx.iter()`: waits at the line of the loop.
pub struct Iter<'a, T> {
    rx: &'a Receiver<T>,
    location: &'static Location<'static>,
}

impl<T> Iterator for Iter<'_, T> {
    type Item = T;
    fn next(&mut self) -> Option<T> {
        self.rx.recv_at(self.location).ok()
    }
}

pub struct TryIter<'a, T> {
    rx: &'a Receiver<T>,
}

impl<T> Iterator for TryIter<'_, T> {
    type Item = T;
    fn next(&mut self) -> Option<T> {
        self.rx.try_recv().ok()
    }
}

/// `for msg in rx`: waits at the line of the loop.
pub struct IntoIter<T> {
    rx: Receiver<T>,
    location: &'static Location<'static>,
}

impl<T> Iterator for IntoIter<T> {
    type Item = T;
    fn next(&mut self) -> Option<T> {
        self.rx.recv_at(self.location).ok()
    }
}

impl<'a, T> IntoIterator for &'a Receiver<T> {
    type Item = T;
    type IntoIter = Iter<'a, T>;
    #[track_caller]
    fn into_iter(self) -> Iter<'a, T> {
        Iter {
            rx: self,
            location: Location::caller(),
        }
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
