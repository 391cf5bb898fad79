//! Grades for teachers and CI: every kata judged, scored with the catalog's
//! `points`, and written as JSON or JUnit XML (`render::junit`).
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
use std::path::Path;

use anyhow::Result;
use serde::{Deserialize, Serialize};

use crate::base::execute::RunOutput;
use crate::core::catalog::Kata;
use crate::core::checks;
use crate::core::judge::{Breach, Judged, Status, Verdict};
use crate::core::shard::Shard;
use crate::core::workbook::{RunEvent, Target, Workbook};
use crate::render::cause;
use crate::render::verdict::{bad, describe_hang, finding_summary, good, with_params};

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

/// Judges `katas` and scores them; never fails as a whole.
pub fn grade(workbook: &Workbook, katas: &[&Kata], target: Target) -> Report {
    grade_as_it_goes(workbook, katas, target, None)
}

/// `grade`, each kata's result also appended to `progress` (one JSON line
/// each) as soon as it is known: what a grading stopped half-way keeps.
pub fn grade_as_it_goes(
    workbook: &Workbook,
    katas: &[&Kata],
    target: Target,
    progress: Option<&Path>,
) -> Report {
    let progress = progress.map(|path| Progress(std::sync::Mutex::new(path.to_path_buf())));
    // Each judged kata's result, written as soon as it is known.
    let each = |kata: &Kata, judged: &Judged| {
        if let Some(progress) = &progress {
            let mut result = kata_result(kata, target, Ok(judged.clone()));
            result.sandbox_events = workbook
                .run_log
                .of(&kata.name)
                .iter()
                .map(event_words)
                .collect();
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
            missing.insert(
                kata.name.as_str(),
                format!("`{}` is missing", file.display()),
            );
        } else if target == Target::Exercise
            && is_untouched(
                &workbook.root.join(&file),
                &kata.shipped_path(&workbook.catalog.checks_dir),
            )
        {
            untouched.insert(
                kata.name.as_str(),
                format!("not started: `{}` is exactly as shipped", file.display()),
            );
        } else {
            buildable.push(*kata);
        }
    }
    if let Some(progress) = &progress {
        for kata in katas {
            if let Some(message) = untouched.get(kata.name.as_str()) {
                progress.write(&untouched_result(kata, message.clone()));
            }
        }
    }
    let mut judged = judge_each(workbook, &buildable, target, &each).into_iter();
    let tests: Vec<KataResult> = katas
        .iter()
        .map(|kata| {
            if let Some(message) = untouched.remove(kata.name.as_str()) {
                return untouched_result(kata, message);
            }
            let outcome = match missing.remove(kata.name.as_str()) {
                Some(message) => Err(message),
                None => judged
                    .next()
                    .expect("one result per buildable kata")
                    .map_err(|e| format!("the runner could not judge it: {e:#}")),
            };
            let mut result = kata_result(kata, target, outcome);
            result.sandbox_events = workbook
                .run_log
                .of(&kata.name)
                .iter()
                .map(event_words)
                .collect();
            result
        })
        .collect();
    let status = if tests.iter().all(|t| t.status == Status::Pass) {
        Status::Pass
    } else if tests.iter().any(|t| t.status == Status::Error) {
        Status::Error
    } else {
        Status::Fail
    };
    Report {
        version: 1,
        status,
        score: tests.iter().map(|t| t.score).sum(),
        max_score: tests.iter().map(|t| t.max_score).sum(),
        tests,
    }
}

/// The file a grading's results are appended to as they come.
struct Progress(std::sync::Mutex<std::path::PathBuf>);

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
pub fn progress_file(out: &Path) -> std::path::PathBuf {
    let mut name = out.as_os_str().to_owned();
    name.push(".partial");
    name.into()
}

/// The report of a grading stopped half-way: the results it kept (its
/// progress file), and every other kata of `katas` as not judged. `None`
/// when it kept none.
pub fn stopped_report(progress: &Path, katas: &[Kata], why: &str) -> Option<Report> {
    let kept = read_progress(progress);
    if kept.is_empty() {
        return None;
    }
    let tests: Vec<KataResult> = katas
        .iter()
        .map(|kata| {
            kata_results_find(&kept, &kata.name).unwrap_or_else(|| KataResult {
                status: Status::Error,
                message: format!("not judged: {why}"),
                ..untouched_result(kata, String::new())
            })
        })
        .collect();
    Some(Report {
        version: 1,
        status: Status::Error,
        score: tests.iter().map(|t| t.score).sum(),
        max_score: tests.iter().map(|t| t.max_score).sum(),
        tests,
    })
}

fn kata_results_find(kept: &[KataResult], name: &str) -> Option<KataResult> {
    kept.iter().find(|t| t.name == name).cloned()
}

/// The results a grading appended to its progress file before it stopped.
pub fn read_progress(path: &Path) -> Vec<KataResult> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect()
}

/// One event of a kata's runs, in a few words.
pub fn event_words(event: &RunEvent) -> String {
    match event {
        RunEvent::Refused(line) => format!("its box refused it something: {line}"),
        RunEvent::Limit(limit) => crate::render::problem::limit(*limit).to_string(),
        RunEvent::OutputCut => format!(
            "it wrote more than {} MiB to stdout or stderr; the rest was dropped",
            crate::base::execute::OUTPUT_CAP >> 20
        ),
        RunEvent::LeftRunning => {
            "it left a process running after it ended; the process was stopped".to_string()
        }
    }
}

/// Whether a learner's file is byte for byte its shipped copy.
pub fn is_untouched(file: &Path, shipped: &Path) -> bool {
    match (std::fs::read(file), std::fs::read(shipped)) {
        (Ok(mine), Ok(shipped)) => mine == shipped,
        _ => false,
    }
}

fn untouched_result(kata: &Kata, message: String) -> KataResult {
    KataResult {
        name: kata.name.clone(),
        chapter: kata.chapter.clone(),
        status: Status::Untouched,
        score: 0,
        max_score: kata.points,
        message,
        output: String::new(),
        duration: 0,
        test_code: format!("cargo xtask verify {}", kata.name),
        filename: kata.path.display().to_string(),
        line_no: 0,
        warnings: Vec::new(),
        sandbox_events: Vec::new(),
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

fn kata_result(kata: &Kata, target: Target, outcome: Result<Judged, String>) -> KataResult {
    let warnings = match &outcome {
        Ok(judged) => judged
            .warnings
            .iter()
            .map(|w| Warning {
                code: w.code.clone(),
                message: w.message.clone(),
                line: w.line(),
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    let (status, message, output, duration) = match outcome {
        // The first line says what failed; cargo's own words follow in `output`.
        Err(error) => match error.split_once('\n') {
            Some((first, rest)) => (
                Status::Error,
                first.trim_end_matches(':').to_string(),
                rest.to_string(),
                0,
            ),
            None => (Status::Error, error, String::new(), 0),
        },
        Ok(judged) => {
            let (status, message, output) = describe(kata, &judged.verdict);
            (status, message, output, judged.duration.as_millis() as u64)
        }
    };
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
        output: cap(&output, OUTPUT_LIMIT),
        duration,
        test_code: format!("cargo xtask verify {}", kata.name),
        filename,
        line_no: 0,
        warnings,
        sandbox_events: Vec::new(),
    }
}

/// Status, one-line message and the output worth showing, for one verdict.
fn describe(kata: &Kata, verdict: &Verdict) -> (Status, String, String) {
    match verdict {
        Verdict::Pass => (Status::Pass, "passed".to_string(), String::new()),
        Verdict::CompileError { errors } => {
            let first = errors
                .first()
                .map(|e| {
                    checks::normalize(&e.rendered)
                        .lines()
                        .next()
                        .unwrap_or("")
                        .to_string()
                })
                .unwrap_or_default();
            let text: Vec<String> = errors
                .iter()
                .map(|e| checks::normalize(&e.rendered))
                .collect();
            (
                Status::CompileError,
                format!("does not compile: {first}"),
                text.join("\n"),
            )
        }
        Verdict::Timeout { output, params } => {
            let mut message = format!(
                "{}{}.",
                super::verdict::stopped(kata, output),
                with_params(kata, params)
            );
            if let Some(hang) = &output.hang {
                message.push(' ');
                message.push_str(&describe_hang(hang));
            }
            message.push_str(" Likely cause: ");
            message.push_str(&cause::timeout_cause(
                output.hang.as_ref(),
                kata.timeout_note(),
            ));
            (Status::Timeout, message, program_output(output))
        }
        Verdict::Fail {
            facts,
            expected,
            output,
            params,
        } => {
            let message = if expected.is_none() {
                format!(
                    "no snapshot is recorded for this kata (`cargo xtask dev bless {}`)",
                    kata.name
                )
            } else if facts.problems.is_empty() {
                format!(
                    "its output breaks the check{}: the facts differ from the snapshot",
                    with_params(kata, params)
                )
            } else {
                format!(
                    "its output breaks the check{}: {}",
                    with_params(kata, params),
                    crate::render::problem::problems(&facts.problems)
                )
            };
            let shown = format!(
                "facts of this run:\n{}\nexpected:\n{}\n{}",
                facts.text,
                expected.as_deref().unwrap_or("(no snapshot)\n"),
                program_output(output)
            );
            (Status::Fail, message, shown)
        }
        Verdict::Confined {
            breach,
            output,
            params,
        } => {
            let message = match breach {
                Breach::Limit(limit) => {
                    format!(
                        "{}{}.",
                        crate::render::problem::limit(*limit),
                        with_params(kata, params)
                    )
                }
                Breach::Refused(line) => format!(
                    "it tried to reach outside its box (a file outside its folder, or the network) and was refused{}: {line}",
                    with_params(kata, params)
                ),
            };
            (verdict.status(), message, program_output(output))
        }
        Verdict::Recorded {
            problems,
            output,
            params,
        } => (
            verdict.status(),
            format!(
                "on a real run's record of its channels{}: {}",
                with_params(kata, params),
                crate::render::problem::problems(problems)
            ),
            program_output(output),
        ),
        Verdict::Schedule {
            finding, params, ..
        } => {
            let status = verdict.status();
            let message = format!(
                "on a thread schedule the explorer tried{}: {}",
                with_params(kata, params),
                finding_summary(finding)
            );
            let shown = format!("printed on that schedule:\n{}\n", finding.stdout.join("\n"));
            (status, message, shown)
        }
    }
}

fn program_output(output: &RunOutput) -> String {
    let mut text = String::new();
    for (name, stream) in [
        ("stdout", output.stdout_text()),
        ("stderr", output.stderr_text()),
    ] {
        let stream = checks::normalize(&stream);
        if !stream.is_empty() {
            text.push_str(&format!("{name}:\n{stream}"));
        }
    }
    text
}

/// The first `limit` characters of `text`, and a note when more was cut.
fn cap(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        None => text.to_string(),
        Some((end, _)) => format!("{}\n[... cut after {limit} characters]\n", &text[..end]),
    }
}

/// One kata's line of `verify --report ... --out FILE`.
pub fn report_line(test: &KataResult) -> String {
    if test.status == Status::Pass {
        format!("{} {}\n", good("✓"), test.name)
    } else {
        format!(
            "{} {} ({}): {}\n",
            bad("✗"),
            test.name,
            test.status,
            test.message
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cap_keeps_whole_characters_and_says_what_was_cut() {
        assert_eq!(cap("short", 10), "short");
        let capped = cap("ééééé", 3);
        assert!(capped.starts_with("ééé\n"), "{capped}");
        assert!(capped.contains("cut after 3 characters"), "{capped}");
    }
}
