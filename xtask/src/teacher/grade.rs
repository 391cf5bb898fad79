//! `cargo xtask grade <dir>`: a whole class at once.
//!
//! Each student's repository is graded by this very runner (never by the
//! runner in the student's copy, which the student could have changed), as a
//! child process `verify --report json --trusted <checks>`, with the check data
//! taken from the teacher's workbook. Every student builds into their own
//! `target/`: katas of different students share binary names, and one shared
//! target directory would let one student's build overwrite another's binary
//! between build and run. A student's whole grading has a time limit, so one
//! pathological repository cannot stall the class.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::base::parallel::parallel_map;
use crate::cli::Outcome;
use crate::core::workbook::{EXPLORER_DIR_VAR, Workbook};
use crate::render::class::{Table, print_progress};
use crate::render::grading::{Report, StudentGrade};

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
}

pub fn grade(workbook: &Workbook, request: &GradeRequest) -> Result<Outcome> {
    let students = find_students(&request.students_dir)?;
    let trusted = match &request.trusted {
        None => workbook.catalog.checks_dir.display().to_string(),
        Some(source) if Path::new(source).is_dir() => Path::new(source)
            .canonicalize()
            .with_context(|| format!("Failed to resolve `{source}`"))?
            .display()
            .to_string(),
        Some(revision) => revision.clone(),
    };
    let reports = tempfile::tempdir().context("Failed to create a temporary directory")?;
    let runner = PrivateRunner {
        exe: private_runner(reports.path())?,
        explorer_dir: workbook.explorer.dir.clone(),
    };
    let jobs = request
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .clamp(1, students.len());
    println!(
        "Grading {} students ({} at a time) with the checks of `{trusted}`...",
        students.len(),
        jobs
    );

    let grades: Vec<StudentGrade> = parallel_map(students.iter().collect(), jobs, |student| {
        let grade = grade_student(
            &runner,
            student,
            &trusted,
            reports.path(),
            request.student_limit,
        );
        print_progress(&grade);
        grade
    });

    let out = request
        .out
        .clone()
        .unwrap_or_else(|| request.students_dir.clone());
    std::fs::create_dir_all(&out)
        .with_context(|| format!("Failed to create `{}`", out.display()))?;
    let table = Table::new(&grades);
    for (name, text) in [
        ("grades.csv", table.csv()),
        ("grades.html", table.html()),
        ("grades.json", serde_json::to_string_pretty(&grades)? + "\n"),
    ] {
        let path = out.join(name);
        std::fs::write(&path, text)
            .with_context(|| format!("Failed to write `{}`", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(Outcome::Passed)
}

/// The runner every student is graded by, and the explorer it uses.
struct PrivateRunner {
    exe: PathBuf,
    explorer_dir: PathBuf,
}

/// A copy of this runner's executable for the whole grading run: every
/// student is graded by the same program, even if `cargo build` replaces
/// `target/debug/xtask` meanwhile (which would also leave this process's
/// own path pointing at a deleted file).
fn private_runner(dir: &Path) -> Result<PathBuf> {
    let exe = std::env::current_exe().context("Failed to find the runner's own executable")?;
    let copy = dir.join(format!("runner{}", std::env::consts::EXE_SUFFIX));
    std::fs::copy(&exe, &copy)
        .with_context(|| format!("Failed to copy the runner `{}`", exe.display()))?;
    Ok(copy)
}

/// Every subfolder that looks like a copy of the workbook, by name.
fn find_students(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).with_context(|| {
        format!(
            "Failed to read the folder of student copies `{}`",
            dir.display()
        )
    })?;
    let mut students = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("Failed to read `{}`", dir.display()))?
            .path();
        if !path.is_dir() {
            continue;
        }
        if path.join("Cargo.toml").is_file() && path.join("exercises").is_dir() {
            students.push(path);
        } else {
            println!("skipped `{}`: not a copy of the workbook", path.display());
        }
    }
    if students.is_empty() {
        bail!(
            "`{}` holds no copy of the workbook: give a folder with one cloned repository per student",
            dir.display()
        );
    }
    students.sort();
    Ok(students)
}

fn grade_student(
    runner: &PrivateRunner,
    student: &Path,
    trusted: &str,
    reports: &Path,
    limit: Duration,
) -> StudentGrade {
    let name = student.file_name().map_or_else(
        || student.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let report_file = reports.join(format!("{name}.json"));
    let problem = match run_verify(runner, student, trusted, &report_file, limit) {
        Ok(()) => None,
        Err(e) => Some(format!("{e:#}")),
    };
    let report = std::fs::read_to_string(&report_file)
        .ok()
        .and_then(|text| serde_json::from_str::<Report>(&text).ok());
    let problem = match (&report, problem) {
        (None, None) => Some("the runner wrote no report".to_string()),
        (_, problem) => problem,
    };
    StudentGrade {
        student: name,
        problem,
        report,
    }
}

/// Runs this runner on the student's copy; `Err` says why it gave no report.
fn run_verify(
    runner: &PrivateRunner,
    student: &Path,
    trusted: &str,
    report_file: &Path,
    limit: Duration,
) -> Result<()> {
    let student = student
        .canonicalize()
        .with_context(|| format!("Failed to resolve `{}`", student.display()))?;
    let stderr_file = report_file.with_extension("stderr");
    let stderr = std::fs::File::create(&stderr_file)
        .with_context(|| format!("Failed to create `{}`", stderr_file.display()))?;
    let mut command = Command::new(&runner.exe);
    command
        .arg("--root")
        .arg(&student)
        .args(["--color", "never", "verify", "--report", "json", "--out"])
        .arg(report_file)
        .arg("--trusted")
        .arg(trusted)
        .current_dir(&student)
        .env("CARGO_TARGET_DIR", student.join("target"))
        // The private copy is not in a target directory: it is told where the
        // explorer is, so that it is built once, not once per student.
        .env(EXPLORER_DIR_VAR, &runner.explorer_dir)
        .env("NO_COLOR", "1")
        .env_remove("WORKBOOK_ROOT")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr);
    let Some(status) = run_with_limit(command, limit)? else {
        bail!(
            "grading took longer than {} s and was stopped",
            limit.as_secs()
        )
    };
    if matches!(status.code(), Some(0 | 1)) {
        return Ok(());
    }
    let said =
        crate::core::checks::normalize(&std::fs::read_to_string(&stderr_file).unwrap_or_default());
    bail!(
        "{}",
        said.lines()
            .last()
            .unwrap_or("the runner failed without a message")
    )
}

/// Waits for the child up to `limit`; `None` when it had to be stopped.
///
/// The child stays in the terminal's process group, so a Ctrl-C reaches it
/// directly, and its own interrupt handler stops the kata it is running.
fn run_with_limit(mut command: Command, limit: Duration) -> Result<Option<ExitStatus>> {
    let mut child = command.spawn().context("Failed to start the runner")?;
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().context("Failed to wait for the runner")? {
            return Ok(Some(status));
        }
        if Instant::now() >= deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // SIGTERM first: the runner then stops its running kata before it exits.
    #[cfg(unix)]
    {
        if let Ok(pid) = libc::pid_t::try_from(child.id()) {
            // SAFETY: plain kill(2) on our own child's pid, which it still is
            // (it has not been waited for).
            unsafe { libc::kill(pid, libc::SIGTERM) };
        }
        let grace = Instant::now() + Duration::from_secs(2);
        while Instant::now() < grace {
            if child
                .try_wait()
                .context("Failed to wait for the runner")?
                .is_some()
            {
                return Ok(None);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    let _ = child.kill();
    child.wait().context("Failed to wait for the runner")?;
    Ok(None)
}
