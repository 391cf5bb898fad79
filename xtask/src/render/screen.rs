//! How tall the screen is, when a verdict must fit on it (`watch` in a
//! terminal): the long parts of a verdict (the interleaving, a program's
//! output, the compiler's errors, the "Expected" diff, the blocked threads)
//! are shortened so the verdict and its likely cause stay in sight. Without
//! a height, nothing is shortened.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The terminal's rows; 0 when nothing is to be shortened.
static ROWS: AtomicUsize = AtomicUsize::new(0);

/// Lines a verdict's screen needs besides its one long part: the heading,
/// the verdict's first line and likely cause, where to edit, the compiler's
/// warnings and the watcher's footer.
pub const RESERVED: usize = 18;

/// The fewest lines a long part is shortened to, however small the terminal.
const AT_LEAST: usize = 3;

/// The screen a verdict fits when its height is not known (the output goes
/// to a file or a pipe): a screenful, so no verdict runs to thousands of
/// lines; `--full` shows every line.
pub const UNKNOWN_HEIGHT: usize = 50;

/// The command that shows the long parts of `kata`'s verdict whole.
pub fn whole_command(kata: &str) -> String {
    format!("cargo xtask run {kata} --full")
}

/// From now on, verdicts fit `rows` lines (`None`: as long as they are).
pub fn fit_to(rows: Option<usize>) {
    ROWS.store(rows.unwrap_or(0), Ordering::Relaxed);
}

/// The terminal's height, if verdicts are to fit it.
pub fn rows() -> Option<usize> {
    match ROWS.load(Ordering::Relaxed) {
        0 => None,
        rows => Some(rows),
    }
}

/// How many lines a long part may take: `usual`, or less when the screen
/// has room for fewer once `reserved` lines are set aside.
pub fn lines_for(usual: usize, reserved: usize) -> usize {
    match rows() {
        None => usual,
        Some(rows) => usual.min(rows.saturating_sub(reserved).max(AT_LEAST)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_parts_shrink_to_the_screen_and_no_further() {
        fit_to(None);
        assert_eq!(lines_for(40, RESERVED), 40);
        fit_to(Some(30));
        assert_eq!(lines_for(40, RESERVED), 12);
        fit_to(Some(10));
        assert_eq!(lines_for(40, RESERVED), AT_LEAST);
        fit_to(Some(200));
        assert_eq!(lines_for(40, RESERVED), 40);
        fit_to(None);
    }
}
