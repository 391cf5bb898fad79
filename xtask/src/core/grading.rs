//! Grades for teachers and CI, as data: every kata judged, its status and
//! its score with the catalog's `points`, the class's grades `grade` writes.
//! What each result says (its message, the output worth showing) is render's
//! (`render::grading::WORDS`), handed in; JSON and JUnit XML are written by
//! render too (`render::junit`).
//!
//! The JSON has the shape GitHub Classroom's command grader emits (`version`,
//! `status`, `max_score`, `tests[]` with `name`, `status`, `score`, `message`,
//! `duration` in milliseconds), so tools that read Classroom results read this
//! too; each test adds the finer `status` of a kata and its capped `output`.
//!
//! A grade must never be lost to one broken kata: a kata whose file is missing,
//! or that the runner cannot build or start, gets the status `error` and the
//! others are still judged.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::{Deserialize, Serialize};

use crate::core::catalog::Kata;
use crate::core::explore::NotRun;
use crate::core::judge::{Judged, JudgedOn, Status, Verdict};
use crate::core::shard::Shard;
use crate::core::workbook::{RunEvent, Target, Workbook};

/// How many characters of a kata's output a report keeps.
pub const OUTPUT_LIMIT: usize = 4000;

/// A class's grades, as `grade` writes them to `grades.json` (and
/// `grade-merge` reads them back): the students, and what graded them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClassGrades {
    /// The runner that graded: its version and a fingerprint of its source.
    pub runner: String,
    /// A fingerprint of the check data used (`checks/` of the trusted source).
    pub checks: String,
    /// Which state of each repository was graded: `files`, `rev:<REF>` or
    /// `deadline:<TIME>` (`Pick::record`).
    #[serde(default)]
    pub pick: String,
    /// When the grading started (UTC, RFC 3339); a joined class: its first part's.
    #[serde(default)]
    pub graded_at: String,
    /// Subfolders that were not graded, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
    /// The part of the class graded (`grade --shard`); none for a whole class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
    /// How many students the whole class has (every part, not only this one).
    pub class_size: usize,
    /// In order of their folder names.
    pub students: Vec<StudentGrade>,
}

/// A subfolder of the class's folder that was not graded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub folder: String,
    pub reason: String,
}

/// One student's grade, or why there is none.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StudentGrade {
    pub student: String,
    /// The commit of the student's repository that was graded (none when
    /// the folder is not a git repository and its files were graded as they are).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// The graded commit's committer date (as the student's git set it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit_date: Option<String>,
    /// Commits of the repository's `HEAD` made after the graded one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub later_commits: Option<u64>,
    /// Files of the folder that differ from its `HEAD` (uncommitted work;
    /// graded as they are when no `--rev` or `--deadline` is given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncommitted: Option<u64>,
    /// Protected files (`checks/`, `xtask/`, `.github/`, `.cargo/`, the Cargo
    /// files) that differ from the teacher's copy: added, changed or deleted.
    pub protected_changes: Vec<String>,
    /// Why no report could be made (the runner failed or ran out of time).
    pub problem: Option<String>,
    pub report: Option<Report>,
}

impl StudentGrade {
    pub fn score(&self) -> u32 {
        self.report.as_ref().map_or(0, |r| r.score)
    }
}

/// A whole grade: Classroom's top-level fields plus the total `score`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub version: u32,
    /// `pass` when every kata passed, `error` when some kata could not be
    /// judged, `fail` otherwise.
    pub status: Status,
    pub score: u32,
    pub max_score: u32,
    pub tests: Vec<KataResult>,
}

/// One kata's line in a report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KataResult {
    pub name: String,
    pub chapter: String,
    pub status: Status,
    pub score: u32,
    pub max_score: u32,
    /// One or two sentences: what went wrong, in the words the learner sees.
    pub message: String,
    /// Compiler diagnostics or the program's output, capped at `OUTPUT_LIMIT`.
    pub output: String,
    /// Milliseconds spent building and running it.
    pub duration: u64,
    /// The command that re-checks just this kata.
    pub test_code: String,
    /// The learner's file.
    pub filename: String,
    pub line_no: u32,
    /// The compiler's warnings about the learner's file, in brief; absent
    /// when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
    /// What the box and the runner did to its runs, whatever the status: a
    /// refusal, a cap reached, output cut, a process left running; absent
    /// when nothing happened.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sandbox_events: Vec<String>,
}

/// A compiler warning, in brief: its code, headline and line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// The lint (`unused_must_use`), when the compiler names one.
    pub code: Option<String>,
    pub message: String,
    pub line: Option<u32>,
}

impl Report {
    pub fn passed(&self) -> usize {
        self.tests
            .iter()
            .filter(|t| t.status == Status::Pass)
            .count()
    }
}

/// What became of one kata in a grading, before it is worded.
#[derive(Debug)]
pub enum Outcome<'a> {
    /// Judged: its verdict.
    Judged(&'a Verdict),
    /// Its file is missing (cargo refuses a whole build that names one).
    Missing(&'a Path),
    /// Its file is exactly as shipped: not started, so not built.
    Untouched(&'a Path),
    /// The runner could not build or judge it.
    NotJudged(&'a anyhow::Error),
    /// A grading stopped half-way before it was judged, and why.
    Stopped(&'a str),
}

impl Outcome<'_> {
    /// The kata's status in a report.
    pub fn status(&self) -> Status {
        match self {
            Self::Judged(verdict) => verdict.status(),
            Self::Untouched(_) => Status::Untouched,
            Self::Missing(_) | Self::NotJudged(_) | Self::Stopped(_) => Status::Error,
        }
    }
}

/// What a report says of one kata: its message, and the output worth
/// showing (capped at `OUTPUT_LIMIT`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Said {
    pub message: String,
    pub output: String,
}

/// The words of a report, which the core leaves to render
/// (`render::grading::WORDS`): a kata's outcome, and an event of its runs.
pub struct Words {
    pub outcome: fn(&Kata, &Outcome<'_>) -> Said,
    pub event: fn(&RunEvent) -> String,
    /// What a pass's message adds when its channels could not be judged:
    /// a pass on output alone is never reported as a plain pass.
    pub unjudged: fn(&NotRun) -> String,
}

impl Report {
    /// The report of `tests`: `pass` when every kata passed, `error` when
    /// some kata could not be judged, `fail` otherwise; the scores summed.
    pub fn of(tests: Vec<KataResult>) -> Self {
        let status = if tests.iter().all(|t| t.status == Status::Pass) {
            Status::Pass
        } else if tests.iter().any(|t| t.status == Status::Error) {
            Status::Error
        } else {
            Status::Fail
        };
        Self {
            version: 1,
            status,
            score: tests.iter().map(|t| t.score).sum(),
            max_score: tests.iter().map(|t| t.max_score).sum(),
            tests,
        }
    }
}

/// Judges `katas` and scores them; never fails as a whole.
pub fn grade(workbook: &Workbook, katas: &[&Kata], target: Target, words: &Words) -> Report {
    grade_as_it_goes(workbook, katas, target, None, words)
}

/// `grade`, each kata's result also appended to `progress` (one JSON line
/// each) as soon as it is known: what a grading stopped half-way keeps.
pub fn grade_as_it_goes(
    workbook: &Workbook,
    katas: &[&Kata],
    target: Target,
    progress: Option<&Path>,
    words: &Words,
) -> Report {
    let progress = progress.map(|path| Progress(std::sync::Mutex::new(path.to_path_buf())));
    let events = |kata: &Kata| -> Vec<String> {
        workbook
            .run_log
            .of(&kata.name)
            .iter()
            .map(words.event)
            .collect()
    };
    // Each judged kata's result, written as soon as it is known.
    let each = |kata: &Kata, judged: &Judged| {
        if let Some(progress) = &progress {
            let mut result = kata_result(
                kata,
                target,
                &Outcome::Judged(&judged.verdict),
                Some(judged),
                words,
            );
            result.sandbox_events = events(kata);
            progress.write(&result);
        }
    };
    // cargo refuses a whole build that names a missing file, so those katas
    // are set aside before building: they alone get `error`.
    // A learner's file still as shipped (by the check data in use) is not
    // started: it is not built, and its kata is `untouched`, not a failure.
    let mut missing = BTreeMap::new();
    let mut untouched = BTreeMap::new();
    let mut buildable = Vec::new();
    for kata in katas {
        let file = match target {
            Target::Exercise => kata.path.clone(),
            Target::Solution => kata.solution.clone(),
            Target::Shipped => kata.shipped_path(&workbook.catalog.checks_dir),
        };
        if !workbook.root.join(&file).is_file() {
            missing.insert(kata.name.as_str(), file);
        } else if target == Target::Exercise
            && is_untouched(
                &workbook.root.join(&file),
                &kata.shipped_path(&workbook.catalog.checks_dir),
            )
        {
            untouched.insert(kata.name.as_str(), file);
        } else {
            buildable.push(*kata);
        }
    }
    if let Some(progress) = &progress {
        for kata in katas {
            if let Some(file) = untouched.get(kata.name.as_str()) {
                let outcome = Outcome::Untouched(file);
                progress.write(&kata_result(kata, target, &outcome, None, words));
            }
        }
    }
    let mut judged = judge_each(workbook, &buildable, target, &each).into_iter();
    let tests: Vec<KataResult> = katas
        .iter()
        .map(|kata| {
            if let Some(file) = untouched.remove(kata.name.as_str()) {
                return kata_result(kata, target, &Outcome::Untouched(&file), None, words);
            }
            let mut result = match missing.remove(kata.name.as_str()) {
                Some(file) => kata_result(kata, target, &Outcome::Missing(&file), None, words),
                None => match judged.next().expect("one result per buildable kata") {
                    Ok(judged) => kata_result(
                        kata,
                        target,
                        &Outcome::Judged(&judged.verdict),
                        Some(&judged),
                        words,
                    ),
                    Err(error) => {
                        kata_result(kata, target, &Outcome::NotJudged(&error), None, words)
                    }
                },
            };
            result.sandbox_events = events(kata);
            result
        })
        .collect();
    Report::of(tests)
}

/// The file a grading's results are appended to as they come.
struct Progress(std::sync::Mutex<PathBuf>);

impl Progress {
    /// Appends one result, a line of JSON; a failed write loses only the
    /// partial record (the whole report is written at the end).
    fn write(&self, result: &KataResult) {
        use std::io::Write;
        let path = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let Ok(line) = serde_json::to_string(result) else {
            return;
        };
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&*path)
        {
            let _ = writeln!(file, "{line}");
        }
    }
}

/// Where `verify --report ... --out FILE` keeps each result as it comes:
/// `FILE.partial`, one JSON line per kata.
pub fn progress_file(out: &Path) -> PathBuf {
    let mut name = out.as_os_str().to_owned();
    name.push(".partial");
    name.into()
}

/// The report of a grading stopped half-way: the results it kept (its
/// progress file), and every other kata of `katas` as not judged (`why`);
/// its status is `error`. `None` when it kept none.
pub fn stopped_report(progress: &Path, katas: &[Kata], why: &str, words: &Words) -> Option<Report> {
    let kept = read_progress(progress);
    if kept.is_empty() {
        return None;
    }
    let tests: Vec<KataResult> = katas
        .iter()
        .map(|kata| {
            kept.iter()
                .find(|t| t.name == kata.name)
                .cloned()
                .unwrap_or_else(|| {
                    let outcome = Outcome::Stopped(why);
                    kata_result(kata, Target::Exercise, &outcome, None, words)
                })
        })
        .collect();
    Some(Report {
        status: Status::Error,
        ..Report::of(tests)
    })
}

/// The results a grading appended to its progress file before it stopped.
pub fn read_progress(path: &Path) -> Vec<KataResult> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect()
}

/// Whether a learner's file is byte for byte its shipped copy.
pub fn is_untouched(file: &Path, shipped: &Path) -> bool {
    match (std::fs::read(file), std::fs::read(shipped)) {
        (Ok(mine), Ok(shipped)) => mine == shipped,
        _ => false,
    }
}

/// One result per kata, in order. Judging all at once is fastest; if that
/// fails (cargo refused the build, a run could not start), each kata is judged
/// on its own so the error is charged to the kata that caused it.
fn judge_each(
    workbook: &Workbook,
    katas: &[&Kata],
    target: Target,
    each: &crate::core::judge::EachJudged<'_>,
) -> Vec<Result<Judged>> {
    if katas.is_empty() {
        return Vec::new();
    }
    match workbook.judge_many_each(katas, target, each) {
        Ok(all) => all.into_iter().map(Ok).collect(),
        Err(e) if katas.len() == 1 => vec![Err(e)],
        Err(_) => katas
            .iter()
            .map(|kata| workbook.judge_one(kata, target))
            .collect(),
    }
}

/// One kata's result: its status and score decided here, its words by
/// `words`; the warnings and time of its judging, when it was judged.
fn kata_result(
    kata: &Kata,
    target: Target,
    outcome: &Outcome<'_>,
    judged: Option<&Judged>,
    words: &Words,
) -> KataResult {
    let status = outcome.status();
    let Said {
        mut message,
        output,
    } = (words.outcome)(kata, outcome);
    if let Some(Judged {
        judged_on: JudgedOn::Unjudged { reason },
        ..
    }) = judged
        && status == Status::Pass
    {
        message.push_str(&(words.unjudged)(reason));
    }
    let warnings = judged.map_or_else(Vec::new, |judged| {
        judged
            .warnings
            .iter()
            .map(|w| Warning {
                code: w.code.clone(),
                message: w.message.clone(),
                line: w.line(),
            })
            .collect()
    });
    let filename = match target {
        Target::Solution => kata.solution.display().to_string(),
        _ => kata.path.display().to_string(),
    };
    KataResult {
        name: kata.name.clone(),
        chapter: kata.chapter.clone(),
        status,
        score: if status == Status::Pass {
            kata.points
        } else {
            0
        },
        max_score: kata.points,
        message,
        output,
        duration: judged.map_or(0, |judged| judged.duration.as_millis() as u64),
        test_code: format!("cargo xtask verify {}", kata.name),
        filename,
        line_no: 0,
        warnings,
        sandbox_events: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(status: Status, points: u32) -> KataResult {
        KataResult {
            name: "k".into(),
            chapter: "c".into(),
            status,
            score: if status == Status::Pass { points } else { 0 },
            max_score: points,
            message: String::new(),
            output: String::new(),
            duration: 0,
            test_code: String::new(),
            filename: String::new(),
            line_no: 0,
            warnings: Vec::new(),
            sandbox_events: Vec::new(),
        }
    }

    #[test]
    fn a_report_passes_only_when_every_kata_does_and_an_error_outranks_a_failure() {
        let pass = Report::of(vec![result(Status::Pass, 2), result(Status::Pass, 1)]);
        assert_eq!(
            (pass.status, pass.score, pass.max_score),
            (Status::Pass, 3, 3)
        );
        let fail = Report::of(vec![result(Status::Pass, 2), result(Status::Untouched, 1)]);
        assert_eq!(
            (fail.status, fail.score, fail.max_score),
            (Status::Fail, 2, 3)
        );
        let error = Report::of(vec![result(Status::Error, 2), result(Status::Fail, 1)]);
        assert_eq!(error.status, Status::Error);
    }

    #[test]
    fn what_was_not_judged_is_an_error_and_an_untouched_file_is_not() {
        let error = anyhow::anyhow!("cargo failed");
        assert_eq!(Outcome::NotJudged(&error).status(), Status::Error);
        assert_eq!(Outcome::Missing(Path::new("a.rs")).status(), Status::Error);
        assert_eq!(Outcome::Stopped("late").status(), Status::Error);
        assert_eq!(
            Outcome::Untouched(Path::new("a.rs")).status(),
            Status::Untouched
        );
        assert_eq!(Outcome::Judged(&Verdict::Pass).status(), Status::Pass);
    }
}
