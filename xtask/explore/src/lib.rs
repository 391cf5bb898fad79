//! Runs a kata program under many thread schedules instead of the one the OS
//! happens to pick.
//!
//! The learner's file stays plain std code. The runner (`xtask/src/core/explore/`)
//! copies it into a generated file in which every path that starts with `std`
//! starts with `explore::std` instead, and compiles it against this crate
//! (built as a shared library). That `std` is the real one except for `sync` and
//! `thread`, which are shuttle's: every channel operation, lock and spawn is a
//! point where shuttle picks which thread runs next. One execution per seed,
//! each seed a different schedule, and each one reported to the runner, which
//! judges its output with the kata's own check.
//!
//! The generated file looks like this (`first_line` is where the kata starts):
//!
//! ```text
//! #[allow(warnings)] mod program {
//! <the kata, with std:: rewritten>
//! use ::explore::{print, println, eprint, eprintln, thread_local};
//! pub(crate) fn __explore_entry() -> Option<String> { ::explore::MainResult::error(main()) }
//! }
//! fn main() -> std::process::ExitCode { ::explore::explore(program::__explore_entry, Source {..}) }
//! ```
//!
//! What shuttle cannot do, and so what is not explored: time (`sleep` is only a
//! scheduling point; `recv_timeout` and `Instant` are left out),
//! `OnceLock`/`LazyLock`, child processes and the network (left out, so such
//! a program does not build and keeps its verdict from real threads), and code
//! that blocks outside `std::sync`/`std::thread` (reading stdin, say).

mod bounded;
mod choice;
mod explore;
mod record;
pub mod std;

pub use explore::explore;
pub use record::Source;

/// What the kata's `main` returned, as the process would report it.
pub trait MainResult {
    /// `Some(message)` where the real program would exit with an error.
    fn error(self) -> Option<String>;
}

impl MainResult for () {
    fn error(self) -> Option<String> {
        None
    }
}

impl<E: ::std::fmt::Debug> MainResult for Result<(), E> {
    fn error(self) -> Option<String> {
        self.err().map(|e| format!("{e:?}"))
    }
}

/// `#[track_caller]`: the log names the line of the learner's `println!`.
#[doc(hidden)]
#[track_caller]
pub fn __print(args: ::std::fmt::Arguments<'_>) {
    record::print(&args.to_string(), ::std::panic::Location::caller());
}

/// Output to stderr is not part of any check; a kata's debugging prints are
/// dropped rather than repeated once per schedule.
#[doc(hidden)]
pub fn __eprint(_args: ::std::fmt::Arguments<'_>) {}

#[doc(hidden)]
pub use shuttle as __shuttle;

#[doc(hidden)]
#[macro_export]
macro_rules! __print {
    ($($arg:tt)*) => { $crate::__print(::std::format_args!($($arg)*)) };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __println {
    () => { $crate::__print(::std::format_args!("\n")) };
    ($($arg:tt)*) => { $crate::__print(::std::format_args!("{}\n", ::std::format_args!($($arg)*))) };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __eprint {
    ($($arg:tt)*) => { $crate::__eprint(::std::format_args!($($arg)*)) };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __eprintln {
    () => { $crate::__eprint(::std::format_args!("\n")) };
    ($($arg:tt)*) => { $crate::__eprint(::std::format_args!($($arg)*)) };
}

/// Thread-locals per shuttle thread: std's would be shared by all of them,
/// since shuttle runs every thread on one OS thread.
#[doc(hidden)]
#[macro_export]
macro_rules! __thread_local {
    ($($t:tt)*) => { $crate::__shuttle::thread_local!($($t)*); };
}

pub use __eprint as eprint;
pub use __eprintln as eprintln;
pub use __print as print;
pub use __println as println;
pub use __thread_local as thread_local;

#[cfg(test)]
mod tests;
