//! What `grade` says while it grades a class: as it starts, a line per
//! student as their grading ends, and why it would not start.

use crate::core::shard::Shard;
use crate::core::submission::Pick;
use crate::render::grading::StudentGrade;

/// `grade` refused off Linux, on `os`, without `--unconfined`.
pub fn no_grading_box(os: &str) -> String {
    format!(
        "grading runs each student's programs in a box that only Linux has (Landlock, \
         seccomp): on {os} they would read and write your files and use the network as you \
         do. Grade on Linux (`cargo xtask grade-workflow` writes a GitHub Actions workflow \
         that does), or add `--unconfined` to grade here anyway"
    )
}

/// The protections of the grading box this machine lacks, if any.
pub fn less_confined(missing: &[String]) -> String {
    let mut out = String::new();
    if !missing.is_empty() {
        say!(out, "Student code is confined less than it should be here:");
        for what in missing {
            say!(out, "  - {what}");
        }
    }
    out
}

/// A part of the class (`shard`) with no students in it.
pub fn empty_part(shard: Option<Shard>, class_size: usize) -> String {
    format!(
        "Part {} has no students (the class has {class_size}).\n",
        shard.map_or_else(String::new, |s| s.to_string())
    )
}

/// Said as grading starts: whom (`students` of the class's `class_size`), how
/// many at a time, which of their code, with which checks.
pub fn grading_starts(
    pick: &Pick,
    shard: Option<Shard>,
    (students, class_size): (usize, usize),
    jobs: usize,
    checks: &str,
) -> String {
    let which = match pick {
        Pick::Files => "the files in each folder".to_string(),
        Pick::Rev(rev) => format!("commit `{rev}` of each repository"),
        Pick::Deadline(time) => format!("each repository's last commit at or before {time}"),
    };
    let whom = match shard {
        Some(shard) => {
            format!("part {shard} of the class: {students} of its {class_size} students")
        }
        None => format!("{students} students"),
    };
    format!("Grading {whom} ({jobs} at a time), {which}, with the checks of `{checks}`...\n")
}

/// One line per student as their grading ends.
pub fn progress(grade: &StudentGrade) -> String {
    let mut out = String::new();
    if !grade.protected_changes.is_empty() {
        say!(
            out,
            "  {}: changed protected files: {}",
            grade.student,
            grade.protected_changes.join(", ")
        );
    }
    match (&grade.report, &grade.problem) {
        (Some(report), None) => say!(
            out,
            "  {}: {}/{} ({} of {} katas passed)",
            grade.student,
            report.score,
            report.max_score,
            report.passed(),
            report.tests.len()
        ),
        (Some(report), Some(problem)) => say!(
            out,
            "  {}: {}/{} from the katas judged before it stopped: {problem}",
            grade.student,
            report.score,
            report.max_score
        ),
        (None, Some(problem)) => say!(out, "  {}: no grade: {problem}", grade.student),
        (None, None) => say!(out, "  {}: no grade", grade.student),
    }
    out
}
