//! Processes and files where the systems differ, one file per system with
//! the same names: `unix` (Linux and macOS: signals, sessions, niceness,
//! inodes, the loader's library path) and `windows` (process creation flags;
//! no inodes; DLLs on `PATH`).

#[cfg(unix)]
mod unix;
#[cfg(windows)]
mod windows;

#[cfg(unix)]
use unix as imp;
#[cfg(windows)]
use windows as imp;

pub use imp::{
    LIBRARY_PATH_VAR, ask_to_stop, detach_at_lowest_priority, disk_bytes,
    end_quietly_on_a_closed_pipe, file_id, links, lower_priority, stop_group,
};
