//! The explorer's library, built before it is needed: `next`, `run` and
//! `watch` start its build in the background once a verdict is shown, and
//! the hidden `build-explorer` command is that build.

use anyhow::Result;

use crate::cli::Outcome;
use crate::core::workbook::Workbook;

/// After a verdict: if a kata of the track is explored and the explorer's
/// library is not built, starts the runner's `build-explorer` in the
/// background. Never fails the command: without it the library is built
/// when first needed, as before.
pub fn explorer_in_background(workbook: &Workbook) {
    if !workbook.catalog.katas.iter().any(|k| k.explore) {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let mut command = std::process::Command::new(exe);
    command
        .arg("--root")
        .arg(&workbook.root)
        .args(["--color", "never", "build-explorer"]);
    let _ = workbook.explorer.prepare_in_background(command);
}

/// `build-explorer`: builds the library unless it is current or being built.
pub fn build_in_background(workbook: &Workbook) -> Result<Outcome> {
    workbook.explorer.build_library_in_background()?;
    Ok(Outcome::Passed)
}
