//! The kata's `std`: the real one, except `sync` and `thread`, which are
//! shuttle's (wrapped where the report needs to know who waits for what), and
//! the parts that cannot be explored, which are left out so that a program
//! using them fails to build and keeps its verdict from real threads.

pub use ::std::*;

pub mod sync;
pub mod thread;

/// Only `Duration`: shuttle has no clock, so `Instant` and `SystemTime` would
/// time the explorer rather than the program.
pub mod time {
    pub use ::std::time::Duration;
}

/// Left out: a child process would run for real, once per schedule, and
/// `exit` would end the whole search.
pub mod process {}

/// Left out: the network would be used for real, once per schedule.
pub mod net {}
