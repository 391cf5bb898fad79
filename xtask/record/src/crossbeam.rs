//! `crossbeam_channel`, recorded: crossbeam's own channels, each operation
//! appended to the run's record as std's are, and `select!` (and `Select`)
//! recording which channels it waited on and which arm went ahead.
//!
//! The items are re-exported at this crate's root (and `select!` is
//! exported there), because a recorded program is also given this crate as
//! `--extern crossbeam_channel=...`: its `crossbeam_channel::` paths lead
//! here, with no rewrite of the file. std's root has none of these names.
//! Only what the workbook's programs use is here; a program using more of
//! crossbeam does not compile against it, and the runner says that its
//! channels were not recorded, and why.

use std::fmt;
use std::panic::Location;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub use crossbeam_channel::{
    RecvError, RecvTimeoutError, SelectTimeoutError, SendError, TryRecvError, TrySelectError,
    TrySendError,
};

use explore_protocol::{Op, OpResult};

use crate::recorder;

/// A channel as the record knows it: its index (`usize::MAX`: not recorded,
/// as `never()`), and its Senders and Receivers alive.
struct Info {
    index: usize,
    senders: AtomicUsize,
    receivers: AtomicUsize,
}

/// Counts a Sender (or Receiver) of the channel for as long as it lives.
struct Counted {
    info: Arc<Info>,
    sender: bool,
}

impl Counted {
    fn new(info: &Arc<Info>, sender: bool) -> Self {
        let count = if sender {
            &info.senders
        } else {
            &info.receivers
        };
        count.fetch_add(1, Ordering::SeqCst);
        Self {
            info: Arc::clone(info),
            sender,
        }
    }

    fn index(&self) -> usize {
        self.info.index
    }
}

impl Clone for Counted {
    fn clone(&self) -> Self {
        Self::new(&self.info, self.sender)
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        if self.sender {
            let left = self.info.senders.fetch_sub(1, Ordering::SeqCst) - 1;
            recorder::sender_dropped(self.info.index, left);
        } else if self.info.receivers.fetch_sub(1, Ordering::SeqCst) == 1 {
            recorder::receiver_dropped(self.info.index);
        }
    }
}

fn info(index: usize) -> Arc<Info> {
    Arc::new(Info {
        index,
        senders: AtomicUsize::new(0),
        receivers: AtomicUsize::new(0),
    })
}

fn logged<T, E>(
    result: Result<T, E>,
    index: usize,
    op: Op,
    location: &Location<'_>,
    error: impl FnOnce(&E) -> OpResult,
) -> Result<T, E> {
    let outcome = result.as_ref().map_or_else(error, |_| OpResult::Ok);
    recorder::channel_op(index, op, outcome, location);
    result
}

fn pair<T>(
    (tx, rx): (crossbeam_channel::Sender<T>, crossbeam_channel::Receiver<T>),
    capacity: Option<usize>,
    location: &Location<'_>,
) -> (Sender<T>, Receiver<T>) {
    let info = info(recorder::new_channel(capacity, location));
    (
        Sender {
            inner: tx,
            counted: Counted::new(&info, true),
        },
        Receiver {
            inner: rx,
            counted: Counted::new(&info, false),
        },
    )
}

#[track_caller]
pub fn unbounded<T>() -> (Sender<T>, Receiver<T>) {
    pair(crossbeam_channel::unbounded(), None, Location::caller())
}

#[track_caller]
pub fn bounded<T>(cap: usize) -> (Sender<T>, Receiver<T>) {
    pair(
        crossbeam_channel::bounded(cap),
        Some(cap),
        Location::caller(),
    )
}

/// A Receiver that is never ready: no channel of the record.
pub fn never<T>() -> Receiver<T> {
    Receiver::unrecorded(crossbeam_channel::never())
}

/// A Receiver of one message after `duration`: a timer, no channel of the record.
pub fn after(duration: Duration) -> Receiver<Instant> {
    Receiver::unrecorded(crossbeam_channel::after(duration))
}

/// A Receiver of a message every `duration`: a timer, no channel of the record.
pub fn tick(duration: Duration) -> Receiver<Instant> {
    Receiver::unrecorded(crossbeam_channel::tick(duration))
}

pub struct Sender<T> {
    inner: crossbeam_channel::Sender<T>,
    counted: Counted,
}

impl<T> Sender<T> {
    #[track_caller]
    pub fn send(&self, msg: T) -> Result<(), SendError<T>> {
        let result = self.inner.send(msg);
        logged(
            result,
            self.counted.index(),
            Op::Send,
            Location::caller(),
            |_| OpResult::Disconnected,
        )
    }

    #[track_caller]
    pub fn try_send(&self, msg: T) -> Result<(), TrySendError<T>> {
        let result = self.inner.try_send(msg);
        logged(
            result,
            self.counted.index(),
            Op::TrySend,
            Location::caller(),
            |e| match e {
                TrySendError::Full(_) => OpResult::Full,
                TrySendError::Disconnected(_) => OpResult::Disconnected,
            },
        )
    }

    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    pub fn is_full(&self) -> bool {
        self.inner.is_full()
    }

    pub fn len(&self) -> usize {
        self.inner.len()
    }

    pub fn capacity(&self) -> Option<usize> {
        self.inner.capacity()
    }
}

pub struct Receiver<T> {
    inner: crossbeam_channel::Receiver<T>,
    counted: Counted,
}

fn timeout_result(e: &RecvTimeoutError) -> OpResult {
    match e {
        RecvTimeoutError::Timeout => OpResult::Timeout,
        RecvTimeoutError::Disconnected => OpResult::Disconnected,
    }
}

impl<T> Receiver<T> {
    fn unrecorded(inner: crossbeam_channel::Receiver<T>) -> Self {
        Self {
            inner,
            counted: Counted::new(&info(usize::MAX), false),
        }
    }

    #[track_caller]
    pub fn recv(&self) -> Result<T, RecvError> {
        self.recv_at(Op::Recv, Location::caller())
    }

    /// `recv`, or one step of a loop over the receiver (`Op::Iter`).
    fn recv_at(&self, op: Op, location: &Location<'_>) -> Result<T, RecvError> {
        let result = self.inner.recv();
        logged(result, self.counted.index(), op, location, |_| {
            OpResult::Disconnected
        })
    }

    #[track_caller]
    pub fn try_recv(&self) -> Result<T, TryRecvError> {
        self.try_recv_at(Op::TryRecv, Location::caller())
    }

    fn try_recv_at(&self, op: Op, location: &Location<'_>) -> Result<T, TryRecvError> {
        let result = self.inner.try_recv();
        logged(result, self.counted.index(), op, location, |e| match e {
            TryRecvError::Empty => OpResult::Empty,
            TryRecvError::Disconnected => OpResult::Disconnected,
        })
    }

    #[track_caller]
    pub fn recv_timeout(&self, timeout: Duration) -> Result<T, RecvTimeoutError> {
        let result = self.inner.recv_timeout(timeout);
        logged(
            result,
            self.counted.index(),
            Op::RecvTimeout,
            Location::caller(),
            timeout_result,
        )
    }

    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    pub fn is_full(&self) -> bool {
        self.inner.is_full()
    }

    pub fn len(&self) -> usize {
        self.inner.len()
    }

    pub fn capacity(&self) -> Option<usize> {
        self.inner.capacity()
    }
}

// `Clone` (another end counted) and `Debug`, as each `std`'s channel ends have them.
explore_protocol::channel_handles!(clone: Sender, Receiver);

// `iter`, `try_iter` and the loops over a receiver, as each `std` has them.
explore_protocol::receiver_iterators!(Receiver);

/// crossbeam's `Select`, remembering which recorded channel each operation
/// waits on; `select!` expands to it too.
pub struct Select<'a> {
    inner: crossbeam_channel::Select<'a>,
    /// Per operation index: its recorded channel (`None`: removed, or a
    /// channel the record does not know, as `never()`).
    ops: Vec<Option<usize>>,
}

/// The operation a [`Select`] chose, to be completed with its channel.
pub struct SelectedOperation<'a> {
    inner: crossbeam_channel::SelectedOperation<'a>,
    /// The recorded channels the selection waited on, in order.
    channels: Vec<usize>,
}

impl<'a> Select<'a> {
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            inner: crossbeam_channel::Select::new(),
            ops: Vec::new(),
        }
    }

    fn add(&mut self, index: usize, channel: usize) -> usize {
        if self.ops.len() <= index {
            self.ops.resize(index + 1, None);
        }
        self.ops[index] = (channel != usize::MAX).then_some(channel);
        index
    }

    pub fn recv<T>(&mut self, r: &'a Receiver<T>) -> usize {
        let index = self.inner.recv(&r.inner);
        self.add(index, r.counted.index())
    }

    pub fn send<T>(&mut self, s: &'a Sender<T>) -> usize {
        let index = self.inner.send(&s.inner);
        self.add(index, s.counted.index())
    }

    pub fn remove(&mut self, index: usize) {
        self.inner.remove(index);
        if let Some(op) = self.ops.get_mut(index) {
            *op = None;
        }
    }

    fn chosen(&self, inner: crossbeam_channel::SelectedOperation<'a>) -> SelectedOperation<'a> {
        let mut channels = Vec::new();
        for &channel in self.ops.iter().flatten() {
            if !channels.contains(&channel) {
                channels.push(channel);
            }
        }
        SelectedOperation { inner, channels }
    }

    /// Waits until an operation can go ahead.
    pub fn select(&mut self) -> SelectedOperation<'a> {
        let inner = self.inner.select();
        self.chosen(inner)
    }

    pub fn try_select(&mut self) -> Result<SelectedOperation<'a>, TrySelectError> {
        let inner = self.inner.try_select()?;
        Ok(self.chosen(inner))
    }

    pub fn select_timeout(
        &mut self,
        timeout: Duration,
    ) -> Result<SelectedOperation<'a>, SelectTimeoutError> {
        let inner = self.inner.select_timeout(timeout)?;
        Ok(self.chosen(inner))
    }
}

impl SelectedOperation<'_> {
    pub fn index(&self) -> usize {
        self.inner.index()
    }

    #[track_caller]
    pub fn recv<T>(self, r: &Receiver<T>) -> Result<T, RecvError> {
        let location = Location::caller();
        recorder::selected(&self.channels, location);
        let result = self.inner.recv(&r.inner);
        logged(result, r.counted.index(), Op::SelectRecv, location, |_| {
            OpResult::Disconnected
        })
    }

    #[track_caller]
    pub fn send<T>(self, s: &Sender<T>, msg: T) -> Result<(), SendError<T>> {
        let location = Location::caller();
        recorder::selected(&self.channels, location);
        let result = self.inner.send(&s.inner, msg);
        logged(result, s.counted.index(), Op::SelectSend, location, |_| {
            OpResult::Disconnected
        })
    }
}

/// Waits on several channel operations and runs the arm of the first that
/// can go ahead, as crossbeam's `select!`: `recv(r) -> msg => body`,
/// `send(s, value) -> res => body`, and at most one `default => body` or
/// `default(timeout) => body`. Each arm's channel expression is evaluated
/// once, its value only if its arm fires, and the body runs after the
/// channels are let go (it may replace a receiver with `never()`).
#[macro_export]
macro_rules! select {
    ($($tokens:tt)*) => {
        $crate::__select_arms!(() () $($tokens)*)
    };
}

/// Parses `select!`'s arms one at a time into
/// `(kind type slot handle index channel value pattern body)` entries; `slot`,
/// `handle` and `index` are fresh names per arm (each step's own hygiene).
#[doc(hidden)]
#[macro_export]
macro_rules! __select_arms {
    // The end.
    (($($arms:tt)*) ($($default:tt)*)) => {
        $crate::__select_run!(($($arms)*) ($($default)*))
    };
    // The comma after an arm whose body is a block.
    ($arms:tt $default:tt , $($rest:tt)*) => {
        $crate::__select_arms!($arms $default $($rest)*)
    };
    // recv(r) -> pat => { block }
    (($($arms:tt)*) $default:tt recv($r:expr $(,)?) -> $res:pat => $body:block $($rest:tt)*) => {
        $crate::__select_arms!(($($arms)* (recv Receiver slot handle index ($r) () ($res) ($body))) $default $($rest)*)
    };
    // recv(r) -> pat => expr, ...
    (($($arms:tt)*) $default:tt recv($r:expr $(,)?) -> $res:pat => $body:expr, $($rest:tt)*) => {
        $crate::__select_arms!(($($arms)* (recv Receiver slot handle index ($r) () ($res) ($body))) $default $($rest)*)
    };
    // recv(r) -> pat => expr (the last arm)
    (($($arms:tt)*) $default:tt recv($r:expr $(,)?) -> $res:pat => $body:expr) => {
        $crate::__select_arms!(($($arms)* (recv Receiver slot handle index ($r) () ($res) ($body))) $default)
    };
    // send(s, v) -> pat => { block }
    (($($arms:tt)*) $default:tt send($s:expr, $v:expr $(,)?) -> $res:pat => $body:block $($rest:tt)*) => {
        $crate::__select_arms!(($($arms)* (send Sender slot handle index ($s) ($v) ($res) ($body))) $default $($rest)*)
    };
    (($($arms:tt)*) $default:tt send($s:expr, $v:expr $(,)?) -> $res:pat => $body:expr, $($rest:tt)*) => {
        $crate::__select_arms!(($($arms)* (send Sender slot handle index ($s) ($v) ($res) ($body))) $default $($rest)*)
    };
    (($($arms:tt)*) $default:tt send($s:expr, $v:expr $(,)?) -> $res:pat => $body:expr) => {
        $crate::__select_arms!(($($arms)* (send Sender slot handle index ($s) ($v) ($res) ($body))) $default)
    };
    // default [(timeout)] => body
    ($arms:tt () default $(($timeout:expr $(,)?))? => $body:block $($rest:tt)*) => {
        $crate::__select_arms!($arms (($($timeout)?) ($body)) $($rest)*)
    };
    ($arms:tt () default $(($timeout:expr $(,)?))? => $body:expr, $($rest:tt)*) => {
        $crate::__select_arms!($arms (($($timeout)?) ($body)) $($rest)*)
    };
    ($arms:tt () default $(($timeout:expr $(,)?))? => $body:expr) => {
        $crate::__select_arms!($arms (($($timeout)?) ($body)))
    };
    ($arms:tt $default:tt $($rest:tt)+) => {
        ::std::compile_error!(
            "this `select!` arm is not one the recording crossbeam knows: \
             `recv(r) -> msg => ...`, `send(s, v) -> res => ...`, `default => ...`"
        )
    };
}

/// Runs the parsed arms: the choice first, in a block of its own that
/// borrows the channels, then the chosen arm's body.
#[doc(hidden)]
#[macro_export]
macro_rules! __select_run {
    (($(($kind:ident $ty:ident $slot:ident $handle:ident $index:ident ($ch:expr) ($($v:expr)?) ($res:pat) ($body:expr)))*) ($(($($timeout:expr)?) ($default:expr))?)) => {{
        $( let mut $slot = ::std::option::Option::None; )*
        {
            let mut __select = $crate::Select::new();
            $(
                // `r` or `&r`, as crossbeam takes either.
                let $handle: &$crate::$ty<_> = &$ch;
                let $index = __select.$kind($handle);
            )*
            if let ::std::option::Option::Some(__oper) =
                $crate::__select_how!(__select $(($($timeout)?) ($default))?)
            {
                let __i = __oper.index();
                $(
                    if __i == $index {
                        $slot = ::std::option::Option::Some(__oper.$kind($handle $(, $v)?));
                    } else
                )*
                {
                    ::std::unreachable!("select! chose no arm")
                }
            }
        }
        $(
            if let ::std::option::Option::Some($res) = $slot {
                $body
            } else
        )*
        {
            $crate::__select_default!($(($default))?)
        }
    }};
}

#[doc(hidden)]
#[macro_export]
macro_rules! __select_how {
    ($select:ident) => {
        ::std::option::Option::Some($select.select())
    };
    ($select:ident () ($default:expr)) => {
        $select.try_select().ok()
    };
    ($select:ident ($timeout:expr) ($default:expr)) => {
        $select.select_timeout($timeout).ok()
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __select_default {
    () => {
        ::std::unreachable!("select! chose no arm")
    };
    (($default:expr)) => {
        $default
    };
}

impl fmt::Debug for Select<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Select { .. }")
    }
}

impl fmt::Debug for SelectedOperation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SelectedOperation { .. }")
    }
}
