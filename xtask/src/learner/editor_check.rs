//! `editor-check` (hidden): what rust-analyzer runs on save. Only the kata
//! `next` works on is checked, so the editor lists its errors and not those
//! of every kata still shipped broken; once the track is done, every kata.

use anyhow::Result;

use crate::base::build;
use crate::cli::Outcome;
use crate::core::track::current_kata;
use crate::core::workbook::{Target, Workbook};
use crate::learner::load_progress;

pub fn editor_check(workbook: &Workbook) -> Result<Outcome> {
    let progress = load_progress(&workbook.root)?;
    let bins: Vec<String> = match current_kata(workbook, &progress) {
        Some(kata) => vec![Target::Exercise.bin(kata)],
        None => workbook
            .catalog
            .katas
            .iter()
            .map(|k| Target::Exercise.bin(k))
            .collect(),
    };
    // Beside rust-analyzer's own (`rust-analyzer.cargo.targetDir`).
    let target_dir = workbook.root.join("target").join("rust-analyzer");
    let status = build::check_for_editor(
        &workbook.root,
        Target::Exercise.package(),
        &bins,
        &target_dir,
    )?;
    Ok(Outcome::from_pass(status.success()))
}
