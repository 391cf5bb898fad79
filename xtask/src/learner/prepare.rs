//! The explorer's library, built before it is needed: `next`, `run` and
//! `watch` start its build in the background once a verdict is shown, and
//! the hidden `build-explorer` command is that build.

use anyhow::{Result, bail};

use crate::cli::Outcome;
use crate::core::workbook::Workbook;
use crate::render::not_run;

/// Set (not to `0`), no background build is started: the library is built
/// when first needed (the tests' copies, a CI job that never explores).
pub const NO_BACKGROUND_BUILD: &str = "WORKBOOK_NO_BACKGROUND_BUILD";

/// After a verdict: if a kata of the track is explored and the explorer's
/// library is not built, starts the runner's `build-explorer` in the
/// background. Never fails the command: without it the library is built
/// when first needed, as before.
pub fn explorer_in_background(workbook: &Workbook) {
    if !workbook.catalog.katas.iter().any(|k| k.explore)
        || std::env::var_os(NO_BACKGROUND_BUILD).is_some_and(|v| v != "0")
    {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    // The runner's own workbook, which outlives any copy it judges.
    let mut command = std::process::Command::new(exe);
    command
        .env_remove("WORKBOOK_ROOT")
        .args(["--color", "never", "build-explorer"]);
    let _ = workbook.explorer.prepare_in_background(command);
}

/// `build-explorer`: builds the library unless it is current or being built.
pub fn build_in_background(workbook: &Workbook) -> Result<Outcome> {
    if let Err(reason) = workbook.explorer.build_library_in_background()? {
        bail!("{}", not_run::reason(&reason));
    }
    Ok(Outcome::Passed)
}
