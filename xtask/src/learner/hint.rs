//! `hint`: the next hint for a kata, gentle first.

use anyhow::{Result, bail};

use crate::cli::Outcome;
use crate::core::track::current_kata;
use crate::core::workbook::Workbook;
use crate::learner::{load_progress, update_progress};
use crate::render::track;

pub fn hint(workbook: &Workbook, name: Option<&str>, all: bool) -> Result<Outcome> {
    let progress = load_progress(&workbook.root)?;
    let kata = match name {
        Some(name) => workbook.catalog.find(name)?,
        None => match current_kata(workbook, &progress) {
            Some(kata) => kata,
            None => bail!("{}", crate::render::learner::hint_all_done()),
        },
    };
    let total = kata.hints.len();
    let shown = progress.hints_shown.get(&kata.name).copied().unwrap_or(0);
    let upto = if all { total } else { (shown + 1).min(total) };
    print!("{}", track::hints(kata, upto));
    if upto > shown {
        update_progress(&workbook.root, |p| {
            let seen = p.hints_shown.entry(kata.name.clone()).or_default();
            *seen = upto.max(*seen);
        })?;
    }
    Ok(Outcome::Passed)
}
