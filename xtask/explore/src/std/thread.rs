//! `std::thread` over shuttle's threads, with the same API where katas use it.
//!
//! Two differences from shuttle's own `spawn` make a kata behave as it does on
//! real threads: a panic in a spawned thread ends that thread only (`join`
//! returns it as an `Err`, as std does) instead of failing the execution, and
//! every thread tells the record its name and the line that spawned it, for
//! the deadlock report. `sleep` is a scheduling point: shuttle has no clock.

use std::fmt;
use std::panic::{AssertUnwindSafe, Location};

pub use shuttle::thread::{
    AccessError, LocalKey, Result, Scope, ScopedJoinHandle, Thread, ThreadId, current, panicking,
    park, park_timeout, scope, yield_now,
};
pub use std::thread::available_parallelism;

use crate::record::{self, Wait};

/// A scheduling point, logged: shuttle has no clock.
#[track_caller]
pub fn sleep(duration: std::time::Duration) {
    record::slept(Location::caller());
    record::pending(explore_protocol::Next::Sleep, None, Location::caller());
    shuttle::thread::sleep(duration);
}

#[track_caller]
pub fn spawn<F, T>(f: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    Builder::new().spawn_at(f, Location::caller())
}

explore_protocol::thread_builder!();

impl Builder {
    /// Never fails: shuttle's threads are not OS threads.
    #[track_caller]
    pub fn spawn<F, T>(self, f: F) -> std::io::Result<JoinHandle<T>>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        Ok(self.spawn_at(f, Location::caller()))
    }

    fn spawn_at<F, T>(self, f: F, location: &'static Location<'static>) -> JoinHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let mut builder = shuttle::thread::Builder::new();
        if let Some(name) = self.name.clone() {
            builder = builder.name(name);
        }
        if let Some(size) = self.stack_size {
            builder = builder.stack_size(size);
        }
        let name = self.name;
        let event = record::spawning(location);
        record::pending(explore_protocol::Next::Spawn, None, location);
        let inner = builder
            .spawn(move || {
                if let Some(me) = record::current_task() {
                    record::spawned(event, me);
                }
                record::started(name, record::line_of(location));
                let result = std::panic::catch_unwind(AssertUnwindSafe(f));
                record::finished();
                result
            })
            .expect("shuttle's Builder::spawn never fails");
        record::spawned(event, usize::from(inner.thread().id()));
        JoinHandle { inner }
    }
}

/// An owned permission to join on a thread, as `std::thread::JoinHandle`.
pub struct JoinHandle<T> {
    inner: shuttle::thread::JoinHandle<Result<T>>,
}

impl<T> JoinHandle<T> {
    /// Waits for the thread; its panic comes back as `Err`, as with std.
    #[track_caller]
    pub fn join(self) -> Result<T> {
        let thread = usize::from(self.inner.thread().id());
        record::pending(
            explore_protocol::Next::Join,
            Some(thread),
            Location::caller(),
        );
        let started = record::switches();
        let wait = record::wait(Wait::Join { thread }, Location::caller());
        let result = self.inner.join().and_then(|result| result);
        drop(wait);
        record::joined(thread, result.is_err(), started, Location::caller());
        result
    }

    pub fn thread(&self) -> &Thread {
        self.inner.thread()
    }
}

impl<T> fmt::Debug for JoinHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JoinHandle")
            .field("thread", self.inner.thread())
            .finish()
    }
}
