//! The box a kata runs in: resource limits (`setrlimit`) and, for graded
//! student code, Landlock rules on files, TCP and signals.
//!
//! Everything is prepared in the parent (Landlock's ruleset is a file
//! descriptor built there); the child only calls `setrlimit`, `prctl` and
//! `landlock_restrict_self` between fork and exec, which neither allocate nor
//! take locks. Where Landlock is missing (another OS, an old kernel or one
//! built without it), `missing_protections` names what does not hold.

use std::io;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::path::{Path, PathBuf};

use super::{Confinement, Limit};

/// System folders a Rust program reads to start (the dynamic loader, the C
/// library, the CPU count): readable and executable, never writable.
const SYSTEM_READ: &[&str] = &[
    "/usr",
    "/lib",
    "/lib64",
    "/lib32",
    "/bin",
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/localtime",
    "/proc",
    "/sys/fs/cgroup",
    "/sys/devices/system/cpu",
    "/dev/null",
    "/dev/zero",
    "/dev/urandom",
    "/dev/random",
];

/// The Landlock ABI version the kernel offers (0: none).
#[cfg(target_os = "linux")]
pub fn landlock_abi() -> i64 {
    // SAFETY: landlock_create_ruleset with a null attribute, size 0 and the
    // VERSION flag only returns the ABI version (or -1); it creates nothing.
    let abi = unsafe {
        libc::syscall(
            libc::SYS_landlock_create_ruleset,
            std::ptr::null::<u8>(),
            0usize,
            1u32,
        )
    };
    abi.max(0)
}

#[cfg(not(target_os = "linux"))]
pub fn landlock_abi() -> i64 {
    0
}

/// The protections a confined run would lack here, in plain words; empty
/// when every one holds.
pub fn missing_protections() -> Vec<String> {
    let abi = landlock_abi();
    let mut missing = Vec::new();
    if abi < 1 {
        missing.push(
            "files: this kernel has no Landlock, so a kata can read and write wherever the grading account can"
                .to_string(),
        );
    }
    if abi < 4 {
        missing.push(
            "network: Landlock before ABI 4 (Linux 6.7) cannot refuse TCP, so a kata can open connections"
                .to_string(),
        );
    }
    if abi < 6 {
        missing.push(
            "signals: Landlock before ABI 6 (Linux 6.12) cannot keep a kata from signalling other processes of the grading account"
                .to_string(),
        );
    }
    #[cfg(unix)]
    {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } == 0 {
            missing.push(
                "processes: the process cap (RLIMIT_NPROC) does not bind root; grade as an ordinary account"
                    .to_string(),
            );
        }
    }
    missing
}

/// What the child applies before exec.
pub struct Prepared {
    limits: Vec<(libc::c_int, libc::rlim_t)>,
    ruleset: Option<OwnedFd>,
}

impl Prepared {
    /// Builds the rlimits and the Landlock ruleset for `confinement`, with
    /// `program` readable and `scratch` (the run's folder) writable.
    pub(super) fn new(
        confinement: &Confinement,
        program: Option<&Path>,
        scratch: Option<&Path>,
    ) -> io::Result<Self> {
        let mut limits = Vec::new();
        let l = &confinement.limits;
        if let Some(bytes) = l.memory {
            limits.push((libc::RLIMIT_DATA as libc::c_int, bytes as libc::rlim_t));
        }
        if let Some(cpu) = l.cpu {
            limits.push((
                libc::RLIMIT_CPU as libc::c_int,
                cpu.as_secs().max(1) as libc::rlim_t,
            ));
        }
        if let Some(bytes) = l.file_size {
            limits.push((libc::RLIMIT_FSIZE as libc::c_int, bytes as libc::rlim_t));
        }
        if let Some(more) = l.processes {
            limits.push((
                libc::RLIMIT_NPROC as libc::c_int,
                (user_tasks() + more) as libc::rlim_t,
            ));
        }
        limits.push((libc::RLIMIT_CORE as libc::c_int, 0));
        let ruleset = match &confinement.sandbox {
            Some(sandbox) if landlock_abi() >= 1 => {
                let mut read: Vec<PathBuf> = SYSTEM_READ.iter().map(PathBuf::from).collect();
                read.extend(program.map(Path::to_path_buf));
                read.extend(sandbox.read.iter().cloned());
                let mut write = sandbox.write.clone();
                write.extend(scratch.map(Path::to_path_buf));
                Some(ruleset(&read, &write).map_err(io::Error::other)?)
            }
            _ => None,
        };
        Ok(Self { limits, ruleset })
    }

    /// What runs in the child between fork and exec: async-signal-safe calls
    /// on plain data only.
    pub(super) fn pre_exec(&self) -> impl Fn() -> io::Result<()> + Send + Sync + 'static {
        let limits = self.limits.clone();
        let fd: Option<RawFd> = self.ruleset.as_ref().map(AsRawFd::as_raw_fd);
        move || {
            for &(resource, value) in &limits {
                let limit = libc::rlimit {
                    rlim_cur: value,
                    // One second more for the CPU, so the kata gets SIGXCPU
                    // (which we can name) before the kernel's SIGKILL.
                    rlim_max: if resource == libc::RLIMIT_CPU as libc::c_int {
                        value + 1
                    } else {
                        value
                    },
                };
                // SAFETY: setrlimit reads a valid rlimit. Lowering a limit
                // never fails for lack of rights; a higher hard limit than
                // the current one fails, and then the current one stays.
                #[allow(clippy::useless_conversion)]
                unsafe {
                    libc::setrlimit(resource as _, &limit)
                };
            }
            if let Some(fd) = fd {
                // SAFETY: prctl and landlock_restrict_self take plain integers.
                unsafe {
                    if libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 {
                        return Err(io::Error::last_os_error());
                    }
                    if libc::syscall(libc::SYS_landlock_restrict_self, fd, 0u32) != 0 {
                        return Err(io::Error::last_os_error());
                    }
                }
            }
            Ok(())
        }
    }
}

/// Every file access and TCP bind/connect handled; `read` paths readable
/// (and executable), `write` paths fully usable; signals and abstract Unix
/// sockets scoped to the kata's own processes. Best effort: what the kernel
/// lacks is left out (and named by `missing_protections`).
fn ruleset(read: &[PathBuf], write: &[PathBuf]) -> Result<OwnedFd, landlock::RulesetError> {
    use landlock::{
        ABI, Access, AccessFs, AccessNet, Ruleset, RulesetAttr, RulesetCreatedAttr, Scope,
        path_beneath_rules,
    };
    let abi = ABI::V6;
    let created = Ruleset::default()
        .handle_access(AccessFs::from_all(abi))?
        .handle_access(AccessNet::from_all(abi))?
        .scope(Scope::from_all(abi))?
        .create()?
        .add_rules(path_beneath_rules(
            read,
            AccessFs::from_read(abi) | AccessFs::Execute,
        ))?
        .add_rules(path_beneath_rules(write, AccessFs::from_all(abi)))?;
    Ok(Option::<OwnedFd>::from(created).expect("Landlock is available (checked above)"))
}

/// Boxes `command` (the runner that grades one student, with the cargo and
/// rustc it starts): it reads the system, `read`, and writes only in `write`;
/// no TCP. The returned value must live until the command is spawned.
pub fn box_command(
    command: &mut std::process::Command,
    read: &[PathBuf],
    write: &[PathBuf],
) -> io::Result<Prepared> {
    use std::os::unix::process::CommandExt;
    let confinement = Confinement {
        limits: super::Limits::default(),
        sandbox: Some(super::Sandbox {
            read: read.to_vec(),
            write: write.to_vec(),
        }),
    };
    let prepared = Prepared::new(&confinement, None, None)?;
    // SAFETY: as for a kata: async-signal-safe calls on prepared data only.
    unsafe { command.pre_exec(prepared.pre_exec()) };
    Ok(prepared)
}

/// How many processes and threads the current user runs now: RLIMIT_NPROC
/// counts them all, so the cap is this many plus the kata's allowance.
fn user_tasks() -> u64 {
    use std::sync::OnceLock;
    static TASKS: OnceLock<u64> = OnceLock::new();
    *TASKS.get_or_init(|| {
        // SAFETY: getuid has no preconditions.
        let uid = unsafe { libc::getuid() }.to_string();
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return 4096;
        };
        entries
            .flatten()
            .filter_map(|e| std::fs::read_to_string(e.path().join("status")).ok())
            .filter(|status| {
                status
                    .lines()
                    .find_map(|l| l.strip_prefix("Uid:"))
                    .and_then(|ids| ids.split_whitespace().next())
                    == Some(uid.as_str())
            })
            .map(|status| {
                status
                    .lines()
                    .find_map(|l| l.strip_prefix("Threads:"))
                    .and_then(|n| n.trim().parse::<u64>().ok())
                    .unwrap_or(1)
            })
            .sum()
    })
}

/// Which limit, if any, ended the run: read from how it died and what the
/// standard library printed on its way out.
pub(super) fn limit_hit(
    confinement: &Confinement,
    signal: Option<i32>,
    stderr: &[u8],
) -> Option<Limit> {
    let l = &confinement.limits;
    let said = |needle: &str| stderr.windows(needle.len()).any(|w| w == needle.as_bytes());
    match signal {
        Some(libc::SIGXCPU) if l.cpu.is_some() => return Some(Limit::Cpu),
        Some(libc::SIGXFSZ) if l.file_size.is_some() => return Some(Limit::FileSize),
        _ => {}
    }
    if l.memory.is_some() && said("memory allocation of") {
        return Some(Limit::Memory);
    }
    if l.processes.is_some() && said("failed to spawn thread") {
        return Some(Limit::Processes);
    }
    None
}

/// The first line of `stderr` that shows the box refusing something (a
/// file outside the kata's folder, a connection), when the kata was boxed.
pub(super) fn refusal(confinement: &Confinement, stderr: &[u8]) -> Option<String> {
    confinement.sandbox.as_ref()?;
    String::from_utf8_lossy(stderr)
        .lines()
        .find(|line| {
            line.contains("Permission denied")
                || line.contains("Operation not permitted")
                || line.contains("os error 13")
        })
        .map(|line| line.chars().take(300).collect())
}
