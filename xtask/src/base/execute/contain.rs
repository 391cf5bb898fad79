//! Every process a boxed run starts ends with it: a PID namespace (Linux).
//!
//! A process group is not enough: a kata's child that calls `setsid` leaves
//! the group, is re-parented to the machine's init when the kata ends, and
//! outlives grading. In a PID namespace every process belongs to the
//! namespace's first process (its init) and dies with it, whatever it does.
//!
//! The child the runner spawns (the "waiter") makes the namespace, forks its
//! init, and waits; the init forks the program (which goes on to exec) and
//! waits for it. When the program ends, the init gives what is left a moment
//! to end by itself, kills the rest, reports how many it killed and the
//! program's wait status; the waiter then ends as the program did (the same
//! exit code, or the same signal), so the runner sees the program's end.
//! A process that creates a PID namespace cannot start threads itself, so
//! the program must be inside it, not its maker.
//!
//! - `Shape::Kata`: a kata (and the schedule explorer running one). Its
//!   pid, as the runner sees it, is written first on the report pipe (for
//!   the runner's looks at its threads).
//! - `Shape::Student`: a student's grading runner, also in a mount
//!   namespace with a `/proc` of its own, so that neither it nor cargo,
//!   rustc or the katas see the teacher's processes or their environment.
//!
//! An account that is not root (in its own user namespace) gets a user
//! namespace too: a student's runner is root in it (so that it may make the
//! katas' namespaces), a kata keeps its own id.
//!
//! Everything is prepared in the parent; between fork and exec the
//! processes only make system calls on plain data (no allocation, no locks).

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::time::Duration;

use libc::{c_int, pid_t};

/// What runs in the namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A kata run.
    Kata,
    /// A student's grading runner, with its own `/proc`.
    Student,
}

/// How long processes a program left behind get to end by themselves before
/// the namespace's init kills them (a helper finishing its last write).
const LEFT_GRACE: Duration = Duration::from_millis(50);

/// Landlock's rule type for a folder and what is beneath it.
const LANDLOCK_RULE_PATH_BENEATH: c_int = 1;
/// Landlock's rights to execute, read files and list folders (ABI 1).
const LANDLOCK_READ: u64 = 1 | (1 << 2) | (1 << 3);

#[repr(C, packed)]
struct PathBeneath {
    allowed_access: u64,
    parent_fd: i32,
}

/// A user namespace's maps, written by the process that made it.
#[derive(Clone, Copy)]
struct Maps {
    uid: [u8; 48],
    uid_len: usize,
    gid: [u8; 48],
    gid_len: usize,
}

impl Maps {
    /// This process's own user and group, as `inner` in the namespace
    /// (its own ids when `None`).
    fn own(inner: Option<u32>) -> Self {
        // SAFETY: getuid and getgid have no preconditions.
        let (uid, gid) = unsafe { (libc::getuid(), libc::getgid()) };
        let line = |outer: u32| {
            let text = format!("{} {outer} 1\n", inner.unwrap_or(outer));
            let mut buf = [0u8; 48];
            buf[..text.len()].copy_from_slice(text.as_bytes());
            (buf, text.len())
        };
        let ((uid, uid_len), (gid, gid_len)) = (line(uid), line(gid));
        Self {
            uid,
            uid_len,
            gid,
            gid_len,
        }
    }
}

/// A namespace prepared for one run.
pub struct Contain {
    shape: Shape,
    flags: c_int,
    maps: Option<Maps>,
    /// The run's Landlock ruleset: for a student, the new `/proc` is added
    /// to it (a rule on the old one does not cover a new mount).
    ruleset: Option<RawFd>,
    /// The program writes its pid here, then the init how many processes
    /// it killed.
    report_read: OwnedFd,
    report_write: Option<OwnedFd>,
    /// The init tells the waiter how the program ended.
    status_read: Option<OwnedFd>,
    status_write: Option<OwnedFd>,
}

impl Contain {
    /// The namespace for a run of this shape, as this account can make it.
    pub fn new(shape: Shape, ruleset: Option<RawFd>) -> io::Result<Self> {
        let flags = flags(shape);
        let maps = (flags & libc::CLONE_NEWUSER != 0).then(|| {
            Maps::own(match shape {
                Shape::Student => Some(0),
                Shape::Kata => None,
            })
        });
        let (report_read, report_write) = pipe()?;
        let (status_read, status_write) = pipe()?;
        Ok(Self {
            shape,
            flags,
            maps,
            ruleset,
            report_read,
            report_write: Some(report_write),
            status_read: Some(status_read),
            status_write: Some(status_write),
        })
    }

    /// The step of the child's `pre_exec` that enters the namespace. It
    /// returns only in the program, which goes on to exec; the waiter and
    /// the init end with `_exit`.
    pub fn enter(&self) -> impl Fn() -> io::Result<()> + Send + Sync + 'static {
        let shape = self.shape;
        let flags = self.flags;
        let maps = self.maps;
        let ruleset = self.ruleset;
        let raw = |fd: &Option<OwnedFd>| fd.as_ref().map_or(-1, AsRawFd::as_raw_fd);
        let report = raw(&self.report_write);
        let status_read = raw(&self.status_read);
        let status_write = raw(&self.status_write);
        move || {
            // SAFETY (the whole closure): system calls on plain data made
            // before the fork, and on descriptors this process owns.
            unsafe {
                // Gone with the runner's thread that spawned it (which waits
                // for it): a runner killed outright takes the run along.
                libc::prctl(
                    libc::PR_SET_PDEATHSIG,
                    libc::SIGKILL as libc::c_ulong,
                    0,
                    0,
                    0,
                );
                if libc::unshare(flags) != 0 {
                    return Err(io::Error::last_os_error());
                }
                if let Some(maps) = &maps {
                    write_file(c"/proc/self/setgroups", b"deny")?;
                    write_file(c"/proc/self/uid_map", &maps.uid[..maps.uid_len])?;
                    write_file(c"/proc/self/gid_map", &maps.gid[..maps.gid_len])?;
                }
                let init = libc::fork();
                if init < 0 {
                    return Err(io::Error::last_os_error());
                }
                if init == 0 {
                    libc::close(status_read);
                    // Returns only in the program.
                    become_init(shape, ruleset, report, status_write);
                    return Ok(());
                }
                wait_for_init(init, status_read)
            }
        }
    }

    /// The program's pid as the runner sees it, which the program wrote
    /// before its exec (so it is there once the spawn returned).
    pub fn program_pid(&self) -> Option<u32> {
        self.read_u32(Duration::from_secs(1))
    }

    /// How many processes the init found still running when the program
    /// ended (it killed them): `None` when it did not say (the whole run
    /// was killed first). Read once the waiter has ended.
    pub fn left_running(&self) -> Option<u32> {
        self.read_u32(Duration::from_millis(200))
    }

    fn read_u32(&self, wait: Duration) -> Option<u32> {
        let fd = self.report_read.as_raw_fd();
        let mut pollfd = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        let ms = c_int::try_from(wait.as_millis()).unwrap_or(c_int::MAX);
        // SAFETY: one valid pollfd for the duration of the call.
        if unsafe { libc::poll(&mut pollfd, 1, ms) } <= 0 {
            return None;
        }
        let mut value = [0u8; 4];
        // SAFETY: reads at most 4 bytes into a 4-byte buffer.
        let n = unsafe { libc::read(fd, value.as_mut_ptr().cast(), 4) };
        (n == 4).then(|| u32::from_ne_bytes(value))
    }

    /// Once the program is spawned: the parent lets go of what only the
    /// children use (the report then ends when they do).
    pub fn spawned(&mut self) {
        self.report_write = None;
        self.status_read = None;
        self.status_write = None;
    }
}

/// The namespaces a run of `shape` gets: a PID namespace always; a
/// student also a mount namespace for its own `/proc`; a user namespace
/// where this account may not make the others itself (not root in its own).
fn flags(shape: Shape) -> c_int {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let mut flags = libc::CLONE_NEWPID;
    if shape == Shape::Student {
        flags |= libc::CLONE_NEWNS;
    }
    if !root {
        flags |= libc::CLONE_NEWUSER;
    }
    flags
}

fn pipe() -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0 as c_int; 2];
    // SAFETY: pipe2 fills two descriptors into a two-element array.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: both descriptors were just made and are owned by no one else.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// Writes `data` to the file at `path` (async-signal-safe).
unsafe fn write_file(path: &std::ffi::CStr, data: &[u8]) -> io::Result<()> {
    // SAFETY: a valid C string and buffer; the descriptor is closed below.
    unsafe {
        let fd = libc::open(path.as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC);
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        let written = libc::write(fd, data.as_ptr().cast(), data.len());
        let error = io::Error::last_os_error();
        libc::close(fd);
        if written != data.len() as isize {
            return Err(error);
        }
        Ok(())
    }
}

fn interrupted() -> bool {
    io::Error::last_os_error().kind() == io::ErrorKind::Interrupted
}

/// The waiter: waits for the init, then ends as the program did. It holds
/// no descriptor of the runner's (the spawning side learns of the exec
/// from the program's own copy of its pipe).
unsafe fn wait_for_init(init: pid_t, status: RawFd) -> ! {
    // SAFETY: system calls on plain data; this process never returns.
    unsafe {
        let status = keep_one(status);
        close_from(4);
        loop {
            let mut ignored = 0;
            let r = libc::waitpid(init, &mut ignored, 0);
            if r == init || (r < 0 && !interrupted()) {
                break;
            }
        }
        let mut raw = [0u8; 4];
        if libc::read(status, raw.as_mut_ptr().cast(), 4) != 4 {
            libc::_exit(125);
        }
        let wait_status = c_int::from_ne_bytes(raw);
        if libc::WIFSIGNALED(wait_status) {
            // The same death: no core file of the waiter's, the signal
            // neither handled nor blocked.
            let signal = libc::WTERMSIG(wait_status);
            let none = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            libc::setrlimit(libc::RLIMIT_CORE, &none);
            libc::signal(signal, libc::SIG_DFL);
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, signal);
            libc::sigprocmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
            libc::kill(libc::getpid(), signal);
            libc::_exit(128 + signal);
        }
        libc::_exit(if libc::WIFEXITED(wait_status) {
            libc::WEXITSTATUS(wait_status)
        } else {
            125
        })
    }
}

/// `fd` moved to descriptor 3.
unsafe fn keep_one(fd: RawFd) -> RawFd {
    // SAFETY: dup and dup2 on a descriptor this process owns.
    unsafe {
        if fd != 3 {
            let spare = libc::dup(fd);
            libc::dup2(spare, 3);
        }
        3
    }
}

/// Closes every descriptor from `first` on.
unsafe fn close_from(first: c_int) {
    // SAFETY: close_range takes plain integers; on a kernel without it
    // (before 5.9) the descriptors are closed one by one.
    unsafe {
        if libc::syscall(libc::SYS_close_range, first as u32, u32::MAX, 0u32) != 0 {
            for fd in first..4096 {
                libc::close(fd);
            }
        }
    }
}

/// The namespace's init: pid 1. It forks the program and waits for it,
/// reaping every process re-parented to it meanwhile; when the program
/// ends, what is left is killed, the count written to `report` and the
/// program's wait status to `status`. Returns only in the program.
unsafe fn become_init(shape: Shape, ruleset: Option<RawFd>, report: RawFd, status: RawFd) {
    // SAFETY (the whole function): system calls on plain data; the init
    // exits with `_exit`.
    unsafe {
        // The runner's handlers are of no use here (pid 1 ignores what it
        // has no handler for).
        for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT] {
            libc::signal(signal, libc::SIG_DFL);
        }
        // Gone with the waiter (the runner stopped the run).
        libc::prctl(
            libc::PR_SET_PDEATHSIG,
            libc::SIGKILL as libc::c_ulong,
            0,
            0,
            0,
        );
        if shape == Shape::Student {
            mount_own_proc(ruleset);
        }
        let program = libc::fork();
        if program < 0 {
            libc::_exit(125);
        }
        if program == 0 {
            // The program: gone with the init; its pid as the runner's
            // `/proc` names it, for the runner.
            libc::prctl(
                libc::PR_SET_PDEATHSIG,
                libc::SIGKILL as libc::c_ulong,
                0,
                0,
                0,
            );
            libc::close(status);
            let mut link = [0u8; 16];
            let n = libc::readlink(c"/proc/self".as_ptr(), link.as_mut_ptr().cast(), 15);
            let pid = if n > 0 {
                link[..n as usize]
                    .iter()
                    .try_fold(0u32, |pid, &d| {
                        d.is_ascii_digit()
                            .then(|| pid.wrapping_mul(10).wrapping_add(u32::from(d - b'0')))
                    })
                    .unwrap_or(0)
            } else {
                0
            };
            libc::write(report, pid.to_ne_bytes().as_ptr().cast(), 4);
            libc::close(report);
            return;
        }
        let pidfd = libc::syscall(libc::SYS_pidfd_open, program, 0) as RawFd;
        // Nothing of the runner's: not its pipes (the spawning side waits
        // for their end), not the program's output.
        let (report, status, pidfd) = keep_three(report, status, pidfd);
        close_from(6);
        let null = libc::open(c"/dev/null".as_ptr(), libc::O_RDWR);
        if null >= 0 {
            for fd in 0..3 {
                libc::dup2(null, fd);
            }
            if null > 2 {
                libc::close(null);
            }
        }
        // Reaps what ends: at once when the program does (its pidfd), every
        // 100 ms otherwise.
        let mut ended = 0;
        loop {
            let mut watch = libc::pollfd {
                fd: pidfd,
                events: libc::POLLIN,
                revents: 0,
            };
            if pidfd >= 0 {
                libc::poll(&mut watch, 1, 100);
            } else {
                libc::poll(std::ptr::null_mut(), 0, 10);
            }
            let mut done = false;
            loop {
                let mut wait_status = 0;
                let r = libc::waitpid(-1, &mut wait_status, libc::WNOHANG);
                if r <= 0 {
                    break;
                }
                if r == program {
                    ended = wait_status;
                    done = true;
                }
            }
            if done {
                break;
            }
        }
        let left = end_the_rest();
        libc::write(report, left.to_ne_bytes().as_ptr().cast(), 4);
        libc::write(status, ended.to_ne_bytes().as_ptr().cast(), 4);
        libc::_exit(0)
    }
}

/// A `/proc` of the namespace's own, in its mount namespace; the runner's
/// Landlock ruleset made to cover it. Where it cannot be mounted, the
/// machine's stays (`grade` says so before it starts).
unsafe fn mount_own_proc(ruleset: Option<RawFd>) {
    // SAFETY: system calls on static strings and plain data.
    unsafe {
        libc::mount(
            std::ptr::null(),
            c"/".as_ptr(),
            std::ptr::null(),
            libc::MS_REC | libc::MS_PRIVATE,
            std::ptr::null(),
        );
        let mounted = libc::mount(
            c"proc".as_ptr(),
            c"/proc".as_ptr(),
            c"proc".as_ptr(),
            libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC,
            std::ptr::null(),
        ) == 0;
        if let (true, Some(ruleset)) = (mounted, ruleset) {
            allow_reading(ruleset, c"/proc");
        }
    }
}

/// Adds to `ruleset` the right to read and list what is beneath `path` (a
/// symbolic link followed), between fork and exec: system calls on plain
/// data. Where it cannot, the path stays out of the box.
///
/// # Safety
/// `ruleset` is a Landlock ruleset this process owns.
pub(super) unsafe fn allow_reading(ruleset: RawFd, path: &std::ffi::CStr) {
    // SAFETY: system calls on a static path and plain data.
    unsafe {
        let fd = libc::open(path.as_ptr(), libc::O_PATH | libc::O_CLOEXEC);
        if fd >= 0 {
            let rule = PathBeneath {
                allowed_access: LANDLOCK_READ,
                parent_fd: fd,
            };
            libc::syscall(
                libc::SYS_landlock_add_rule,
                ruleset,
                LANDLOCK_RULE_PATH_BENEATH,
                &raw const rule,
                0u32,
            );
            libc::close(fd);
        }
    }
}

/// Three descriptors moved to 3, 4 and 5 (a negative one stays negative).
unsafe fn keep_three(a: RawFd, b: RawFd, c: RawFd) -> (RawFd, RawFd, RawFd) {
    // SAFETY: dup and dup2 on descriptors this process owns. The copies are
    // all made before any is moved, so none is lost to another's move.
    unsafe {
        let spares = [a, b, c].map(|fd| if fd >= 0 { libc::dup(fd) } else { -1 });
        let mut kept = [-1; 3];
        for (i, spare) in spares.into_iter().enumerate() {
            if spare >= 0 {
                kept[i] = 3 + i as RawFd;
                libc::dup2(spare, kept[i]);
            }
        }
        (kept[0], kept[1], kept[2])
    }
}

/// Waits a moment for the namespace's other processes to end, kills those
/// still running and reaps them all: how many were killed.
unsafe fn end_the_rest() -> u32 {
    // SAFETY: system calls on plain data.
    unsafe {
        let step = libc::timespec {
            tv_sec: 0,
            tv_nsec: 5_000_000,
        };
        for _ in 0..LEFT_GRACE.as_millis() / 5 {
            // Reap what has ended; none left to wait for: nothing running.
            let running = loop {
                let mut status = 0;
                let r = libc::waitpid(-1, &mut status, libc::WNOHANG);
                if r <= 0 {
                    break r == 0;
                }
            };
            if !running {
                return 0;
            }
            libc::nanosleep(&step, std::ptr::null_mut());
        }
        // From the init, -1 is every other process of the namespace.
        libc::kill(-1, libc::SIGKILL);
        let mut killed = 0;
        loop {
            let mut status = 0;
            let r = libc::waitpid(-1, &mut status, 0);
            if r > 0 {
                killed += 1;
            } else if !interrupted() {
                break;
            }
        }
        killed
    }
}

/// Whether runs of `shape` can be contained here: checked once, by
/// starting `true` in such a namespace.
pub fn available(shape: Shape) -> bool {
    use std::sync::OnceLock;
    static KATA: OnceLock<bool> = OnceLock::new();
    static STUDENT: OnceLock<bool> = OnceLock::new();
    let cell = match shape {
        Shape::Kata => &KATA,
        Shape::Student => &STUDENT,
    };
    *cell.get_or_init(|| {
        use std::os::unix::process::CommandExt;
        let Ok(mut contain) = Contain::new(shape, None) else {
            return false;
        };
        let program = ["/bin/true", "/usr/bin/true"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists());
        let Some(program) = program else {
            return false;
        };
        let mut command = std::process::Command::new(program);
        command
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        // SAFETY: the step makes system calls on data prepared here.
        unsafe { command.pre_exec(contain.enter()) };
        let Ok(mut child) = command.spawn() else {
            return false;
        };
        contain.spawned();
        child.wait().is_ok_and(|s| s.success())
    })
}

/// Whether a student's grading gets a `/proc` of its own here: checked
/// once, by listing `/proc` from such a namespace (its init, the shell and
/// `ls`: a handful of processes, not the machine's).
pub fn own_proc() -> bool {
    use std::sync::OnceLock;
    static OWN: OnceLock<bool> = OnceLock::new();
    *OWN.get_or_init(|| {
        use std::os::unix::process::CommandExt;
        let Ok(mut contain) = Contain::new(Shape::Student, None) else {
            return false;
        };
        let mut command = std::process::Command::new("/bin/sh");
        command
            .args(["-c", "ls /proc"])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null());
        // SAFETY: the step makes system calls on data prepared here.
        unsafe { command.pre_exec(contain.enter()) };
        let Ok(child) = command.spawn() else {
            return false;
        };
        contain.spawned();
        let Ok(out) = child.wait_with_output() else {
            return false;
        };
        let pids = String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .filter(|name| name.parse::<u32>().is_ok())
            .count();
        out.status.success() && (1..=8).contains(&pids)
    })
}
