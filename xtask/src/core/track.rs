//! Where the learner is in the track: the kata `next` works on, and the katas
//! whose file changed since they passed. Every learner command that needs to
//! know what is next asks here, so they all agree.

use crate::core::catalog::Kata;
use crate::core::progress::Progress;
use crate::core::workbook::Workbook;

/// The kata `next` works on: the first one in track order that is not done.
pub fn current_kata<'a>(workbook: &'a Workbook, progress: &Progress) -> Option<&'a Kata> {
    workbook
        .catalog
        .katas
        .iter()
        .find(|k| !progress.is_done(&k.name))
}

/// The learner's file of a kata as it is now (`None`: gone or unreadable).
pub fn kata_file(workbook: &Workbook, kata: &Kata) -> Option<Vec<u8>> {
    std::fs::read(workbook.root.join(&kata.path)).ok()
}

/// The katas done whose file changed since they passed, in track order.
pub fn changed_since_pass<'a>(workbook: &'a Workbook, progress: &Progress) -> Vec<&'a Kata> {
    workbook
        .catalog
        .katas
        .iter()
        .filter(|k| {
            progress.is_done(&k.name)
                && progress.changed_since_pass(&k.name, kata_file(workbook, k).as_deref())
        })
        .collect()
}

/// The done katas that passed before the recorder of real runs was built,
/// now that it is: their channels are judged before the learner goes on.
pub fn awaiting_recorder<'a>(workbook: &'a Workbook, progress: &Progress) -> Vec<&'a Kata> {
    if progress.unjudged.is_empty() || !workbook.explorer.recorder_ready() {
        return Vec::new();
    }
    workbook
        .catalog
        .katas
        .iter()
        .filter(|k| progress.is_done(&k.name) && progress.unjudged.contains(&k.name))
        .collect()
}

/// Where the learner stands after a check.
pub enum Place<'a> {
    /// A kata is still to do: the one `next` works on.
    Kata(&'a Kata),
    /// Every kata has passed, but these changed since: the track is complete
    /// only once they are checked again.
    Recheck(Vec<&'a Kata>),
    Complete,
}

/// Where the learner stands, given `progress`.
pub fn place<'a>(workbook: &'a Workbook, progress: &Progress) -> Place<'a> {
    if let Some(kata) = current_kata(workbook, progress) {
        return Place::Kata(kata);
    }
    let changed = changed_since_pass(workbook, progress);
    if changed.is_empty() {
        Place::Complete
    } else {
        Place::Recheck(changed)
    }
}
