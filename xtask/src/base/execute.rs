//! Runs a built kata: its own process group, a time limit, capped output.
//!
//! A kata is learner code that may deadlock, spin, flood its output or start
//! threads and processes that never end. The runner must survive all of that:
//! it always returns within the time limit plus a short grace period, keeps
//! memory bounded, and leaves nothing of the kata running behind it.
//!
//! Each system's part is in one file, with the same function names:
//! - `unix`: Linux and macOS: a process group, signals, pipes read on threads.
//! - `windows`: a Job Object holds the kata and every process it starts.
//! - `confine` (Linux): rlimits and the grading box (Landlock, seccomp, pids
//!   cgroups); `unconfined` elsewhere: rlimits on macOS, no grading box.
//! - `hang`: the look at a hung kata's threads (`/proc`, Linux only).
//! - `limits`: what a run may use (memory, CPU, processes, the grading box).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

#[cfg(target_os = "linux")]
pub mod confine;
#[cfg(not(target_os = "linux"))]
#[path = "execute/unconfined.rs"]
pub mod confine;
#[cfg(target_os = "linux")]
pub mod contain;
#[cfg(unix)]
mod hang;
mod limits;
#[cfg(unix)]
mod unix;
#[cfg(windows)]
mod windows;

#[cfg(unix)]
use unix as imp;
#[cfg(windows)]
use windows as imp;

pub use limits::{Confinement, Limit, Limits, MEMORY_CAP, MissingProtection, Sandbox};

/// Whether boxed runs of `shape` can be held in a PID namespace here.
#[cfg(target_os = "linux")]
pub fn contain_available(shape: contain::Shape) -> bool {
    contain::available(shape)
}

/// At most this many bytes of each stream are kept; the rest is read and dropped,
/// so a kata that floods its output neither blocks on a full pipe nor fills memory.
pub const OUTPUT_CAP: usize = 1 << 20;

/// What to run.
#[derive(Debug, Clone)]
pub struct RunRequest {
    pub program: PathBuf,
    pub cwd: PathBuf,
    /// Extra environment variables (the kata parameters).
    pub env: Vec<(String, String)>,
    pub timeout: Duration,
    /// Set by another thread once the run's outcome no longer matters (the
    /// schedule explorer has already found the kata deadlocking): the kata is
    /// then stopped at once instead of at its time limit (`Exit::GaveUp`).
    pub give_up: Option<Arc<AtomicBool>>,
    /// The limits and the box the program runs in.
    pub confinement: Confinement,
}

/// How often a waiting runner looks whether every thread of the kata waits
/// forever (`Exit::Stuck`): two equal looks in a row stop it, so a deadlock
/// is answered long before the kata's time limit (Linux: `/proc`).
#[cfg(target_os = "linux")]
const STUCK_CHECK: Duration = Duration::from_millis(100);

/// How often a run that may be given up looks at its flag while it waits.
const GIVE_UP_CHECK: Duration = Duration::from_millis(10);

/// How the run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exit {
    /// Exited by itself with this code.
    Code(i32),
    /// Killed by a signal it did not get from us (e.g. SIGSEGV, SIGABRT).
    Signal(i32),
    /// Still running at the time limit; we killed its process group.
    TimedOut,
    /// Still running when it was given up (`RunRequest::give_up`); we killed
    /// its process group.
    GaveUp,
    /// Stopped before its time limit because every thread was waiting with
    /// nothing left that could wake it (Linux: each one in a futex wait
    /// without a time-out, and none ran between two looks). Waiting out the
    /// limit could not change the outcome.
    Stuck,
}

impl Exit {
    /// It did not end by itself: stopped at the limit, given up, or stuck.
    pub fn stopped(&self) -> bool {
        matches!(self, Self::TimedOut | Self::GaveUp | Self::Stuck)
    }
}

/// One thread of a hung program, as seen just before it was killed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadState {
    pub name: String,
    /// Sleeping in the kernel (e.g. waiting on a futex) rather than running.
    pub blocked: bool,
    /// Blocked, but in a wait that time or the outside ends (a sleep, a
    /// wait with a time-out, input), not one for another thread.
    pub sleeping: bool,
}

/// What a hung program was doing when the time limit hit (Linux only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HangReport {
    pub threads: Vec<ThreadState>,
    /// No thread used CPU time in the sampling window, and each one waited
    /// for another thread (none for time or input): a deadlock.
    pub all_blocked: bool,
}

#[derive(Debug, Clone)]
pub struct RunOutput {
    pub exit: Exit,
    /// Raw bytes: a kata may print anything, valid UTF-8 or not.
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// Wall time from spawn to the kata's exit, or to its kill at the time limit.
    pub duration: Duration,
    /// Output beyond `OUTPUT_CAP` was dropped (per stream).
    pub truncated: bool,
    /// A process it started still held its output open after it ended.
    pub leaked: bool,
    pub hang: Option<HangReport>,
    /// A limit of `RunRequest::confinement` stopped it.
    pub limit: Option<Limit>,
    /// What it said when its box refused it something (a file outside its
    /// folder, a connection): the first such line of its stderr.
    pub refused: Option<String>,
}

impl RunOutput {
    pub fn stdout_text(&self) -> String {
        text_of(&self.stdout)
    }
    pub fn stderr_text(&self) -> String {
        text_of(&self.stderr)
    }
}

/// The bytes as text, invalid UTF-8 replaced. Valid text (nearly always) is
/// checked by the standard library's optimized `from_utf8`; the lossy
/// conversion walks it in the unoptimized runner, and a search judges
/// thousands of outputs.
fn text_of(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Runs the program to its end or its time limit.
///
/// Errors only when the program cannot be started (or the OS refuses a pipe or
/// a thread); whatever the kata does, including hanging, is an `Ok` outcome.
pub fn run(request: &RunRequest) -> std::io::Result<RunOutput> {
    imp::run(request)
}

/// Makes Ctrl-C (and SIGTERM/SIGHUP) of the runner kill the running kata too.
///
/// Needed because each kata runs in its own process group, out of reach of
/// the terminal's SIGINT. The handler kills every live kata group and exits
/// with status 130. Safe to call more than once; a no-op off Unix.
pub fn install_interrupt_handler() {
    imp::install_interrupt_handler();
}

/// The first `OUTPUT_CAP` bytes of one stream.
#[derive(Debug, Default)]
struct Capture {
    bytes: Vec<u8>,
    truncated: bool,
}

impl Capture {
    fn push(&mut self, chunk: &[u8]) {
        let room = OUTPUT_CAP.saturating_sub(self.bytes.len());
        if chunk.len() > room {
            self.truncated = true;
        }
        self.bytes
            .extend_from_slice(&chunk[..chunk.len().min(room)]);
    }
}

/// Size of one read from a pipe; the pipe itself holds 64 KiB on Linux.
const READ_CHUNK: usize = 64 * 1024;

#[cfg(all(test, unix))]
mod tests;
