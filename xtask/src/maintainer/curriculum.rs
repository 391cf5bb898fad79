//! `cargo xtask dev curriculum`: is the track ready to hand out?
//!
//! The author's one command after changing katas. Each check prints one line,
//! with the katas that break it below; the last line is `N passed, M failed`.
//! In a handout (no `solutions/`) the checks that need the solutions are
//! skipped, and say so.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::cli::Outcome;
use crate::core::catalog::PLACEHOLDER;
use crate::core::catalog::{CheckKind, Kata, ShippedFailure};
use crate::core::checks;
use crate::core::workbook::{Target, Workbook};
use crate::render::failed::{self, Doing, Task};
use crate::render::maintainer::{self as words, Check, Problem};
use crate::render::verdict as show;

/// What one check found.
enum Finding {
    /// Each string is one problem, naming its kata.
    Problems(Vec<String>),
    Skipped(&'static str),
}

/// Prints each check's line and counts them.
#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
    skipped: usize,
}

impl Tally {
    fn record(&mut self, check: Check, finding: Finding) {
        let title = words::check_title(check);
        match finding {
            Finding::Problems(problems) if problems.is_empty() => {
                self.passed += 1;
                print!("{}", show::check_line(title, Some(true), None));
            }
            Finding::Problems(problems) => {
                self.failed += 1;
                print!("{}", show::check_line(title, Some(false), None));
                for problem in problems {
                    print!("{}", words::problem_line(&problem));
                }
            }
            Finding::Skipped(why) => {
                self.skipped += 1;
                print!("{}", show::check_line(title, None, Some(why)));
            }
        }
    }
}

pub fn curriculum(workbook: &Workbook) -> Result<Outcome> {
    let has_solutions = workbook.root.join("solutions").is_dir();
    let needs_solutions = |check: fn(&Workbook) -> Result<Vec<String>>| -> Result<Finding> {
        if has_solutions {
            Ok(Finding::Problems(check(workbook)?))
        } else {
            Ok(Finding::Skipped(words::NO_SOLUTIONS))
        }
    };
    print!(
        "{}",
        words::checking_curriculum(workbook.catalog.katas.len())
    );
    let mut tally = Tally::default();
    tally.record(
        Check::Files,
        Finding::Problems(files(workbook, has_solutions)?),
    );
    tally.record(Check::Pristine, Finding::Problems(pristine(workbook)));
    tally.record(
        Check::ShippedFail,
        Finding::Problems(shipped_fail(workbook)?),
    );
    tally.record(Check::SolutionsPass, needs_solutions(solutions_pass)?);
    tally.record(
        Check::Texts,
        Finding::Problems(texts(workbook, has_solutions)),
    );
    tally.record(Check::Rustfmt, needs_solutions(rustfmt)?);
    let workflow = if crate::core::workflow::is_current(&workbook.root, &workbook.catalog) {
        Vec::new()
    } else {
        vec![words::problem(Problem::WorkflowStale(
            crate::core::workflow::PATH,
        ))]
    };
    tally.record(Check::Workflow, Finding::Problems(workflow));
    for note in memorization_odds(workbook) {
        print!("{}", show::note(&note));
    }
    print!(
        "{}",
        words::curriculum_tally(tally.passed, tally.failed, tally.skipped)
    );
    Ok(if tally.failed == 0 {
        Outcome::Passed
    } else {
        Outcome::Failed
    })
}

/// A delivery or bounded kata whose parameters cannot vary would pass a
/// program that prints one memorized run. Where they vary, the runner checks
/// at least two runs with different values (`checks::draw_runs`), which one
/// fixed output can never both match.
fn memorization_odds(workbook: &Workbook) -> Vec<String> {
    workbook
        .catalog
        .katas
        .iter()
        .filter(|k| matches!(k.check, CheckKind::Delivery | CheckKind::Bounded))
        .filter(|k| checks::param_choices(k) < 2)
        .map(|kata| words::problem(Problem::ParamsFixed(&kata.name)))
        .collect()
}

fn katas(workbook: &Workbook) -> Vec<&Kata> {
    workbook.catalog.katas.iter().collect()
}

fn files(workbook: &Workbook, has_solutions: bool) -> Result<Vec<String>> {
    let root = &workbook.root;
    let checks_dir = &workbook.catalog.checks_dir;
    let mut manifests = vec![
        ("exercises", bins(root, "exercises")?),
        ("checks", bins(root, "checks")?),
    ];
    if has_solutions {
        manifests.push(("solutions", bins(root, "solutions")?));
    }
    let mut problems = Vec::new();
    for kata in &workbook.catalog.katas {
        let mut needed = vec![
            root.join(&kata.path),
            kata.shipped_path(checks_dir),
            kata.snapshot_path(checks_dir),
        ];
        if has_solutions {
            needed.push(root.join(&kata.solution));
        }
        if kata.shipped == ShippedFailure::CompileError {
            needed.push(kata.shipped_path(checks_dir).with_extension("stderr"));
        }
        for file in needed {
            if !file.is_file() {
                let bless = file
                    .extension()
                    .is_some_and(|e| e == "snap" || e == "stderr");
                problems.push(words::problem(Problem::Missing {
                    kata: &kata.name,
                    file: &shown(root, &file),
                    bless,
                }));
            }
        }
        for (package, bins) in &manifests {
            let (bin, path) = match *package {
                "exercises" => (
                    kata.name.clone(),
                    kata.path
                        .strip_prefix("exercises")
                        .ok()
                        .map(Path::to_path_buf),
                ),
                "solutions" => (
                    kata.solution_bin(),
                    kata.solution
                        .strip_prefix("solutions")
                        .ok()
                        .map(Path::to_path_buf),
                ),
                _ => (
                    kata.shipped_bin(),
                    Some(PathBuf::from(format!("shipped/{}.rs", kata.name))),
                ),
            };
            if !bins
                .iter()
                .any(|(n, p)| *n == bin && Some(p.as_path()) == path.as_deref())
            {
                problems.push(words::problem(Problem::NoBin {
                    kata: &kata.name,
                    package,
                    bin: &bin,
                }));
            }
        }
    }
    // A renamed kata must not leave its snapshot behind.
    if let Ok(entries) = std::fs::read_dir(workbook.snapshot_dir()) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(stem) = name.strip_suffix(".snap")
                && workbook.catalog.position(stem).is_none()
            {
                problems.push(words::problem(Problem::StraySnapshot(&name)));
            }
        }
    }
    Ok(problems)
}

/// The `[[bin]]` entries (name, path) of `<package>/Cargo.toml`.
fn bins(root: &Path, package: &str) -> Result<Vec<(String, PathBuf)>> {
    let path = root.join(package).join("Cargo.toml");
    let text = std::fs::read_to_string(&path).with_context(|| failed::on(Doing::Read, &path))?;
    #[derive(serde::Deserialize)]
    struct Manifest {
        #[serde(default)]
        bin: Vec<Bin>,
    }
    #[derive(serde::Deserialize)]
    struct Bin {
        name: String,
        path: PathBuf,
    }
    let manifest: Manifest =
        basic_toml::from_str(&text).with_context(|| failed::on(Doing::Parse, &path))?;
    Ok(manifest
        .bin
        .into_iter()
        .map(|bin| (bin.name, bin.path))
        .collect())
}

fn pristine(workbook: &Workbook) -> Vec<String> {
    let mut problems = Vec::new();
    for kata in &workbook.catalog.katas {
        let file = workbook.root.join(&kata.path);
        let shipped = kata.shipped_path(&workbook.catalog.checks_dir);
        match (std::fs::read(&file), std::fs::read(&shipped)) {
            (Ok(a), Ok(b)) if a == b => {}
            (Ok(_), Ok(_)) => problems.push(words::problem(Problem::NotPristine {
                kata,
                shipped: &shown(&workbook.root, &shipped),
            })),
            _ => {} // a missing file is reported by the files check
        }
    }
    problems
}

fn shipped_fail(workbook: &Workbook) -> Result<Vec<String>> {
    let katas = katas(workbook);
    let judged = workbook.judge_many(&katas, Target::Shipped)?;
    Ok(katas
        .iter()
        .zip(&judged)
        .filter(|(kata, j)| !j.verdict.is_declared_failure(kata))
        .map(|(kata, j)| {
            words::problem(Problem::ShippedGave {
                kata,
                gave: j.verdict.status().as_str(),
            })
        })
        .collect())
}

fn solutions_pass(workbook: &Workbook) -> Result<Vec<String>> {
    let katas = katas(workbook);
    let report = crate::core::grading::grade(
        workbook,
        &katas,
        Target::Solution,
        &crate::render::grading::WORDS,
    );
    Ok(report
        .tests
        .iter()
        .filter(|t| t.status != crate::core::judge::Status::Pass)
        .map(|t| {
            words::problem(Problem::SolutionFailed {
                kata: &t.name,
                status: t.status.as_str(),
                message: &t.message,
            })
        })
        .collect())
}

fn texts(workbook: &Workbook, has_solutions: bool) -> Vec<String> {
    let mut problems = Vec::new();
    for kata in &workbook.catalog.katas {
        let name = &kata.name;
        if kata.topic.contains(PLACEHOLDER) {
            problems.push(words::problem(Problem::TopicPlaceholder(name)));
        }
        if kata.hints.iter().any(|h| h.contains(PLACEHOLDER)) {
            problems.push(words::problem(Problem::HintPlaceholder(name)));
        }
        if kata.docs.is_empty() {
            problems.push(words::problem(Problem::NoDocs(name)));
        }
        if has_solutions {
            let text =
                std::fs::read_to_string(workbook.root.join(&kata.solution)).unwrap_or_default();
            match text.lines().next() {
                Some(first) if first.starts_with("//! Why it works:") => {
                    let why: Vec<&str> = text
                        .lines()
                        .take_while(|l| l.starts_with("//!"))
                        .map(|l| l.trim_start_matches("//!").trim())
                        .collect();
                    if first.contains(PLACEHOLDER) {
                        problems.push(words::problem(Problem::WhyPlaceholder(name)));
                    } else if !why.join(" ").contains("reference solution") {
                        // A learner whose own program passed reads it.
                        problems.push(words::problem(Problem::WhyNotOfReference(name)));
                    }
                }
                _ => problems.push(words::problem(Problem::NoWhy(name))),
            }
        }
    }
    problems
}

fn rustfmt(workbook: &Workbook) -> Result<Vec<String>> {
    let files: Vec<PathBuf> = workbook
        .catalog
        .katas
        .iter()
        .map(|k| workbook.root.join(&k.solution))
        .filter(|f| f.is_file())
        .collect();
    let output = match std::process::Command::new("rustfmt")
        .args(["--check", "--edition", "2024"])
        .args(&files)
        .output()
    {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(vec![words::problem(Problem::NoRustfmt)]);
        }
        Err(e) => return Err(e).with_context(|| failed::task(Task::RunRustfmt)),
    };
    if output.status.success() {
        return Ok(Vec::new());
    }
    // rustfmt names each file it would change on a "Diff in <file>:" line.
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut unformatted: Vec<String> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("Diff in "))
        .map(|l| {
            let file = l.split(':').next().unwrap_or(l);
            words::problem(Problem::Unformatted(&shown(
                &workbook.root,
                Path::new(file),
            )))
        })
        .collect();
    unformatted.dedup();
    if unformatted.is_empty() {
        unformatted.push(words::problem(Problem::RustfmtFailed(
            String::from_utf8_lossy(&output.stderr).trim(),
        )));
    }
    Ok(unformatted)
}

/// A path relative to the root where possible, for messages.
fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}
