//! `std::thread`, std's own threads: spawning, joining and sleeping
//! recorded, each thread numbered and named as the explorer names it.

use std::fmt;
use std::panic::{AssertUnwindSafe, Location};
use std::time::Duration;

pub use std::thread::{
    AccessError, LocalKey, Result, Scope, ScopedJoinHandle, Thread, ThreadId,
    available_parallelism, current, panicking, park, park_timeout, scope, yield_now,
};

use crate::recorder;

#[track_caller]
pub fn sleep(duration: Duration) {
    recorder::slept(Location::caller());
    std::thread::sleep(duration);
}

#[track_caller]
pub fn spawn<F, T>(f: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    Builder::new()
        .spawn_at(f, Location::caller())
        .expect("failed to spawn thread")
}

explore_protocol::thread_builder!();

impl Builder {
    #[track_caller]
    pub fn spawn<F, T>(self, f: F) -> std::io::Result<JoinHandle<T>>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        self.spawn_at(f, Location::caller())
    }

    fn spawn_at<F, T>(
        self,
        f: F,
        location: &'static Location<'static>,
    ) -> std::io::Result<JoinHandle<T>>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let mut builder = std::thread::Builder::new();
        if let Some(name) = self.name.clone() {
            builder = builder.name(name);
        }
        if let Some(size) = self.stack_size {
            builder = builder.stack_size(size);
        }
        let task = recorder::new_task();
        recorder::spawned(task, location);
        let name = self.name;
        let inner = builder.spawn(move || {
            recorder::started(task, name, recorder::line_of(location));
            // Caught only to be recorded, then passed on as std would.
            let result = std::panic::catch_unwind(AssertUnwindSafe(f));
            if result.is_err() {
                recorder::panicked();
            }
            recorder::finished();
            result.unwrap_or_else(|payload| std::panic::resume_unwind(payload))
        })?;
        Ok(JoinHandle { inner, task })
    }
}

/// An owned permission to join on a thread, as `std::thread::JoinHandle`.
pub struct JoinHandle<T> {
    inner: std::thread::JoinHandle<T>,
    task: usize,
}

impl<T> JoinHandle<T> {
    #[track_caller]
    pub fn join(self) -> Result<T> {
        let result = self.inner.join();
        recorder::joined(self.task, result.is_err(), Location::caller());
        result
    }

    pub fn thread(&self) -> &Thread {
        self.inner.thread()
    }

    pub fn is_finished(&self) -> bool {
        self.inner.is_finished()
    }
}

impl<T> fmt::Debug for JoinHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JoinHandle")
            .field("thread", self.inner.thread())
            .finish()
    }
}
