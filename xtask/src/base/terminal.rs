//! The learner's terminal: keys read as they are pressed, and its height.
//! Each system's way is in one file with the same names: `unix` (termios,
//! Linux and macOS) and `windows` (the console's input mode).

#[cfg(unix)]
mod unix;
#[cfg(windows)]
mod windows;

#[cfg(unix)]
use unix as imp;
#[cfg(windows)]
use windows as imp;

pub use imp::{RawMode, restore};

/// The terminal's height in rows: asked of the terminal on stdout, else
/// `LINES`; `None` without either.
pub fn rows() -> Option<usize> {
    imp::rows().or_else(|| {
        std::env::var("LINES")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .filter(|&rows: &usize| rows > 0)
    })
}
