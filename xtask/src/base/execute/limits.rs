//! What a run may use: the caps of every run of learner code and the box of
//! graded code, apart from how a run is started and stopped.

use std::path::PathBuf;
use std::time::Duration;

/// What a run may use: resource limits (every run of learner code) and, for
/// code the runner's user did not write (grading), a box of files and network.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Confinement {
    pub limits: Limits,
    pub sandbox: Option<Sandbox>,
}

/// Caps for one run; `None` leaves the runner's own limit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of data memory (`RLIMIT_DATA`: heap, stacks, private mappings).
    pub memory: Option<u64>,
    /// CPU time, all threads together.
    pub cpu: Option<Duration>,
    /// Processes and threads it may start beyond those the user already runs.
    pub processes: Option<u64>,
    /// Size of any one file it writes.
    pub file_size: Option<u64>,
}

/// The box of a run: it reads the system's libraries, its own program and
/// `read`; it writes only in a fresh scratch folder (its working directory,
/// removed afterwards) and `write`; no TCP, no signals outside its own
/// processes (Landlock, Linux).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sandbox {
    pub read: Vec<PathBuf>,
    pub write: Vec<PathBuf>,
}

/// A protection of the grading box that does not hold on this machine, and
/// why (`confine::missing_protections`); worded in `render::grade_progress`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingProtection {
    /// Files: the kernel has no Landlock at all.
    NoLandlock,
    /// Network: the kernel has no seccomp filters, so sockets can be opened.
    NoSeccomp,
    /// Network: Landlock below ABI 4 (Linux 6.7) cannot refuse TCP.
    NoTcpRules { abi: i64 },
    /// Signals: Landlock below ABI 6 (Linux 6.12) cannot scope signals.
    NoSignalScope { abi: i64 },
    /// Processes: grading as root, where `RLIMIT_NPROC` does not bind, and
    /// no pids cgroup can be made.
    RootWithoutPidsCgroup,
    /// Processes: no PID namespace can be made for a student's grading.
    NoPidNamespace,
    /// Processes: no user namespace per student, so students graded at once
    /// share the account's process cap.
    SharedProcessCap,
    /// `/proc`: no `/proc` of its own can be mounted for a student's grading.
    NoOwnProc,
    /// Everything: the grading box is Linux's, and this is `os`.
    NoBox { os: &'static str },
}

/// One memory gibibyte: the cap of a kata's data memory.
pub const MEMORY_CAP: u64 = 1 << 30;

impl Confinement {
    /// The learner's own runs: memory, processes and file sizes capped, so a
    /// runaway kata cannot freeze the machine; files and network are theirs.
    pub fn learner() -> Self {
        Self {
            limits: Limits {
                memory: Some(MEMORY_CAP),
                cpu: None,
                processes: Some(512),
                file_size: Some(64 << 20),
            },
            sandbox: None,
        }
    }

    /// Graded student code: the learner's caps, CPU time capped too, and the box.
    pub fn graded() -> Self {
        let mut limits = Self::learner().limits;
        limits.cpu = Some(Duration::from_secs(120));
        Self {
            limits,
            sandbox: Some(Sandbox::default()),
        }
    }
}

/// A limit that stopped a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Memory,
    Cpu,
    Processes,
    FileSize,
}
