//! The pids cgroup of a boxed run started by root (`RLIMIT_NPROC` does not
//! bind root): made for the run, its processes killed and the folder removed
//! when the run ends, and every live one ended when the runner is stopped.

use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};

/// A pids cgroup for one run: at most `max` processes and threads in it,
/// the run's own. Removed when dropped (the run's processes are gone by then).
pub(super) struct PidsCgroup {
    dir: PathBuf,
    pub(super) procs: OwnedFd,
}

impl PidsCgroup {
    pub(super) fn new(max: u64) -> Option<Self> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let base = pids_cgroup_base()?;
        let dir = base.join(format!(
            "workbook-run-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir(&dir).ok()?;
        let made = std::fs::write(dir.join("pids.max"), max.to_string())
            .and_then(|()| {
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(dir.join("cgroup.procs"))
            })
            .map(OwnedFd::from);
        match made {
            Ok(procs) => {
                live_cgroups().push(dir.clone());
                Some(Self { dir, procs })
            }
            Err(_) => {
                let _ = std::fs::remove_dir(&dir);
                None
            }
        }
    }
}

impl Drop for PidsCgroup {
    fn drop(&mut self) {
        end_cgroup(&self.dir);
        live_cgroups().retain(|d| *d != self.dir);
    }
}

/// Kills every process still in the cgroup `dir` and removes it. The
/// kernel lets a cgroup go once its last task is reaped, which may lag the
/// kill a little.
fn end_cgroup(dir: &Path) {
    for _ in 0..100 {
        if let Ok(procs) = std::fs::read_to_string(dir.join("cgroup.procs")) {
            for pid in procs
                .lines()
                .filter_map(|l| l.trim().parse::<libc::pid_t>().ok())
            {
                // SAFETY: kill takes plain integers; a pid of this cgroup
                // (one that just ended is ESRCH).
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
        }
        if std::fs::remove_dir(dir).is_ok() || !dir.exists() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// The cgroups made and not yet removed, for the interrupt handler.
static LIVE_CGROUPS: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn live_cgroups() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    LIVE_CGROUPS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Ends every cgroup this process made: its processes killed, the cgroup
/// removed (an interrupted `grade`).
pub(in crate::base::execute) fn end_live_cgroups() {
    let dirs = std::mem::take(&mut *live_cgroups());
    for dir in dirs {
        end_cgroup(&dir);
    }
}

/// Whether this process is in a pids cgroup with a cap (`pids.max` not
/// `max`), which its children inherit: `grade` puts each student's boxed
/// runner in one. Read once.
pub(super) fn in_capped_pids_cgroup() -> bool {
    use std::sync::OnceLock;
    static CAPPED: OnceLock<bool> = OnceLock::new();
    *CAPPED.get_or_init(|| {
        let Ok(cgroups) = std::fs::read_to_string("/proc/self/cgroup") else {
            return false;
        };
        // v1: `N:pids:/path`; v2: `0::/path`.
        let pids_max = cgroups.lines().find_map(|line| {
            let mut parts = line.splitn(3, ':');
            let (_, controllers, path) = (parts.next()?, parts.next()?, parts.next()?);
            let path = path.trim_start_matches('/');
            if controllers.split(',').any(|c| c == "pids") {
                Some(Path::new("/sys/fs/cgroup/pids").join(path).join("pids.max"))
            } else if controllers.is_empty() && !path.is_empty() {
                Some(Path::new("/sys/fs/cgroup").join(path).join("pids.max"))
            } else {
                None
            }
        });
        pids_max
            .and_then(|file| std::fs::read_to_string(file).ok())
            .is_some_and(|max| max.trim() != "max")
    })
}

/// Where this process (as root) can make pids cgroups: the pids hierarchy
/// of cgroup v1, or the cgroup v2 root when it hands out the pids
/// controller; checked once by making and removing one.
pub(in crate::base::execute) fn pids_cgroup_base() -> Option<&'static Path> {
    use std::sync::OnceLock;
    static BASE: OnceLock<Option<PathBuf>> = OnceLock::new();
    BASE.get_or_init(|| {
        let v1 = Path::new("/sys/fs/cgroup/pids");
        let v2 = Path::new("/sys/fs/cgroup");
        let base = if v1.join("cgroup.procs").is_file() {
            v1
        } else if std::fs::read_to_string(v2.join("cgroup.subtree_control"))
            .is_ok_and(|c| c.split_whitespace().any(|c| c == "pids"))
        {
            v2
        } else {
            return None;
        };
        let probe = base.join(format!("workbook-probe-{}", std::process::id()));
        std::fs::create_dir(&probe).ok()?;
        let usable = probe.join("pids.max").is_file();
        let _ = std::fs::remove_dir(&probe);
        usable.then(|| base.to_path_buf())
    })
    .as_deref()
}

/// How many processes and threads the current user runs now: RLIMIT_NPROC
/// counts them all, so the cap is this many plus the kata's allowance.
pub(super) fn user_tasks() -> u64 {
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
