//! Runs a built kata: its own process group, a time limit, capped output.
//!
//! INTERFACE STUB: the real implementation replaces the body of `run`.

use std::path::PathBuf;
use std::time::Duration;

/// At most this many bytes of each stream are kept; the rest is counted and dropped.
pub const OUTPUT_CAP: usize = 1 << 20;

/// What to run.
#[derive(Debug, Clone)]
pub struct RunRequest {
    pub program: PathBuf,
    pub cwd: PathBuf,
    /// Extra environment variables (the kata parameters).
    pub env: Vec<(String, String)>,
    pub timeout: Duration,
}

/// How the run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exit {
    /// Exited by itself with this code.
    Code(i32),
    /// Killed by a signal it did not get from us (e.g. SIGSEGV, SIGABRT).
    Signal(i32),
    /// Still running at the time limit; we killed its process group.
    TimedOut,
}

/// One thread of a hung program, as seen just before it was killed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadState {
    pub name: String,
    /// Sleeping in the kernel (e.g. waiting on a futex) rather than running.
    pub blocked: bool,
}

/// What a hung program was doing when the time limit hit (Linux only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HangReport {
    pub threads: Vec<ThreadState>,
    /// No thread used CPU time in the sampling window: a deadlock, not a busy loop.
    pub all_blocked: bool,
}

#[derive(Debug, Clone)]
pub struct RunOutput {
    pub exit: Exit,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub duration: Duration,
    /// Output beyond `OUTPUT_CAP` was dropped (per stream).
    pub truncated: bool,
    /// A process it started still held its output open after it ended.
    pub leaked: bool,
    pub hang: Option<HangReport>,
}

impl RunOutput {
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}

/// Runs the program to its end or its time limit.
pub fn run(request: &RunRequest) -> std::io::Result<RunOutput> {
    let start = std::time::Instant::now();
    let out = std::process::Command::new(&request.program)
        .current_dir(&request.cwd)
        .envs(request.env.iter().map(|(k, v)| (k, v)))
        .stdin(std::process::Stdio::null())
        .output()?;
    use std::os::unix::process::ExitStatusExt;
    Ok(RunOutput {
        exit: match out.status.code() {
            Some(c) => Exit::Code(c),
            None => Exit::Signal(out.status.signal().unwrap_or(0)),
        },
        stdout: out.stdout,
        stderr: out.stderr,
        duration: start.elapsed(),
        truncated: false,
        leaked: false,
        hang: None,
    })
}
