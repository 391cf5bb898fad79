//! `confine` off Linux, with the same names: the learner's caps where the
//! system has them (rlimits on macOS; Windows caps through its Job Object in
//! `windows.rs`), and no grading box. Landlock, seccomp and pids cgroups are
//! Linux's; without them `grade` runs student code only when told it may
//! run it unconfined.

#[cfg(feature = "teaching")]
use std::path::PathBuf;

use super::{Confinement, Limit};

/// Whether student code can be graded in a box here: Linux only.
#[cfg(feature = "teaching")]
pub const GRADING_BOX: bool = false;

/// The Landlock ABI version the kernel offers: none off Linux.
#[cfg(feature = "teaching")]
pub fn landlock_abi() -> i64 {
    0
}

/// The protections a confined run lacks here: all of them.
#[cfg(feature = "teaching")]
pub fn missing_protections() -> Vec<super::MissingProtection> {
    vec![super::MissingProtection::NoBox {
        os: std::env::consts::OS,
    }]
}

/// What `box_command` returns: nothing to hold off Linux.
#[cfg(feature = "teaching")]
pub struct BoxedCommand;

#[cfg(feature = "teaching")]
impl BoxedCommand {
    /// Nothing to let go of once the command is spawned.
    pub fn spawned(&mut self) {}
}

/// No box to put the grading runner in off Linux.
#[cfg(feature = "teaching")]
pub fn box_command(
    _command: &mut std::process::Command,
    _read: &[PathBuf],
    _write: &[PathBuf],
) -> std::io::Result<BoxedCommand> {
    Err(std::io::Error::other(format!(
        "there is no grading box on {}: it needs Linux",
        std::env::consts::OS
    )))
}

/// What the child applies before exec: the learner's caps as rlimits.
/// macOS counts only processes in `RLIMIT_NPROC` and does not hold malloc to
/// `RLIMIT_DATA`, so the caps that bind are the file size and the CPU time.
#[cfg(unix)]
pub struct Prepared {
    limits: Vec<(libc::c_int, libc::rlim_t)>,
}

#[cfg(unix)]
impl Prepared {
    /// The rlimits of `confinement`. A boxed run (`sandbox`) gets its own
    /// folder (made by the caller) and the same rlimits, but no box: `grade`
    /// runs student code here only when told it may run it unconfined.
    pub(super) fn new(
        confinement: &Confinement,
        _program: Option<&std::path::Path>,
        _scratch: Option<&std::path::Path>,
    ) -> std::io::Result<Self> {
        let l = &confinement.limits;
        let mut limits = Vec::new();
        if let Some(bytes) = l.memory {
            limits.push((libc::RLIMIT_DATA, bytes as libc::rlim_t));
        }
        if let Some(cpu) = l.cpu {
            limits.push((libc::RLIMIT_CPU, cpu.as_secs().max(1) as libc::rlim_t));
        }
        if let Some(bytes) = l.file_size {
            limits.push((libc::RLIMIT_FSIZE, bytes as libc::rlim_t));
        }
        limits.push((libc::RLIMIT_CORE, 0));
        Ok(Self { limits })
    }

    /// No cap on processes and threads is set here (`RLIMIT_NPROC` counts
    /// the user's processes, which this runner cannot count off Linux).
    pub(super) fn caps_processes(&self) -> bool {
        false
    }

    /// What runs in the child between fork and exec: `setrlimit` only.
    pub(super) fn pre_exec(&self) -> impl Fn() -> std::io::Result<()> + Send + Sync + 'static {
        let limits = self.limits.clone();
        move || {
            for &(resource, value) in &limits {
                let limit = libc::rlimit {
                    rlim_cur: value,
                    // One second more for the CPU, so the kata gets SIGXCPU
                    // (which we can name) before the kernel's SIGKILL.
                    rlim_max: if resource == libc::RLIMIT_CPU {
                        value + 1
                    } else {
                        value
                    },
                };
                // SAFETY: setrlimit reads a valid rlimit. A limit above the
                // hard one fails, and then the current one stays.
                unsafe { libc::setrlimit(resource, &limit) };
            }
            Ok(())
        }
    }
}

/// Which limit, if any, ended the run: read from how it died and what the
/// standard library printed on its way out.
pub(super) fn limit_hit(
    confinement: &Confinement,
    _processes_capped: bool,
    signal: Option<i32>,
    stderr: &[u8],
) -> Option<Limit> {
    let l = &confinement.limits;
    let said = |needle: &str| stderr.windows(needle.len()).any(|w| w == needle.as_bytes());
    #[cfg(unix)]
    match signal {
        Some(libc::SIGXCPU) if l.cpu.is_some() => return Some(Limit::Cpu),
        Some(libc::SIGXFSZ) if l.file_size.is_some() => return Some(Limit::FileSize),
        _ => {}
    }
    #[cfg(windows)]
    let _ = signal;
    if l.memory.is_some() && said("memory allocation of") {
        return Some(Limit::Memory);
    }
    None
}

/// Off Linux nothing is boxed, so nothing is refused by a box.
pub(super) fn refusal(_confinement: &Confinement, _stderr: &[u8]) -> Option<String> {
    None
}

/// The environment of a boxed run, whatever the runner's: as on Linux,
/// though nothing else holds the run here.
pub fn boxed_env(scratch: &std::path::Path) -> Vec<(&'static str, std::ffi::OsString)> {
    vec![
        ("PATH", BOXED_PATH.into()),
        ("HOME", scratch.as_os_str().to_owned()),
        ("TMPDIR", scratch.as_os_str().to_owned()),
        ("LANG", "C.UTF-8".into()),
    ]
}

/// `PATH` of a boxed run.
pub const BOXED_PATH: &str = "/usr/local/bin:/usr/bin:/bin";

/// No cgroups off Linux.
#[cfg(unix)]
pub(super) fn end_live_cgroups() {}

#[cfg(unix)]
impl Prepared {
    /// Nothing to let go of: no PID namespace off Linux.
    pub fn spawned(&mut self) {}

    /// The program is the spawned child itself.
    pub(super) fn program_pid(&self) -> Option<u32> {
        None
    }

    /// A process group only.
    pub(super) fn contained(&self) -> bool {
        false
    }

    /// Not told off Linux.
    pub(super) fn left_running(&self) -> Option<u32> {
        None
    }
}
