//! The box a kata runs in: resource limits (`setrlimit`) and, for graded
//! student code, Landlock rules on files, TCP and signals, a seccomp filter
//! that refuses every new socket (UDP, TCP, Unix sockets by path or
//! abstract name), and, when grading as root, a pids cgroup for each
//! student's grading (`RLIMIT_NPROC` does not bind root).
//!
//! Everything is prepared in the parent (Landlock's ruleset is a file
//! descriptor built there, the seccomp program a buffer, the cgroup a folder
//! with its `cgroup.procs` open); the child only calls `setrlimit`, `write`,
//! `prctl` and `landlock_restrict_self` between fork and exec, which neither
//! allocate nor take locks. Where Landlock or the rest is missing (an old
//! kernel or one built without it), `missing_protections` names what does
//! not hold. Linux only: `unconfined.rs` has the same names elsewhere.

use std::io;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::path::Path;
#[cfg(feature = "teaching")]
use std::path::PathBuf;

#[cfg(target_os = "linux")]
pub use super::contain::Shape;
pub(super) use cgroup::end_live_cgroups;
#[cfg(any(test, feature = "teaching"))]
pub(super) use cgroup::pids_cgroup_base;
use cgroup::{PidsCgroup, in_capped_pids_cgroup, user_tasks};

mod cgroup;
#[cfg(feature = "teaching")]
use super::MissingProtection;
use super::{Confinement, Limit};

/// Where a boxed run's processes live (off Linux, only a process group).
#[cfg(not(target_os = "linux"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Kata,
    Student,
}

/// System folders a Rust program reads to start (the dynamic loader, the C
/// library, the CPU count): readable and executable, never writable.
#[cfg(feature = "teaching")]
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

/// Whether student code can be graded in a box here: Linux has one (what
/// this kernel lacks of it, `missing_protections` names).
#[cfg(feature = "teaching")]
pub const GRADING_BOX: bool = true;

/// The Landlock ABI version the kernel offers (0: none).
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

/// The protections a confined run would lack here; empty when every one
/// holds.
#[cfg(feature = "teaching")]
pub fn missing_protections() -> Vec<MissingProtection> {
    let abi = landlock_abi();
    let mut missing = Vec::new();
    if abi < 1 {
        missing.push(MissingProtection::NoLandlock);
    }
    if !seccomp_available() {
        missing.push(MissingProtection::NoSeccomp);
    }
    if abi < 4 {
        missing.push(MissingProtection::NoTcpRules { abi });
    }
    if abi < 6 {
        missing.push(MissingProtection::NoSignalScope { abi });
    }
    if real_root() && pids_cgroup_base().is_none() {
        missing.push(MissingProtection::RootWithoutPidsCgroup);
    }
    if !super::contain_available(Shape::Student) {
        missing.push(MissingProtection::NoPidNamespace);
        if !real_root() {
            missing.push(MissingProtection::SharedProcessCap);
        }
    } else if !super::contain::own_proc() {
        missing.push(MissingProtection::NoOwnProc);
    }
    missing
}

/// Whether this process is the machine's root: uid 0 in the first user
/// namespace (the ids map to themselves). Root in a user namespace of its
/// own (a student's grading as an ordinary account) is bound by
/// RLIMIT_NPROC like any account, and makes no cgroups.
pub fn real_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return false;
    }
    std::fs::read_to_string("/proc/self/uid_map").map_or(true, |map| {
        map.split_whitespace().collect::<Vec<_>>() == ["0", "0", "4294967295"]
    })
}

/// The environment of a boxed run, whatever the runner's: the system's
/// programs on `PATH`, its own folder as `HOME` and `TMPDIR`, and UTF-8
/// text. The run adds its parameters (`KATA_*`, the explorer's settings).
pub fn boxed_env(scratch: &Path) -> Vec<(&'static str, std::ffi::OsString)> {
    vec![
        ("PATH", BOXED_PATH.into()),
        ("HOME", scratch.as_os_str().to_owned()),
        ("TMPDIR", scratch.as_os_str().to_owned()),
        ("LANG", "C.UTF-8".into()),
    ]
}

/// `PATH` of a boxed run.
pub const BOXED_PATH: &str = "/usr/local/bin:/usr/bin:/bin";

/// A seccomp program, as the kernel takes it.
type Filter = Box<[libc::sock_filter]>;

/// What the child applies before exec.
pub struct Prepared {
    limits: Vec<(libc::c_int, libc::rlim_t)>,
    ruleset: Option<OwnedFd>,
    /// The seccomp program (refusing `socket`), for a boxed run.
    filter: Option<Filter>,
    /// The pids cgroup of a boxed run started by root; removed on drop.
    cgroup: Option<PidsCgroup>,
    /// The PID namespace every process of a boxed run is in (Linux).
    #[cfg(target_os = "linux")]
    contain: Option<super::contain::Contain>,
    /// A boxed kata started by root: no capabilities after exec.
    drop_root: bool,
    /// A boxed kata: its ruleset gets its own `/proc/<pid>` once it has one.
    own_proc: bool,
}

impl Prepared {
    /// Builds the rlimits and the Landlock ruleset for `confinement`, with
    /// `program` readable and `scratch` (the run's folder) writable.
    pub(super) fn new(
        confinement: &Confinement,
        program: Option<&Path>,
        scratch: Option<&Path>,
    ) -> io::Result<Self> {
        Self::shaped(confinement, program, scratch, Shape::Kata)
    }

    fn shaped(
        confinement: &Confinement,
        program: Option<&Path>,
        scratch: Option<&Path>,
        shape: Shape,
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
        let mut cgroup = None;
        if let Some(more) = l.processes {
            // RLIMIT_NPROC does not bind root: a boxed run of root's gets a
            // pids cgroup that counts its own processes and threads only.
            // Inside `grade`'s box none can be made (the box keeps
            // `/sys/fs/cgroup` read-only); the student's own cgroup, made
            // for the box, holds the kata then.
            // SAFETY: geteuid has no preconditions.
            if confinement.sandbox.is_some() && real_root() {
                cgroup = PidsCgroup::new(more + 1);
            }
            // In a user namespace of its own, RLIMIT_NPROC counts the run's
            // own processes only (and the namespace's init, and for a
            // student the child that waits): the cap is the run's alone.
            // Otherwise it counts every process of the account.
            let cap = if own_user_namespace(confinement, shape) {
                more + 2
            } else {
                user_tasks() + more
            };
            limits.push((libc::RLIMIT_NPROC as libc::c_int, cap as libc::rlim_t));
        }
        limits.push((libc::RLIMIT_CORE as libc::c_int, 0));
        let (ruleset, filter) = match &confinement.sandbox {
            Some(sandbox) => the_box(sandbox, program, scratch, shape)?,
            None => (None, None),
        };
        let boxed = confinement.sandbox.is_some();
        #[cfg(target_os = "linux")]
        let contain = if boxed && super::contain::available(shape) {
            Some(super::contain::Contain::new(
                shape,
                ruleset.as_ref().map(AsRawFd::as_raw_fd),
            )?)
        } else {
            None
        };
        // SAFETY: geteuid has no preconditions.
        let drop_root = boxed && shape == Shape::Kata && unsafe { libc::geteuid() } == 0;
        let own_proc = ruleset.is_some() && shape == Shape::Kata;
        Ok(Self {
            limits,
            ruleset,
            filter,
            cgroup,
            #[cfg(target_os = "linux")]
            contain,
            drop_root,
            own_proc,
        })
    }

    /// Once the program is spawned: the parent lets go of what only the
    /// children use.
    pub fn spawned(&mut self) {
        #[cfg(target_os = "linux")]
        if let Some(contain) = &mut self.contain {
            contain.spawned();
        }
    }

    /// The program's pid as the runner sees it (contained, the spawned
    /// child waits for it, inside its namespace).
    pub(super) fn program_pid(&self) -> Option<u32> {
        #[cfg(target_os = "linux")]
        {
            self.contain.as_ref()?.program_pid()
        }
        #[cfg(not(target_os = "linux"))]
        {
            None
        }
    }

    /// How many processes the run left running when it ended (they were
    /// killed then): `None` when it was not contained, or not told.
    pub(super) fn left_running(&self) -> Option<u32> {
        #[cfg(target_os = "linux")]
        {
            self.contain.as_ref()?.left_running()
        }
        #[cfg(not(target_os = "linux"))]
        {
            None
        }
    }

    /// Whether every process of the run is held in a PID namespace.
    pub(super) fn contained(&self) -> bool {
        #[cfg(target_os = "linux")]
        {
            self.contain.is_some()
        }
        #[cfg(not(target_os = "linux"))]
        {
            false
        }
    }

    /// Whether a cap on processes and threads holds for the run: the
    /// `RLIMIT_NPROC` set for it binds every account but root; root is held
    /// only by a pids cgroup, the run's own or the one this runner is in
    /// (`grade`'s, for a student). Without one, a failed spawn is the memory
    /// cap: pthread reports a stack it could not map as EAGAIN too.
    pub(super) fn caps_processes(&self) -> bool {
        let root = real_root();
        !root || self.cgroup.is_some() || in_capped_pids_cgroup()
    }

    /// What runs in the child between fork and exec: async-signal-safe calls
    /// on plain data only.
    pub(super) fn pre_exec(&self) -> impl Fn() -> io::Result<()> + Send + Sync + 'static {
        let limits = self.limits.clone();
        let fd: Option<RawFd> = self.ruleset.as_ref().map(AsRawFd::as_raw_fd);
        let procs: Option<RawFd> = self.cgroup.as_ref().map(|c| c.procs.as_raw_fd());
        // The program's address and length: it lives in `self`, which the
        // caller keeps until the child has been spawned.
        let filter: Option<(usize, u16)> = self.filter.as_ref().map(|f| {
            (
                f.as_ptr() as usize,
                u16::try_from(f.len()).expect("a short program"),
            )
        });
        let no_new_privs = fd.is_some() || filter.is_some();
        #[cfg(target_os = "linux")]
        let enter = self.contain.as_ref().map(|c| c.enter());
        let drop_root = self.drop_root;
        let own_proc = self.own_proc;
        move || {
            if let Some(procs) = procs {
                // Into its own pids cgroup ("0": the writing process).
                // SAFETY: write(2) of a static byte to an open descriptor.
                if unsafe { libc::write(procs, b"0".as_ptr().cast(), 1) } != 1 {
                    return Err(io::Error::last_os_error());
                }
            }
            // Its own PID namespace (and the processes that are not the
            // program end here, in `enter`).
            #[cfg(target_os = "linux")]
            if let Some(enter) = &enter {
                enter()?;
            }
            // Root without capabilities once the program runs: no mount,
            // no namespace of its own, no file of another account.
            #[cfg(target_os = "linux")]
            if drop_root {
                let bits = libc::SECBIT_NOROOT | libc::SECBIT_NOROOT_LOCKED;
                // SAFETY: prctl takes plain integers.
                if unsafe { libc::prctl(libc::PR_SET_SECUREBITS, bits as libc::c_ulong, 0, 0, 0) }
                    != 0
                {
                    return Err(io::Error::last_os_error());
                }
            }
            #[cfg(not(target_os = "linux"))]
            let _ = drop_root;
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
            // SAFETY: prctl takes plain integers.
            if no_new_privs && unsafe { libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) } != 0 {
                return Err(io::Error::last_os_error());
            }
            if let Some(fd) = fd {
                // The kata's own `/proc/<pid>`, now that it is this process.
                #[cfg(target_os = "linux")]
                if own_proc {
                    // SAFETY: the ruleset is this run's, open in this process.
                    unsafe { super::contain::allow_reading(fd, c"/proc/self") };
                }
                #[cfg(not(target_os = "linux"))]
                let _ = own_proc;
                // SAFETY: landlock_restrict_self takes plain integers.
                if unsafe { libc::syscall(libc::SYS_landlock_restrict_self, fd, 0u32) } != 0 {
                    return Err(io::Error::last_os_error());
                }
            }
            if let Some((address, len)) = filter {
                let program = libc::sock_fprog {
                    len,
                    filter: address as *mut libc::sock_filter,
                };
                // SAFETY: the program is alive (see above) and well formed;
                // prctl only reads it.
                let set = unsafe {
                    libc::prctl(
                        libc::PR_SET_SECCOMP,
                        libc::SECCOMP_MODE_FILTER as libc::c_ulong,
                        &program as *const libc::sock_fprog,
                    )
                };
                if set != 0 {
                    return Err(io::Error::last_os_error());
                }
            }
            Ok(())
        }
    }
}

/// Whether a boxed run of `shape` gets a user namespace of its own here:
/// contained, and started by an account that is not root in its own.
fn own_user_namespace(confinement: &Confinement, shape: Shape) -> bool {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: geteuid has no preconditions.
        confinement.sandbox.is_some()
            && unsafe { libc::geteuid() } != 0
            && super::contain::available(shape)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (confinement, shape);
        false
    }
}

/// Landlock's ruleset and the seccomp program of a boxed run, each where the
/// kernel has it.
#[cfg(feature = "teaching")]
fn the_box(
    sandbox: &super::Sandbox,
    program: Option<&Path>,
    scratch: Option<&Path>,
    shape: Shape,
) -> io::Result<(Option<OwnedFd>, Option<Filter>)> {
    let ruleset = if landlock_abi() >= 1 {
        // A kata reads its own `/proc/<pid>` only (`Prepared::pre_exec`),
        // never another process's: not its student's grading runner, cargo
        // or another kata.
        let mut read: Vec<PathBuf> = SYSTEM_READ
            .iter()
            .filter(|path| shape == Shape::Student || **path != "/proc")
            .map(PathBuf::from)
            .collect();
        read.extend(program.map(Path::to_path_buf));
        read.extend(sandbox.read.iter().cloned());
        let mut write = sandbox.write.clone();
        write.extend(scratch.map(Path::to_path_buf));
        // Output sent nowhere (`Stdio::null()` opens it for writing too).
        write.push(PathBuf::from("/dev/null"));
        Some(ruleset(&read, &write).map_err(io::Error::other)?)
    } else {
        None
    };
    let filter = if seccomp_available() {
        socket_filter()
    } else {
        None
    };
    Ok((ruleset, filter))
}

/// The runner `cargo xtask` builds has no box: it never grades (`grade` runs
/// a copy of the full runner), and it hands a run that asks for the box to
/// the full runner before it gets here.
#[cfg(not(feature = "teaching"))]
fn the_box(
    _: &super::Sandbox,
    _: Option<&Path>,
    _: Option<&Path>,
    _: Shape,
) -> io::Result<(Option<OwnedFd>, Option<Filter>)> {
    Err(io::Error::other(crate::base::failure::NoBox::NotBuilt))
}

/// Every file access and TCP bind/connect handled; `read` paths readable
/// (and executable), `write` paths fully usable; signals and abstract Unix
/// sockets scoped to the kata's own processes. Best effort: what the kernel
/// lacks is left out (and named by `missing_protections`).
#[cfg(feature = "teaching")]
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

/// Grading as root, the processes and threads one student's grading may
/// have at once: the runner, cargo, rustc and the katas, in one pids cgroup
/// made by `box_command`. `RLIMIT_NPROC` does not bind root, and inside the
/// box (no writes to `/sys/fs/cgroup`) no kata can get a cgroup of its own:
/// so a kata's 512, and room for the rest.
#[cfg(feature = "teaching")]
pub const STUDENT_TASKS: u64 = 1024;

/// What `box_command` returns, to keep until the command is spawned.
#[cfg(feature = "teaching")]
pub type BoxedCommand = Prepared;

/// Boxes `command` (the runner that grades one student, with the cargo and
/// rustc it starts): it reads the system, `read`, and writes only in `write`;
/// no TCP; as root, at most `STUDENT_TASKS` processes and threads. The
/// returned value must live until the command is spawned.
#[cfg(feature = "teaching")]
pub fn box_command(
    command: &mut std::process::Command,
    read: &[PathBuf],
    write: &[PathBuf],
) -> io::Result<Prepared> {
    use std::os::unix::process::CommandExt;
    let root = real_root();
    let confinement = Confinement {
        limits: super::Limits {
            // Root: the student's pids cgroup. An ordinary account: its
            // RLIMIT_NPROC, which in the student's own user namespace counts
            // that student's processes only.
            processes: (root || super::contain_available(Shape::Student)).then_some(STUDENT_TASKS),
            ..super::Limits::default()
        },
        sandbox: Some(super::Sandbox {
            read: read.to_vec(),
            write: write.to_vec(),
        }),
    };
    let prepared = Prepared::shaped(&confinement, None, None, Shape::Student)?;
    // Where `missing_protections` promised the cap, it holds or nothing runs.
    if root && pids_cgroup_base().is_some() && prepared.cgroup.is_none() {
        return Err(io::Error::other(crate::base::failure::NoBox::NoPidsCgroup));
    }
    // SAFETY: as for a kata: async-signal-safe calls on prepared data only.
    unsafe { command.pre_exec(prepared.pre_exec()) };
    Ok(prepared)
}

/// Whether this kernel takes seccomp filters (`Seccomp_filters` is in
/// `/proc/self/status` when it does).
#[cfg(feature = "teaching")]
pub(super) fn seccomp_available() -> bool {
    use std::sync::OnceLock;
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        cfg!(any(target_arch = "x86_64", target_arch = "aarch64"))
            && std::fs::read_to_string("/proc/self/status")
                .is_ok_and(|status| status.contains("Seccomp_filters:"))
    })
}

/// A seccomp program that fails `socket(2)` with `EACCES` ("Permission
/// denied", which a kata's error names) and lets every other call through.
/// Katas talk over channels in memory: no socket of any kind (UDP, TCP, a
/// Unix socket by path or abstract name, netlink) is theirs to open. Built
/// by `seccompiler` (rust-vmm's, as used by Firecracker), which also stops a
/// call made through another architecture's table (32-bit `int 0x80`): that
/// kills the kata. The x32 table's `socket` (its number with bit 30 set) is
/// refused too.
#[cfg(feature = "teaching")]
fn socket_filter() -> Option<Filter> {
    use seccompiler::{BpfProgram, SeccompAction, SeccompFilter, TargetArch};
    #[cfg(target_arch = "x86_64")]
    let (arch, calls) = (
        TargetArch::x86_64,
        [libc::SYS_socket, libc::SYS_socket | 0x4000_0000],
    );
    #[cfg(target_arch = "aarch64")]
    let (arch, calls) = (TargetArch::aarch64, [libc::SYS_socket]);
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    return None;
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    {
        // An empty list of rules: the call is refused whatever its arguments.
        let rules = calls.into_iter().map(|call| (call, Vec::new())).collect();
        let filter = SeccompFilter::new(
            rules,
            SeccompAction::Allow,
            SeccompAction::Errno(libc::EACCES as u32),
            arch,
        )
        .ok()?;
        let program = BpfProgram::try_from(filter).ok()?;
        Some(
            program
                .into_iter()
                .map(|op| libc::sock_filter {
                    code: op.code,
                    jt: op.jt,
                    jf: op.jf,
                    k: op.k,
                })
                .collect(),
        )
    }
}

/// Which limit, if any, ended the run: read from how it died and what the
/// standard library printed on its way out.
pub(super) fn limit_hit(
    confinement: &Confinement,
    processes_capped: bool,
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
    if l.processes.is_some() && processes_capped && said("failed to spawn thread") {
        return Some(Limit::Processes);
    }
    // The OS error of a failed mapping (a new thread's signal stack, say),
    // after which the standard library aborts without its own message; or,
    // with no cap on processes, a spawn whose stack could not be mapped. A
    // thread bomb can end either way.
    if l.memory.is_some() && (said("Cannot allocate memory") || said("failed to spawn thread")) {
        return Some(Limit::Memory);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_out_of_memory_is_told_from_how_the_program_ended() {
        let graded = Confinement::graded();
        let stack =
            b"failed to allocate an alternative stack: Cannot allocate memory (os error 12)\n\
                      fatal runtime error: failed to initiate panic, error 5, aborting\n";
        assert_eq!(
            limit_hit(&graded, true, Some(libc::SIGABRT), stack),
            Some(Limit::Memory)
        );
        let heap = b"memory allocation of 4294967296 bytes failed\n";
        assert_eq!(
            limit_hit(&graded, true, Some(libc::SIGABRT), heap),
            Some(Limit::Memory)
        );
        let spawn = b"failed to spawn thread: Os { code: 11, kind: WouldBlock }";
        assert_eq!(
            limit_hit(&graded, true, None, spawn),
            Some(Limit::Processes)
        );
        // Root with no pids cgroup: no cap on processes holds, so a failed
        // spawn is the memory cap.
        assert_eq!(limit_hit(&graded, false, None, spawn), Some(Limit::Memory));
        // Without a cap, the same words are the program's own.
        assert_eq!(
            limit_hit(&Confinement::default(), true, Some(libc::SIGABRT), stack),
            None
        );
        assert_eq!(limit_hit(&Confinement::default(), true, None, spawn), None);
        assert_eq!(
            limit_hit(&graded, true, Some(libc::SIGABRT), b"panicked: oops"),
            None
        );
    }
}
