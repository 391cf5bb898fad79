//! The base: what the runner needs that knows nothing of katas or verdicts.
//! - `build`    calls cargo and rustc for kata programs and reads their diagnostics.
//! - `execute`  runs a program in its own process group, with a time limit.
//! - `parallel` the one worker pool.

pub mod build;
pub mod execute;
pub mod parallel;
