//! `cargo xtask grade <dir>`: a whole class at once.
//!
//! Each student's repository is graded by this very runner (never by the
//! runner in the student's copy, which the student could have changed), as a
//! child process `verify --report json --trusted <checks>`, with the check data
//! taken from the teacher's workbook.
//!
//! The student contributes kata source files and nothing else: each student
//! is built in a tree made from the teacher's workbook (its `Cargo.toml`,
//! `Cargo.lock`, `exercises/Cargo.toml` and `kata.rs`), into which only the
//! student's kata files are copied, so no build script, proc macro or build
//! setting of the student's runs. Every tree shares one cargo build
//! directory (`build.build-dir`), so the dependencies are compiled once for
//! the class; each tree keeps its own `target/` for its final binaries (katas
//! of different students share binary names). The grading runner, cargo and
//! rustc run in a Landlock box (they read the toolchain, the tree and the
//! check data, and write the tree and the shared build folder), and the
//! katas in a box of their own (`base::execute::confine`). A student's whole
//! grading has a time limit, so one pathological repository cannot stall the
//! class; each tree is removed once its student is graded.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::base::execute::confine;
use crate::base::parallel::parallel_map;
use crate::cli::Outcome;
use crate::core::catalog::Catalog;
use crate::core::explore::EXPLORER_DIR_VAR;
use crate::core::grading::{ClassGrades, Report, Skipped, StudentGrade};
pub use crate::core::shard::{self, Shard};
use crate::core::submission;
pub use crate::core::submission::Pick;
use crate::core::trusted::TrustedChecks;
use crate::core::workbook::{CONFINE_VAR, Workbook};
use crate::render::failed::{self, Doing, Task, Thing};
use crate::render::grade_progress;
use crate::teacher::reports::{write_feedback, write_reports};
use tree::{Class, forget_builds};

mod tree;

/// Default limit for grading one student (building every kata and running it).
pub const DEFAULT_STUDENT_LIMIT: Duration = Duration::from_secs(15 * 60);

/// What `grade` was asked to do.
#[derive(Debug, Clone)]
pub struct GradeRequest {
    /// A folder whose subfolders are student copies of the workbook.
    pub students_dir: PathBuf,
    /// Where the check data comes from (default: this workbook's `checks/`).
    pub trusted: Option<String>,
    /// Where `grades.csv`, `grades.html` and `grades.json` go (default: `students_dir`).
    pub out: Option<PathBuf>,
    /// How many students are graded at the same time.
    pub jobs: Option<usize>,
    pub student_limit: Duration,
    /// Which state of each repository is graded: its files, a revision, or
    /// the last commit before a deadline.
    pub pick: Pick,
    /// Only this part of the class (by sorted folder name).
    pub shard: Option<Shard>,
    /// Grade where there is no box for student code (off Linux), the
    /// teacher having said so.
    pub unconfined: bool,
    /// Where to write one feedback file per student (`<student>.txt`).
    pub feedback: Option<PathBuf>,
}

impl From<crate::cli::GradeArgs> for GradeRequest {
    fn from(a: crate::cli::GradeArgs) -> Self {
        Self {
            students_dir: a.dir,
            trusted: a.trusted,
            out: a.out,
            jobs: a.jobs.map(|j| j as usize),
            student_limit: Duration::from_secs(a.student_timeout),
            pick: match (a.rev, a.deadline) {
                (Some(rev), _) => Pick::Rev(rev),
                (None, Some(time)) => Pick::Deadline(time),
                (None, None) => Pick::Files,
            },
            shard: a.shard,
            unconfined: a.unconfined,
            feedback: a.feedback,
        }
    }
}

pub fn grade(workbook: &Workbook, request: &GradeRequest) -> Result<Outcome> {
    // The box student code runs in is Linux's: elsewhere, only when told.
    if !confine::GRADING_BOX && !request.unconfined {
        bail!("{}", grade_progress::no_grading_box(std::env::consts::OS));
    }
    let graded_at = utc_now();
    let class_size;
    let (all, skipped) = find_students(&request.students_dir)?;
    let students = {
        class_size = all.len();
        match request.shard {
            Some(shard) => shard.pick(all),
            None => all,
        }
    };
    // `_trusted_checks` keeps a fetched revision's folder while grading.
    let (_trusted_checks, trusted) = checks_for_the_class(workbook, request)?;
    let reports = tempfile::tempdir().with_context(|| failed::task(Task::TempDir))?;
    let runner = private_runner(reports.path())?;
    let handout = write_handout(workbook, reports.path())?;
    print!(
        "{}",
        grade_progress::less_confined(&confine::missing_protections())
    );
    let mut class_grades = ClassGrades {
        runner: runner_fingerprint(&workbook.explorer.runner_root),
        checks: shard::fingerprint(&[PathBuf::from(&trusted)]),
        pick: request.pick.record(),
        graded_at,
        skipped,
        shard: request.shard,
        class_size,
        students: Vec::new(),
    };
    let out = request
        .out
        .clone()
        .unwrap_or_else(|| request.students_dir.clone());
    if students.is_empty() {
        // A matrix of more parts than students: this part is empty, and the
        // merge still finds it.
        print!("{}", grade_progress::empty_part(request.shard, class_size));
        write_reports(&out, &class_grades)?;
        return Ok(Outcome::Passed);
    }
    // The explorer's library and the recorder's, built once for the class
    // before any student and outside the box (a graded runner in it could
    // not build the recorder's library, and its katas judged on records
    // would go unjudged), so that no kata's time includes them.
    let _ = workbook.explorer.build("grade_warmup", "fn main() {}\n");
    let _ = workbook
        .explorer
        .recording("grade_warmup", "grade_warmup.rs", "fn main() {}\n");
    let class = Class {
        teacher: workbook.root.clone(),
        build_dir: reports.path().join("build"),
        trees: reports.path().join("trees"),
        exports: reports.path().join("exports"),
        handout,
        pick: request.pick.clone(),
        explorer_dir: workbook.explorer.dir.clone(),
        runner_root: workbook.explorer.runner_root.clone(),
        katas: workbook
            .catalog
            .katas
            .iter()
            .map(|k| k.path.clone())
            .collect(),
    };
    let jobs = request
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .clamp(1, students.len());
    print!(
        "{}",
        grade_progress::grading_starts(
            &request.pick,
            request.shard,
            (students.len(), class_size),
            jobs,
            request.trusted.as_deref().unwrap_or(trusted.as_str()),
        )
    );

    class_grades.students = parallel_map(students.iter().collect(), jobs, |student| {
        let grade = grade_student(
            &runner,
            &class,
            student,
            &trusted,
            reports.path(),
            request.student_limit,
        );
        print!("{}", grade_progress::progress(&grade));
        grade
    });
    write_reports(&out, &class_grades)?;
    if let Some(dir) = &request.feedback {
        write_feedback(dir, &class_grades)?;
    }
    Ok(Outcome::Passed)
}

/// The check data, resolved once for the class: a folder as given, or a
/// revision of this (the teacher's) workbook extracted into a temporary
/// folder that lives as long as the first value; the second is the folder's
/// resolved path.
fn checks_for_the_class(
    workbook: &Workbook,
    request: &GradeRequest,
) -> Result<(Option<TrustedChecks>, String)> {
    let trusted_checks = match &request.trusted {
        None => None,
        Some(source) => Some(
            TrustedChecks::fetch(&workbook.root, source)
                .with_context(|| failed::take_checks(source))?,
        ),
    };
    let checks_dir = trusted_checks.as_ref().map_or_else(
        || workbook.catalog.checks_dir.clone(),
        |t| t.dir().to_path_buf(),
    );
    let trusted = checks_dir
        .canonicalize()
        .with_context(|| failed::on(Doing::Resolve, &checks_dir))?
        .display()
        .to_string();
    Ok((trusted_checks, trusted))
}

/// What each student started from: the handout of this workbook, written
/// under `reports`, to name the protected files a student changed since.
fn write_handout(workbook: &Workbook, reports: &Path) -> Result<PathBuf> {
    let handout = reports.join("handout");
    let root = workbook
        .root
        .canonicalize()
        .with_context(|| failed::on(Doing::Resolve, &workbook.root))?;
    std::fs::create_dir_all(&handout)?;
    crate::core::handout::write(workbook, &root, &handout)
        .with_context(|| failed::task(Task::WriteStudentsHandout))?;
    Ok(handout)
}

/// What the grading runner is: a fingerprint of its source (the `xtask`
/// package, the explorer and the lock file), the same on every machine that
/// builds the same workbook.
fn runner_fingerprint(runner_root: &Path) -> String {
    let sources = [
        "xtask/Cargo.toml",
        "xtask/src",
        "xtask/explore",
        "Cargo.lock",
    ]
    .map(|p| runner_root.join(p));
    format!(
        "xtask {} ({})",
        env!("CARGO_PKG_VERSION"),
        shard::fingerprint(&sources)
    )
}

/// A copy of this runner's executable for the whole grading run: every
/// student is graded by the same program, even if `cargo build` replaces
/// `target/debug/xtask` meanwhile (which would also leave this process's
/// own path pointing at a deleted file).
fn private_runner(dir: &Path) -> Result<PathBuf> {
    let exe = std::env::current_exe().with_context(|| failed::task(Task::FindOwnExecutable))?;
    let copy = dir.join(format!("runner{}", std::env::consts::EXE_SUFFIX));
    std::fs::copy(&exe, &copy).with_context(|| failed::on_the(Doing::Copy, Thing::Runner, &exe))?;
    Ok(copy)
}

/// Every subfolder that looks like a copy of the workbook, by name, and
/// the others, with why they are not graded.
fn find_students(dir: &Path) -> Result<(Vec<PathBuf>, Vec<Skipped>)> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| failed::on_the(Doing::Read, Thing::FolderOfStudentCopies, dir))?;
    let mut students = Vec::new();
    let mut skipped = Vec::new();
    for entry in entries {
        let path = entry.with_context(|| failed::on(Doing::Read, dir))?.path();
        if !path.is_dir() {
            continue;
        }
        if path.join("Cargo.toml").is_file() && path.join("exercises").is_dir() {
            students.push(path);
        } else {
            let reason = grade_progress::not_a_copy();
            print!("{}", grade_progress::skipped(&path, &reason));
            skipped.push(Skipped {
                folder: entry_name(&path),
                reason,
            });
        }
    }
    if students.is_empty() {
        bail!("{}", grade_progress::no_students(dir));
    }
    students.sort();
    skipped.sort_by(|a, b| a.folder.cmp(&b.folder));
    Ok((students, skipped))
}

fn entry_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Now, in UTC, as RFC 3339 (`2026-12-07T19:05:16Z`).
fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

fn grade_student(
    runner: &Path,
    class: &Class,
    student: &Path,
    trusted: &str,
    reports: &Path,
    limit: Duration,
) -> StudentGrade {
    let name = student.file_name().map_or_else(
        || student.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let no_grade = |commit: Option<String>, problem: String| StudentGrade {
        student: name.clone(),
        commit,
        problem: Some(problem),
        ..StudentGrade::default()
    };
    // A folder per student: the grading runner may read its own only.
    let report_file = reports.join("reports").join(&name).join("report.json");
    if let Err(e) = std::fs::create_dir_all(reports.join("reports").join(&name)) {
        return no_grade(None, grade_progress::no_report_folder(&e));
    }
    // The commit graded, and where its files are: the folder itself, or
    // that commit exported beside it (the student's checkout is not touched).
    let commit = match submission::resolve(student, &class.pick) {
        Ok(commit) => commit,
        Err(e) => return no_grade(None, format!("{e:#}")),
    };
    let source = match (&class.pick, &commit) {
        (Pick::Files, _) => student.to_path_buf(),
        (_, Some(commit)) => {
            let export = class.exports.join(&name);
            if let Err(e) = submission::export(student, commit, &export) {
                let _ = std::fs::remove_dir_all(&export);
                return no_grade(Some(commit.clone()), format!("{e:#}"));
            }
            export
        }
        (_, None) => unreachable!("a chosen revision names a commit"),
    };
    let provenance = commit
        .as_deref()
        .map(|c| submission::provenance(student, c))
        .unwrap_or_default();
    let protected_changes = submission::protected_changes(&class.handout, &source);
    let problem = match class
        .tree(&name, &source)
        .and_then(|tree| run_verify(runner, class, &tree, trusted, &report_file, limit))
    {
        Ok(()) => None,
        Err(e) => Some(format!("{e:#}")),
    };
    // Its binaries, scratch files and exported commit are of no more use,
    // nor its programs' copies in the shared build folder.
    forget_builds(&class.build_dir, &class.trees.join(&name).join("target"));
    let _ = std::fs::remove_dir_all(class.trees.join(&name));
    let _ = std::fs::remove_dir_all(class.exports.join(&name));
    let report = std::fs::read_to_string(&report_file)
        .ok()
        .and_then(|text| serde_json::from_str::<Report>(&text).ok())
        .or_else(|| {
            // Stopped half-way (`--student-timeout`): the katas judged by
            // then keep their results.
            let katas = Catalog::load(Path::new(trusted)).ok()?.katas;
            let why = grade_progress::stopped_before();
            crate::core::grading::stopped_report(
                &crate::core::grading::progress_file(&report_file),
                &katas,
                &why,
                &crate::render::grading::WORDS,
            )
        });
    let problem = match (&report, problem) {
        (None, None) => Some(grade_progress::no_report()),
        (_, problem) => problem,
    };
    StudentGrade {
        student: name,
        commit,
        commit_date: provenance.date,
        later_commits: provenance.later_commits,
        uncommitted: provenance.uncommitted,
        protected_changes,
        problem,
        report,
    }
}

/// Runs this runner on the student's copy; `Err` says why it gave no report.
fn run_verify(
    runner: &Path,
    class: &Class,
    tree: &Path,
    trusted: &str,
    report_file: &Path,
    limit: Duration,
) -> Result<()> {
    let report_dir = report_file
        .parent()
        .expect("a report file is in the reports folder");
    let stderr_file = report_file.with_extension("stderr");
    let stderr = std::fs::File::create(&stderr_file)
        .with_context(|| failed::on(Doing::Create, &stderr_file))?;
    let mut command = Command::new(runner);
    // Nothing of the teacher's environment reaches cargo, rustc (a kata's
    // `env!` reads it) or the katas: what the toolchain needs, and no more.
    command.env_clear();
    for name in RUNNER_ENV {
        if let Some(value) = std::env::var_os(name) {
            command.env(name, value);
        }
    }
    command
        .env("LANG", "C.UTF-8")
        .arg("--root")
        .arg(tree)
        .args(["--color", "never", "verify", "--report", "json", "--out"])
        .arg(report_file)
        .arg("--trusted")
        .arg(trusted)
        .current_dir(tree)
        .env("CARGO_TARGET_DIR", tree.join("target"))
        .env("CARGO_BUILD_BUILD_DIR", &class.build_dir)
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_NET_OFFLINE", "true")
        .env("TMPDIR", tree.join("tmp"))
        .env(CONFINE_VAR, "1")
        // The private copy is not in a target directory: it is told where the
        // explorer is, so that it is built once, not once per student.
        .env(EXPLORER_DIR_VAR, &class.explorer_dir)
        .env("NO_COLOR", "1")
        .env_remove("WORKBOOK_ROOT")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr);
    // What the grading runner, cargo and rustc may read and write.
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let home_dir = |var: &str, default: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(default)))
    };
    let toolchain: Vec<PathBuf> = [
        home_dir("RUSTUP_HOME", ".rustup"),
        home_dir("CARGO_HOME", ".cargo"),
    ]
    .into_iter()
    .flatten()
    .chain(build_tools())
    .collect();
    let mut read = vec![
        runner.to_path_buf(),
        tree.to_path_buf(),
        report_dir.to_path_buf(),
        // The explorer's and the recorder's sources, which the graded
        // runner builds each library from once for the class.
        class.runner_root.join("xtask").join("explore"),
        class.runner_root.join("xtask").join("record"),
    ];
    read.extend(
        [
            "Cargo.toml",
            "Cargo.lock",
            "exercises/Cargo.toml",
            "exercises/kata.rs",
        ]
        .map(|f| class.runner_root.join(f)),
    );
    read.extend(toolchain.iter().cloned());
    read.push(PathBuf::from(trusted));
    let mut write = vec![
        tree.to_path_buf(),
        class.build_dir.clone(),
        class.explorer_dir.clone(),
        report_dir.to_path_buf(),
    ];
    // Cargo's lock on its package cache.
    write.extend(home_dir("CARGO_HOME", ".cargo"));
    std::fs::create_dir_all(&class.build_dir)?;
    let mut _boxed = if confine::landlock_abi() >= 1 {
        Some(
            confine::box_command(&mut command, &read, &write)
                .with_context(|| failed::task(Task::BoxRunner))?,
        )
    } else {
        None
    };
    let Some(status) = run_with_limit(command, limit, _boxed.as_mut())? else {
        bail!("{}", grade_progress::took_too_long(limit.as_secs()))
    };
    if matches!(status.code(), Some(0 | 1)) {
        return Ok(());
    }
    let said =
        crate::core::checks::normalize(&std::fs::read_to_string(&stderr_file).unwrap_or_default());
    match said.lines().last() {
        Some(last) => bail!("{last}"),
        None => bail!("{}", grade_progress::failed_silently()),
    }
}

/// The teacher's environment variables a student's grading runner gets
/// (when set): where the toolchain is and which one. Everything else is left
/// out; `docs/teachers.md` lists what a kata gets.
const RUNNER_ENV: &[&str] = &[
    "PATH",
    "HOME",
    "RUSTUP_HOME",
    "RUSTUP_TOOLCHAIN",
    "CARGO_HOME",
    "CARGO",
    "RUSTC",
];

/// Where cargo and rustc are when they are named by the environment (as
/// `cargo xtask` does): their toolchain folder.
fn build_tools() -> Vec<PathBuf> {
    ["CARGO", "RUSTC"]
        .iter()
        .filter_map(std::env::var_os)
        .map(PathBuf::from)
        .filter_map(|tool| Some(tool.parent()?.parent()?.to_path_buf()))
        .collect()
}

/// Waits for the child up to `limit`; `None` when it had to be stopped.
///
/// The child stays in the terminal's process group, so a Ctrl-C reaches it
/// directly, and its own interrupt handler stops the kata it is running.
fn run_with_limit(
    mut command: Command,
    limit: Duration,
    boxed: Option<&mut confine::BoxedCommand>,
) -> Result<Option<ExitStatus>> {
    let mut child = command
        .spawn()
        .with_context(|| failed::task(Task::StartRunner))?;
    if let Some(boxed) = boxed {
        boxed.spawned();
    }
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child
            .try_wait()
            .with_context(|| failed::task(Task::WaitRunner))?
        {
            return Ok(Some(status));
        }
        if Instant::now() >= deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // Asked first (SIGTERM): the runner then stops its running kata before
    // it exits.
    if crate::base::system::ask_to_stop(&child) {
        let grace = Instant::now() + Duration::from_secs(2);
        while Instant::now() < grace {
            if child
                .try_wait()
                .with_context(|| failed::task(Task::WaitRunner))?
                .is_some()
            {
                return Ok(None);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    let _ = child.kill();
    child
        .wait()
        .with_context(|| failed::task(Task::WaitRunner))?;
    Ok(None)
}
