//! The few lines of the learner's commands that are not a verdict, a trace
//! or the track (those are `verdict`, `trace`, `step`, `track`, `watch`): why
//! `solution` or `hint` refuses, a kata file that cannot be judged, what
//! `trace --html` and `verify --report` wrote.

use std::path::Path;

use crate::core::catalog::Kata;
use crate::core::checks::UnknownParam;
use crate::core::grading::Report;

/// `solution` before the kata is done, without `--force`.
pub fn solution_not_yet(kata: &Kata) -> String {
    let name = &kata.name;
    format!(
        "`{name}` is not done yet. Try `cargo xtask hint {name}` first, or look anyway with \
         `cargo xtask solution {name} --force`."
    )
}

/// `solution` in a copy of the workbook without the reference solutions.
pub fn no_solutions() -> String {
    "the reference solutions are not part of this copy of the workbook \
     (ask your teacher once the assignment is over)"
        .to_string()
}

/// `hint` without a name, with every kata done.
pub fn hint_all_done() -> String {
    "every kata is done; name one: `cargo xtask hint <name>`".to_string()
}

/// The learner's file is not UTF-8 text.
pub fn not_utf8(kata: &Kata) -> String {
    format!(
        "`{}` is not valid UTF-8 text, so it cannot be compiled. Was it saved in another \
         encoding? `cargo xtask reset {}` restores the shipped file (your version is backed up).",
        kata.path.display(),
        kata.name
    )
}

/// The learner's file is missing.
pub fn kata_file_missing(kata: &Kata) -> String {
    format!(
        "`{}` is missing. `cargo xtask reset {}` brings the shipped file back.",
        kata.path.display(),
        kata.name
    )
}

/// `trace --html`: the page is written.
pub fn wrote_page(file: &Path) -> String {
    format!("\nWrote the page: {}\n", file.display())
}

/// `verify --report ... --out FILE`: the tally, once the report is written.
pub fn report_written(report: &Report, path: &Path) -> String {
    format!(
        "{} passed, {} failed; score {}/{}; report written to `{}`\n",
        report.passed(),
        report.tests.len() - report.passed(),
        report.score,
        report.max_score,
        path.display()
    )
}

impl std::fmt::Display for UnknownParam {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let known = if self.known.is_empty() {
            "none".to_string()
        } else {
            self.known.join(", ")
        };
        write!(
            f,
            "kata `{}` has no parameter `{}` (its parameters: {known})",
            self.kata, self.param
        )
    }
}

impl std::error::Error for UnknownParam {}
