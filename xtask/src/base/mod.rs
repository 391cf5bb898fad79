//! The base: what the runner needs that knows nothing of katas or verdicts.
//! - `build`    calls cargo and rustc for kata programs and reads their diagnostics.
//! - `failure`  what failed, as data (worded by `render::failed`).
//! - `execute`  runs a program in its own process group, with a time limit.
//! - `parallel` the one worker pool.
//! - `terminal` keys as they are pressed, and the terminal's height.
//! - `system`   processes and files where the systems differ (priority,
//!   sessions, signals, inodes).
//!
//! What differs between Linux, macOS and Windows is here, one file per
//! system with the same names (`execute/unix.rs` and `execute/windows.rs`,
//! `terminal/unix.rs` and `terminal/windows.rs`, `system/unix.rs` and
//! `system/windows.rs`); what only Linux has (the
//! grading box, the look at a hung kata's threads) is gated on it.

pub mod build;
pub mod execute;
pub mod failure;
pub mod parallel;
pub mod system;
pub mod terminal;
