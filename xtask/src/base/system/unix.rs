//! Linux and macOS: signals, sessions, niceness, inodes.

use std::fs::Metadata;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command};

/// The variable a program's loader searches for shared libraries (the
/// explorer's and the recorder's `std`), before the system's own places.
#[cfg(target_os = "macos")]
pub const LIBRARY_PATH_VAR: &str = "DYLD_FALLBACK_LIBRARY_PATH";
/// The variable a program's loader searches for shared libraries (the
/// explorer's and the recorder's `std`), before the system's own places.
#[cfg(not(target_os = "macos"))]
pub const LIBRARY_PATH_VAR: &str = "LD_LIBRARY_PATH";

/// `cargo xtask list | head`: end quietly when the reader goes away, as
/// other command-line tools do, rather than panic on the next `println!`.
/// Rust ignores SIGPIPE by default. Call before any thread starts.
pub fn end_quietly_on_a_closed_pipe() {
    // SAFETY: restores a signal's default action; no thread runs yet.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Runs `command` a little below the learner's own work (niceness 10).
pub fn lower_priority(command: &mut Command) {
    // SAFETY: setpriority is async-signal-safe.
    unsafe {
        command.pre_exec(|| {
            libc::setpriority(libc::PRIO_PROCESS, 0, 10);
            Ok(())
        });
    }
}

/// Runs `command` in a session of its own (it outlives the command that
/// started it and no Ctrl-C of the learner's reaches it) at the lowest CPU
/// and I/O priority (idle scheduling where Linux has it, the highest
/// niceness everywhere); its children (cargo, rustc) inherit both.
pub fn detach_at_lowest_priority(command: &mut Command) {
    // SAFETY: only async-signal-safe system calls between fork and exec.
    unsafe {
        command.pre_exec(|| {
            libc::setsid();
            libc::setpriority(libc::PRIO_PROCESS, 0, 19);
            #[cfg(target_os = "linux")]
            {
                let param = libc::sched_param { sched_priority: 0 };
                libc::sched_setscheduler(0, libc::SCHED_IDLE, &param);
                // IOPRIO_WHO_PROCESS, this process, IOPRIO_CLASS_IDLE.
                libc::syscall(libc::SYS_ioprio_set, 1, 0, 3 << 13);
            }
            Ok(())
        });
    }
}

/// Asks the process group `pid` leads (one started by
/// `detach_at_lowest_priority`) to stop, if `pid` still leads one.
pub fn stop_group(pid: i32) {
    // SAFETY: plain system calls; the group is only signalled if `pid` still
    // leads a process group.
    unsafe {
        if pid > 1 && libc::getpgid(pid) == pid {
            libc::kill(-pid, libc::SIGTERM);
        }
    }
}

/// Asks `child` to stop (SIGTERM), so it can stop what it runs first; true
/// when asked, false where there is no such request (the caller kills).
pub fn ask_to_stop(child: &Child) -> bool {
    let Ok(pid) = libc::pid_t::try_from(child.id()) else {
        return false;
    };
    // SAFETY: plain kill(2) on our own child's pid, which it still is (it
    // has not been waited for).
    unsafe { libc::kill(pid, libc::SIGTERM) == 0 }
}

/// The file's identity (device, inode): two names with the same identity
/// are hard links of one file. `None` where the system does not say.
pub fn file_id(meta: &Metadata) -> Option<(u64, u64)> {
    Some((meta.dev(), meta.ino()))
}

/// How many names the file has.
pub fn links(meta: &Metadata) -> u64 {
    meta.nlink()
}

/// Bytes the file takes on disk, as `du` counts them.
pub fn disk_bytes(meta: &Metadata) -> u64 {
    meta.blocks() * 512
}
