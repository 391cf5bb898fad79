//! `std`, recorded: what a kata program's channels, threads and locks did on
//! a real run, for the runner to judge as it judges the explorer's schedules.
//!
//! The runner compiles the learner's file with every `std::` path start
//! written `Std::` instead (the same length, so every line and column stays
//! where the learner put it) and this crate passed as `--extern Std=...`. Its
//! root is std's, except `sync::mpsc`, `sync::Mutex` (and `Condvar`) and
//! `thread`'s spawning and joining, which are std's own wrapped: each
//! operation is appended to the file named by `KATA_RECORD`
//! (`explore_protocol::RECORD`) as it completes, in the line format of the
//! explorer's trace. Without that variable nothing is written. With
//! `KATA_RECORD_TIMEOUTS=early` (`explore_protocol::RECORD_TIMEOUTS`, set by
//! the runner on one recorded run in two) a `recv_timeout` on an empty
//! channel waits out its time-out and returns `Timeout`, and the first send
//! after one waits for it: a run a loaded machine can give, made certain.
//!
//! The same crate is given to the program as `crossbeam_channel` too: its
//! root also has crossbeam-channel's API as the workbook's programs use it
//! (`crossbeam`: `unbounded`, `bounded`, `never`, `Sender`, `Receiver`,
//! `select!`, ...), crossbeam's own channels recorded the same way, so a
//! program's `crossbeam_channel::` paths need no rewrite either. None of
//! those names is one of std's.
//!
//! A line is written whole, by one `write` call, while the record's lock is
//! held: a run stopped at its time limit or ended by `process::exit` leaves
//! every line it wrote, and at most the one being written cut short.

pub use ::std::*;

mod crossbeam;
mod recorder;
pub mod sync;
pub mod thread;

pub use crossbeam::{
    IntoIter, Iter, Receiver, RecvError, RecvTimeoutError, Select, SelectTimeoutError,
    SelectedOperation, SendError, Sender, TryIter, TryRecvError, TrySelectError, TrySendError,
    after, bounded, never, tick, unbounded,
};
