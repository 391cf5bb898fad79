//! The explorer's library built ahead of need: after the first verdict, the
//! runner starts itself again, detached and at the lowest priority, to build
//! the library while the learner reads the first katas (`docs/speed.md` says
//! how long it takes). By the first explored kata nothing is left to build.
//!
//! The background build holds the explorer's build lock, so a foreground
//! build never races it; one that finds it running stops it instead of
//! waiting behind a process at idle priority (cargo keeps the crates it
//! finished). Two runners starting it at once: the second finds the lock held
//! and does nothing. Its output goes to `background.log` in the explorer's
//! folder.

use crate::base::failure::{Doing, Failed, Task};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result};

/// Names the background build's process (and process group) while it holds
/// the build lock.
fn pid_file(dir: &Path) -> PathBuf {
    dir.join("background.pid")
}

/// Where the background build writes cargo's messages.
pub fn log_file(dir: &Path) -> PathBuf {
    dir.join("background.log")
}

/// Records this process as the background build (called holding the lock).
pub(super) fn claim(dir: &Path) -> Result<()> {
    let file = pid_file(dir);
    std::fs::write(&file, std::process::id().to_string())
        .with_context(|| Failed::on(Doing::Write, &file))
}

/// The lock is taken by a build that is not the background one (or the
/// background one is done): no process to name.
pub(super) fn forget(dir: &Path) {
    let _ = std::fs::remove_file(pid_file(dir));
}

/// Stops the background build, if one holds the lock: its whole process
/// group (the runner, cargo and the compilers), which it leads.
pub(super) fn stop(dir: &Path) {
    let Some(pid) = std::fs::read_to_string(pid_file(dir))
        .ok()
        .and_then(|text| text.trim().parse::<i32>().ok())
        .filter(|pid| *pid > 1)
    else {
        return;
    };
    // The background build leads a process group of its own.
    crate::base::system::stop_group(pid);
}

/// Starts `command` (the runner's hidden `build-explorer` command) detached:
/// a session of its own, so it outlives the command that started it and no
/// Ctrl-C of the learner's reaches it; no terminal; the lowest CPU and I/O
/// priority, so that a check running meanwhile is not slowed. Its exit is
/// collected on a thread of this process, if this process lives that long.
pub fn start(dir: &Path, mut command: Command) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| Failed::on(Doing::Create, dir))?;
    // Appended to, never cut short: a second runner starting a build that
    // will find the lock held must not truncate the first one's log.
    let log = std::fs::File::options()
        .create(true)
        .append(true)
        .open(log_file(dir))
        .with_context(|| Failed::on(Doing::Create, log_file(dir)))?;
    command
        .env(super::EXPLORER_DIR_VAR, dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log);
    crate::base::system::detach_at_lowest_priority(&mut command);
    let mut child = command.spawn().context(Task::StartBackgroundBuild)?;
    let _ = std::thread::Builder::new()
        .name("background build".into())
        .spawn(move || child.wait());
    Ok(())
}
