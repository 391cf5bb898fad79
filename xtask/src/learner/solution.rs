//! `solution`: a kata's reference solution, once the learner has passed it.

use anyhow::{Context, Result, bail};

use crate::cli::Outcome;
use crate::core::workbook::Workbook;
use crate::learner::load_progress;
use crate::render::track;

pub fn solution(workbook: &Workbook, name: &str, force: bool) -> Result<Outcome> {
    let kata = workbook.catalog.find(name)?;
    let progress = load_progress(&workbook.root)?;
    if !force && !progress.is_done(&kata.name) {
        bail!(
            "`{}` is not done yet. Try `cargo xtask hint {}` first, or look anyway with \
             `cargo xtask solution {} --force`.",
            kata.name,
            kata.name,
            kata.name
        );
    }
    let path = workbook.root.join(&kata.solution);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let yours = std::fs::read_to_string(workbook.root.join(&kata.path)).ok();
            print!(
                "{}",
                track::solution(
                    &kata.solution,
                    &text,
                    yours.as_deref().map(|y| (kata.path.as_path(), y)),
                )
            );
            Ok(Outcome::Passed)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "the reference solutions are not part of this copy of the workbook \
             (ask your teacher once the assignment is over)"
        ),
        Err(e) => Err(e).with_context(|| format!("Failed to read `{}`", path.display())),
    }
}
