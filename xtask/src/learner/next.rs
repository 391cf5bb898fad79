//! `next` and `run`: check a kata; on a pass, mark it done and say why it works.

use anyhow::{Context, Result, bail};

use crate::base::terminal;
use crate::cli::Outcome;
use crate::core::catalog::Kata;
use crate::core::judge::{Judged, Verdict, last_failure};
use crate::core::track::{
    Place, awaiting_recorder, changed_since_pass, current_kata, kata_file, place,
};
use crate::core::workbook::{Target, Workbook};
use crate::learner::{load_progress, prepare, update_progress, why_it_works};
use crate::render::failed::{self, Doing};
use crate::render::{screen, track, verdict as show};

pub fn next(workbook: &Workbook, full: bool) -> Result<Outcome> {
    fit_screen(full);
    let progress = load_progress(&workbook.root)?;
    // Katas passed before the recorder was built have their channels judged
    // first: a pass on output alone is not the last word.
    for kata in awaiting_recorder(workbook, &progress) {
        print!("{}", track::judging_channels_now(kata));
        if run_judged(workbook, &kata.name)?.outcome == Outcome::Failed {
            print!("{}", track::channels_judged_now_fail(kata));
            return Ok(Outcome::Failed);
        }
        println!();
    }
    let progress = load_progress(&workbook.root)?;
    let katas = &workbook.catalog.katas;
    let Some(kata) = current_kata(workbook, &progress) else {
        // Before the track is called complete, the katas whose file changed
        // since they passed are checked again.
        for kata in changed_since_pass(workbook, &progress) {
            if run_judged(workbook, &kata.name)?.outcome == Outcome::Failed {
                print!("{}", track::changed_since_pass(kata));
                return Ok(Outcome::Failed);
            }
            println!();
        }
        print!("{}", track::complete(&workbook.catalog.complete));
        return Ok(Outcome::Passed);
    };
    if !progress.welcomed {
        update_progress(&workbook.root, |p| p.welcomed = true)?;
        print!("{}", track::welcome(&workbook.catalog.welcome));
    }
    let index = workbook.catalog.position(&kata.name).unwrap_or(0);
    print!("{}", track::heading(kata, index, katas.len()));
    let file = kata_file(workbook, kata);
    let judged = judge_exercise(workbook, kata)?;
    let verdict = judged.verdict;
    print!("{}", show::verdict(kata, &verdict, &judged.warnings));
    print!(
        "{}",
        show::coverage(&verdict, judged.searched.as_ref(), &judged.judged_on)
    );
    // For `trace`: a convenience, so a record that cannot be written is no error.
    let _ = last_failure::record(&workbook.root, kata, file.as_deref(), &verdict);
    prepare::explorer_in_background(workbook);
    if !verdict.passed() {
        return Ok(Outcome::Failed);
    }
    let progress = update_progress(&workbook.root, |p| {
        p.mark_passed(&kata.name, file.as_deref());
        if judged.judged_on.awaits_recorder() {
            p.mark_unjudged(&kata.name);
        }
    })?;
    print!("{}", why_it_works(workbook, kata));
    match place(workbook, &progress) {
        Place::Kata(next) => print!("{}", track::next_kata(next)),
        Place::Recheck(changed) => print!("{}", track::recheck(&changed)),
        Place::Complete => {
            println!();
            print!("{}", track::complete(&workbook.catalog.complete));
        }
    }
    Ok(Outcome::Passed)
}

/// Judges the learner's file, first making sure it is there and readable.
pub(crate) fn judge_exercise(workbook: &Workbook, kata: &Kata) -> Result<Judged> {
    let file = workbook.root.join(&kata.path);
    match std::fs::read(&file) {
        Ok(bytes) if std::str::from_utf8(&bytes).is_err() => {
            bail!("{}", crate::render::learner::not_utf8(kata))
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            bail!("{}", crate::render::learner::kata_file_missing(kata))
        }
        Err(e) => return Err(e).with_context(|| failed::on(Doing::Read, &file)),
    }
    workbook.judge_one(kata, Target::Exercise)
}

/// `run`: like `next` on one kata, "Why it works" included on a pass, so a
/// kata passed this way has had its explanation when `next` moves on.
/// A verdict fits the terminal (or a screenful where the output goes to a
/// pipe or a file), the verdict and its likely cause whole, unless `--full`
/// asks for every line of its long parts.
fn fit_screen(full: bool) {
    screen::fit_to(match full {
        true => None,
        false => Some(terminal::rows().unwrap_or(screen::UNKNOWN_HEIGHT)),
    });
}

pub fn run(workbook: &Workbook, name: &str, full: bool) -> Result<Outcome> {
    fit_screen(full);
    let ran = run_judged(workbook, name)?;
    if ran.outcome == Outcome::Passed {
        let kata = workbook.catalog.find(name)?;
        print!("{}", why_it_works(workbook, kata));
    }
    Ok(ran.outcome)
}

/// What `run` found: the outcome, the verdict, and the file as judged.
pub(crate) struct Ran {
    pub outcome: Outcome,
    pub verdict: Verdict,
    pub file: Option<Vec<u8>>,
}

/// `run`, keeping the verdict (`watch` draws the schedule behind it).
pub(crate) fn run_judged(workbook: &Workbook, name: &str) -> Result<Ran> {
    let kata = workbook.catalog.find(name)?;
    let index = workbook.catalog.position(name).unwrap_or(0);
    print!(
        "{}",
        track::heading(kata, index, workbook.catalog.katas.len())
    );
    // The file as judged: a save during the check is not what passed.
    let file = kata_file(workbook, kata);
    let judged = judge_exercise(workbook, kata)?;
    let verdict = judged.verdict;
    print!("{}", show::verdict(kata, &verdict, &judged.warnings));
    print!(
        "{}",
        show::coverage(&verdict, judged.searched.as_ref(), &judged.judged_on)
    );
    // For `trace`: a convenience, so a record that cannot be written is no error.
    let _ = last_failure::record(&workbook.root, kata, file.as_deref(), &verdict);
    prepare::explorer_in_background(workbook);
    if verdict.passed() {
        update_progress(&workbook.root, |p| {
            p.mark_passed(&kata.name, file.as_deref());
            if judged.judged_on.awaits_recorder() {
                p.mark_unjudged(&kata.name);
            }
        })?;
    } else {
        let progress = load_progress(&workbook.root)?;
        // Passed once, but changed since or passed on its output alone, and
        // failing now: it is not done any more.
        if progress.changed_since_pass(&kata.name, file.as_deref())
            || progress.unjudged.contains(&kata.name)
        {
            update_progress(&workbook.root, |p| p.unmark(&kata.name))?;
        }
    }
    Ok(Ran {
        outcome: Outcome::from_pass(verdict.passed()),
        verdict,
        file,
    })
}
