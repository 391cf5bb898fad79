//! `std::sync` as shuttle models it: locks, condition variables, atomics and
//! channels whose every operation is a scheduling point. `Arc` is std's own.
//!
//! `Mutex` (and the `Condvar` that waits on its guard) is wrapped so that the
//! log knows which thread holds which lock, from which line, while it does
//! what: a worker that sends or prints while holding the queue's lock.

use std::panic::Location;
use std::sync::atomic::{AtomicBool, Ordering};

use explore_protocol::Locked;

pub use shuttle::sync::*;

use crate::record;

pub mod mpsc;

/// A mutual exclusion lock, as `std::sync::Mutex`.
pub struct Mutex<T: ?Sized> {
    /// Where it was made: the log names a lock by this line.
    made_at: &'static Location<'static>,
    /// Shuttle's `Mutex` does not tell; its guards' drops do.
    poisoned: AtomicBool,
    inner: shuttle::sync::Mutex<T>,
}

/// The guard of a [`Mutex`]: logs the release when dropped.
pub struct MutexGuard<'a, T: ?Sized + 'a> {
    lock: usize,
    poisoned: &'a AtomicBool,
    /// `None` only while a [`Condvar`] waits with it.
    inner: Option<shuttle::sync::MutexGuard<'a, T>>,
}

impl<T> Mutex<T> {
    /// `const`, as std's: a `static` lock is indexed at its first use.
    #[track_caller]
    pub const fn new(value: T) -> Self {
        Self {
            made_at: Location::caller(),
            poisoned: AtomicBool::new(false),
            inner: shuttle::sync::Mutex::new(value),
        }
    }

    pub fn into_inner(self) -> LockResult<T> {
        self.inner.into_inner()
    }
}

impl<T: ?Sized> Mutex<T> {
    /// This lock's index in the execution's log.
    fn index(&self) -> usize {
        let address = (&raw const self.inner).cast::<()>() as usize;
        record::lock_index(address, self.made_at)
    }

    #[track_caller]
    pub fn lock(&self) -> LockResult<MutexGuard<'_, T>> {
        let lock = self.index();
        record::pending(explore_protocol::Next::Lock, Some(lock), Location::caller());
        let started = record::switches();
        let (result, outcome) = match self.inner.lock() {
            Ok(guard) => (Ok(wrap(self.poisoned_flag(lock), guard)), Locked::Ok),
            Err(poisoned) => (
                Err(PoisonError::new(wrap(
                    self.poisoned_flag(lock),
                    poisoned.into_inner(),
                ))),
                Locked::Poisoned,
            ),
        };
        record::locked(lock, false, outcome, started, Location::caller());
        result
    }

    #[track_caller]
    pub fn try_lock(&self) -> TryLockResult<MutexGuard<'_, T>> {
        let lock = self.index();
        record::pending(explore_protocol::Next::Lock, Some(lock), Location::caller());
        let started = record::switches();
        let (result, outcome) = match self.inner.try_lock() {
            Ok(guard) => (Ok(wrap(self.poisoned_flag(lock), guard)), Locked::Ok),
            Err(TryLockError::Poisoned(poisoned)) => (
                Err(TryLockError::Poisoned(PoisonError::new(wrap(
                    self.poisoned_flag(lock),
                    poisoned.into_inner(),
                )))),
                Locked::Poisoned,
            ),
            Err(TryLockError::WouldBlock) => (Err(TryLockError::WouldBlock), Locked::WouldBlock),
        };
        record::locked(lock, true, outcome, started, Location::caller());
        result
    }

    pub fn get_mut(&mut self) -> LockResult<&mut T> {
        self.inner.get_mut()
    }

    pub fn is_poisoned(&self) -> bool {
        self.poisoned.load(Ordering::SeqCst)
    }

    pub fn clear_poison(&self) {
        self.poisoned.store(false, Ordering::SeqCst);
        self.inner.clear_poison();
    }

    fn poisoned_flag(&self, lock: usize) -> (usize, &AtomicBool) {
        (lock, &self.poisoned)
    }
}

fn wrap<'a, T: ?Sized>(
    (lock, poisoned): (usize, &'a AtomicBool),
    guard: shuttle::sync::MutexGuard<'a, T>,
) -> MutexGuard<'a, T> {
    MutexGuard {
        lock,
        poisoned,
        inner: Some(guard),
    }
}

impl<T: ?Sized> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        if self.inner.is_some() {
            if std::thread::panicking() {
                self.poisoned.store(true, Ordering::SeqCst);
            }
            // Before the release, which is a scheduling point.
            record::unlocked(self.lock);
        }
    }
}

// `Default`, `From` and `{:?}` of a Mutex; `*guard`, and the guarded value
// printed: as each `std` has them.
explore_protocol::mutex_access!(Mutex, MutexGuard);

/// A condition variable over [`Mutex`], as `std::sync::Condvar`: waiting
/// releases the lock (logged) and takes it again (logged). No
/// `wait_timeout`: shuttle has no clock (see `mpsc`'s `recv_timeout`).
#[derive(Debug, Default)]
pub struct Condvar {
    inner: shuttle::sync::Condvar,
}

impl Condvar {
    pub const fn new() -> Self {
        Self {
            inner: shuttle::sync::Condvar::new(),
        }
    }

    #[track_caller]
    pub fn wait<'a, T>(&self, mut guard: MutexGuard<'a, T>) -> LockResult<MutexGuard<'a, T>> {
        let lock = guard.lock;
        let flag = (lock, guard.poisoned);
        let inner = guard
            .inner
            .take()
            .expect("a guard is only empty while it waits");
        record::unlocked(lock);
        let started = record::switches();
        let (result, outcome) = match self.inner.wait(inner) {
            Ok(inner) => (Ok(wrap(flag, inner)), Locked::Ok),
            Err(poisoned) => (
                Err(PoisonError::new(wrap(flag, poisoned.into_inner()))),
                Locked::Poisoned,
            ),
        };
        record::locked(lock, false, outcome, started, Location::caller());
        result
    }

    #[track_caller]
    pub fn wait_while<'a, T, F>(
        &self,
        mut guard: MutexGuard<'a, T>,
        mut condition: F,
    ) -> LockResult<MutexGuard<'a, T>>
    where
        F: FnMut(&mut T) -> bool,
    {
        while condition(&mut *guard) {
            guard = self.wait(guard)?;
        }
        Ok(guard)
    }

    pub fn notify_one(&self) {
        self.inner.notify_one();
    }

    pub fn notify_all(&self) {
        self.inner.notify_all();
    }
}
