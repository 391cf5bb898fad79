//! `std::sync`: std's own, with `mpsc` recorded, and `Mutex` (with the
//! `Condvar` that waits on its guard) recorded so that the record knows which
//! thread holds which lock while it does what.

use std::panic::Location;
use std::time::Duration;

use explore_protocol::Locked;

pub use std::sync::*;

use crate::recorder;

pub mod mpsc;

/// A mutual exclusion lock, as `std::sync::Mutex`.
pub struct Mutex<T: ?Sized> {
    /// Where it was made: the record names a lock by this line.
    made_at: &'static Location<'static>,
    /// Its index in the record, given at its first use.
    index: OnceLock<usize>,
    inner: std::sync::Mutex<T>,
}

/// The guard of a [`Mutex`]: records the release when dropped.
pub struct MutexGuard<'a, T: ?Sized + 'a> {
    lock: usize,
    /// `None` only while a [`Condvar`] waits with it.
    inner: Option<std::sync::MutexGuard<'a, T>>,
}

impl<T> Mutex<T> {
    #[track_caller]
    pub const fn new(value: T) -> Self {
        Self {
            made_at: Location::caller(),
            index: OnceLock::new(),
            inner: std::sync::Mutex::new(value),
        }
    }

    pub fn into_inner(self) -> LockResult<T> {
        self.inner.into_inner()
    }
}

fn guard<T: ?Sized>(lock: usize, inner: std::sync::MutexGuard<'_, T>) -> MutexGuard<'_, T> {
    MutexGuard {
        lock,
        inner: Some(inner),
    }
}

impl<T: ?Sized> Mutex<T> {
    fn index(&self) -> usize {
        recorder::lock_index(&self.index, self.made_at)
    }

    #[track_caller]
    pub fn lock(&self) -> LockResult<MutexGuard<'_, T>> {
        let lock = self.index();
        let (result, outcome) = match self.inner.lock() {
            Ok(inner) => (Ok(guard(lock, inner)), Locked::Ok),
            Err(poisoned) => (
                Err(PoisonError::new(guard(lock, poisoned.into_inner()))),
                Locked::Poisoned,
            ),
        };
        recorder::locked(lock, false, outcome, Location::caller());
        result
    }

    #[track_caller]
    pub fn try_lock(&self) -> TryLockResult<MutexGuard<'_, T>> {
        let lock = self.index();
        let (result, outcome) = match self.inner.try_lock() {
            Ok(inner) => (Ok(guard(lock, inner)), Locked::Ok),
            Err(TryLockError::Poisoned(poisoned)) => (
                Err(TryLockError::Poisoned(PoisonError::new(guard(
                    lock,
                    poisoned.into_inner(),
                )))),
                Locked::Poisoned,
            ),
            Err(TryLockError::WouldBlock) => (Err(TryLockError::WouldBlock), Locked::WouldBlock),
        };
        recorder::locked(lock, true, outcome, Location::caller());
        result
    }

    pub fn get_mut(&mut self) -> LockResult<&mut T> {
        self.inner.get_mut()
    }

    pub fn is_poisoned(&self) -> bool {
        self.inner.is_poisoned()
    }

    pub fn clear_poison(&self) {
        self.inner.clear_poison();
    }
}

impl<T: ?Sized> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        if self.inner.is_some() {
            // Before the release: no other thread can take it in between.
            recorder::unlocked(self.lock);
        }
    }
}

// `Default`, `From` and `{:?}` of a Mutex; `*guard`, and the guarded value
// printed: as each `std` has them.
explore_protocol::mutex_access!(Mutex, MutexGuard);

/// A condition variable over [`Mutex`], as `std::sync::Condvar`: waiting
/// releases the lock (recorded) and takes it again (recorded).
#[derive(Debug, Default)]
pub struct Condvar {
    inner: std::sync::Condvar,
}

impl Condvar {
    pub const fn new() -> Self {
        Self {
            inner: std::sync::Condvar::new(),
        }
    }

    /// Hands the std guard to `wait`, recording the release and the retake.
    #[track_caller]
    fn waiting<'a, T, R>(
        &self,
        mut held: MutexGuard<'a, T>,
        wait: impl FnOnce(std::sync::MutexGuard<'a, T>) -> (LockResult<std::sync::MutexGuard<'a, T>>, R),
    ) -> (LockResult<MutexGuard<'a, T>>, R) {
        let lock = held.lock;
        let inner = held
            .inner
            .take()
            .expect("a guard is only empty while it waits");
        recorder::unlocked(lock);
        let (result, extra) = wait(inner);
        let (result, outcome) = match result {
            Ok(inner) => (Ok(guard(lock, inner)), Locked::Ok),
            Err(poisoned) => (
                Err(PoisonError::new(guard(lock, poisoned.into_inner()))),
                Locked::Poisoned,
            ),
        };
        recorder::locked(lock, false, outcome, Location::caller());
        (result, extra)
    }

    #[track_caller]
    pub fn wait<'a, T>(&self, guard: MutexGuard<'a, T>) -> LockResult<MutexGuard<'a, T>> {
        self.waiting(guard, |inner| (self.inner.wait(inner), ())).0
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

    #[track_caller]
    pub fn wait_timeout<'a, T>(
        &self,
        guard: MutexGuard<'a, T>,
        timeout: Duration,
    ) -> LockResult<(MutexGuard<'a, T>, WaitTimeoutResult)> {
        let (result, timed_out) = self.waiting(guard, |inner| {
            match self.inner.wait_timeout(inner, timeout) {
                Ok((inner, timed_out)) => (Ok(inner), Some(timed_out)),
                Err(poisoned) => {
                    let (inner, timed_out) = poisoned.into_inner();
                    (Err(PoisonError::new(inner)), Some(timed_out))
                }
            }
        });
        let timed_out = timed_out.expect("set by every wait");
        match result {
            Ok(guard) => Ok((guard, timed_out)),
            Err(poisoned) => Err(PoisonError::new((poisoned.into_inner(), timed_out))),
        }
    }

    pub fn notify_one(&self) {
        self.inner.notify_one();
    }

    pub fn notify_all(&self) {
        self.inner.notify_all();
    }
}
