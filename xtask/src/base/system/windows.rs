//! Windows: process creation flags; files have no inodes here.

use std::fs::Metadata;
use std::os::windows::process::CommandExt;
use std::process::{Child, Command};

use windows_sys::Win32::System::Threading::{
    BELOW_NORMAL_PRIORITY_CLASS, CREATE_NEW_PROCESS_GROUP, IDLE_PRIORITY_CLASS,
};

/// Where Windows looks for a program's DLLs (the explorer's and the
/// recorder's `std`), after the program's own folder.
pub const LIBRARY_PATH_VAR: &str = "PATH";

/// Nothing to do: Windows has no SIGPIPE.
pub fn end_quietly_on_a_closed_pipe() {}

/// Runs `command` a little below the learner's own work.
pub fn lower_priority(command: &mut Command) {
    command.creation_flags(BELOW_NORMAL_PRIORITY_CLASS);
}

/// Runs `command` in a process group of its own (no Ctrl-C of the
/// learner's reaches it; a Windows process outlives the one that started
/// it anyway) at idle priority, which its children inherit.
pub fn detach_at_lowest_priority(command: &mut Command) {
    command.creation_flags(CREATE_NEW_PROCESS_GROUP | IDLE_PRIORITY_CLASS);
}

/// Left to finish: Windows cannot signal a process group that is not on
/// this console, and the build runs at idle priority.
pub fn stop_group(_pid: i32) {}

/// No gentle stop on Windows: the caller kills.
pub fn ask_to_stop(_child: &Child) -> bool {
    false
}

/// Not known here (std does not give a file's index on stable Rust).
pub fn file_id(_meta: &Metadata) -> Option<(u64, u64)> {
    None
}

/// One name a file, as far as this runner can tell.
pub fn links(_meta: &Metadata) -> u64 {
    1
}

/// The file's length (what it takes on disk is not known here).
pub fn disk_bytes(meta: &Metadata) -> u64 {
    meta.len()
}
