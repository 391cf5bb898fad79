//! The learner's commands: `next`, `run`, `hint`, `list`, `reset`,
//! `solution`, `verify`, `watch` and `explore`. Each returns an `Outcome` (did
//! the learner's code pass?) or an error (the runner could not do its job).
//! Where `next` decides what is next: `core::track::current_kata`.

pub mod editor_check;
pub mod explore;
pub mod hint;
pub mod list;
pub mod next;
pub mod prepare;
pub mod reset;
pub mod solution;
pub mod step;
pub mod trace;
pub mod verify;
pub mod watch;

use std::path::Path;

use anyhow::Result;

use crate::core::catalog::Kata;
use crate::core::progress::{self, Progress};
use crate::core::workbook::Workbook;
use crate::render::track;

/// Loads progress, telling the learner if an unreadable file was set aside.
pub(crate) fn load_progress(root: &Path) -> Result<Progress> {
    Ok(warn_if_recovered(Progress::load(root)?))
}

/// Applies a change to the saved progress (see `Progress::update`: another
/// runner's change saved meanwhile is kept), and returns the progress now saved.
pub(crate) fn update_progress(root: &Path, change: impl FnOnce(&mut Progress)) -> Result<Progress> {
    Ok(warn_if_recovered(Progress::update(root, change)?))
}

fn warn_if_recovered(loaded: progress::Loaded) -> Progress {
    if let Some(aside) = loaded.recovered_from {
        eprint!("{}", track::progress_recovered(&aside));
    }
    loaded.progress
}

/// The "Why it works" notes of `kata`'s solution, as said after a pass
/// (nothing when the solution cannot be read).
pub(crate) fn why_it_works(workbook: &Workbook, kata: &Kata) -> String {
    std::fs::read_to_string(workbook.root.join(&kata.solution))
        .map(|text| track::why_it_works(&text))
        .unwrap_or_default()
}
