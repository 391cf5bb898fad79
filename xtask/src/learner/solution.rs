//! `solution`: a kata's reference solution, once the learner has passed it.

use anyhow::{Context, Result, bail};

use crate::cli::Outcome;
use crate::core::workbook::Workbook;
use crate::learner::load_progress;
use crate::render::failed::{self, Doing};
use crate::render::{learner as words, track};

pub fn solution(workbook: &Workbook, name: &str, force: bool) -> Result<Outcome> {
    let kata = workbook.catalog.find(name)?;
    let progress = load_progress(&workbook.root)?;
    if !force && !progress.is_done(&kata.name) {
        bail!("{}", words::solution_not_yet(kata));
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
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!("{}", words::no_solutions()),
        Err(e) => Err(e).with_context(|| failed::on(Doing::Read, &path)),
    }
}
