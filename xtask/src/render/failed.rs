//! What a command was doing when an operation failed, as its error says it
//! (`Failed to read `exercises/...``): commands attach it to the error
//! (`.context`), and the error is printed where every error is.

use std::fmt;
use std::path::Path;

pub use crate::base::failure::{Doing, Failed, NoBox, Task, Thing};

use crate::base::build::CargoFailed;

fn verb(doing: Doing) -> &'static str {
    match doing {
        Doing::Read => "read",
        Doing::Write => "write",
        Doing::Create => "create",
        Doing::Resolve => "resolve",
        Doing::Restore => "restore",
        Doing::Copy => "copy",
        Doing::Run => "run",
        Doing::Open => "open",
        Doing::Parse => "parse",
        Doing::Solve => "solve",
        Doing::Watch => "watch",
        Doing::Lock => "lock",
        Doing::Start => "start",
        Doing::Remove => "remove",
        Doing::Adjust => "adjust",
        Doing::Replace => "replace",
    }
}

fn name(thing: Thing) -> &'static str {
    match thing {
        Thing::ShippedCopy => "the shipped copy",
        Thing::Backup => "the backup",
        Thing::Report => "the report",
        Thing::Part => "the part",
        Thing::AttemptList => "the attempt list",
        Thing::FolderOfStudentCopies => "the folder of student copies",
        Thing::Runner => "the runner",
        Thing::Folder => "the folder",
        Thing::ProgressFile => "the progress file",
        Thing::LockFile => "the lock file",
        Thing::Catalog => "the catalog",
        Thing::ExplorersReport => "the explorer's report",
        Thing::ScheduleExplorer => "the schedule explorer",
    }
}

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::On {
                doing,
                thing: None,
                path,
            } => write!(f, "Failed to {} `{}`", verb(*doing), path.display()),
            Self::On {
                doing,
                thing: Some(thing),
                path,
            } => write!(
                f,
                "Failed to {} {} `{}`",
                verb(*doing),
                name(*thing),
                path.display()
            ),
            Self::Copy { from, to } => {
                write!(
                    f,
                    "Failed to copy `{}` to `{}`",
                    from.display(),
                    to.display()
                )
            }
            Self::MoveBuilt { explorer, to } => {
                let built = if *explorer { "explorer" } else { "recorder" };
                write!(f, "Failed to move the {built} to `{}`", to.display())
            }
            Self::SetAside(file) => write!(
                f,
                "Failed to move the unreadable progress file `{}` aside",
                file.display()
            ),
            Self::TempFileIn(dir) => write!(
                f,
                "Failed to create a temporary file in `{}`",
                dir.display()
            ),
            Self::FolderList(line) => {
                write!(f, "Failed to read `{line}` (a list of folders on one line)")
            }
            Self::Task(task) => task.fmt(f),
        }
    }
}

/// `Failed to <doing> `<path>``.
pub fn on(doing: Doing, path: impl AsRef<Path>) -> String {
    Failed::on(doing, path).to_string()
}

/// `Failed to <doing> <the thing> `<path>``.
pub fn on_the(doing: Doing, thing: Thing, path: impl AsRef<Path>) -> String {
    Failed::on_the(doing, thing, path).to_string()
}

/// `Failed to copy `<from>` to `<to>``.
pub fn copy(from: &Path, to: &Path) -> String {
    Failed::copy(from, to).to_string()
}

/// `grade --trusted <source>`: its check data could not be taken.
pub fn take_checks(source: &str) -> String {
    format!("Failed to take the check data from `{source}`")
}

/// A file of the teacher's workbook could not be copied for a student.
pub fn copy_teachers(file: &str) -> String {
    format!("Failed to copy the teacher's `{file}`")
}

/// An attempt of the corpus names no kata of the catalog.
pub fn attempt_kata(file: &Path) -> String {
    format!(
        "Failed to find the kata of the attempt `{}`",
        file.display()
    )
}

/// What failed, for a `Task`.
pub fn task(task: Task) -> String {
    task.to_string()
}

impl fmt::Display for Task {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Task::TempDir => "Failed to create a temporary directory",
            Task::KeyboardThread => "Failed to start a thread to read the keyboard",
            Task::FileWatcher => "Failed to start the file watcher",
            Task::FileWatcherThread => "Failed to start a thread for the file watcher",
            Task::WatcherStopped => "Failed to watch the kata files: the watcher stopped",
            Task::WriteTerminal => "Failed to write to the terminal",
            Task::WriteHandout => "Failed to write the handout",
            Task::WriteStudentsHandout => "Failed to write the handout the students started from",
            Task::FindOwnExecutable => "Failed to find the runner's own executable",
            Task::BoxRunner => "Failed to box the grading runner",
            Task::StartRunner => "Failed to start the runner",
            Task::WaitRunner => "Failed to wait for the runner",
            Task::ReadTeachersManifest => "Failed to read the teacher's `Cargo.toml`",
            Task::CpuLoadThread => "Failed to start a thread for the CPU load",
            Task::StartGrading => "Failed to start the grading",
            Task::NoGradesCsv => "The grading wrote no grades.csv",
            Task::RunRustfmt => "Failed to run rustfmt",
            Task::RunRustc => "Failed to run rustc",
            Task::RunCargo => "Failed to run cargo",
            Task::SerializeProgress => "Failed to serialize progress",
            Task::RunGit => "Failed to run git (is it installed?)",
            Task::RunGitArchive => "Failed to run git archive",
            Task::StartGitArchive => "Failed to run git archive (is git installed?)",
            Task::RunTarForChecks => "Failed to run tar (needed to unpack the trusted checks)",
            Task::RunTar => "Failed to run tar",
            Task::ReadHistory => "Failed to read the repository's history",
            Task::StartBackgroundBuild => "Failed to start the explorer's background build",
            Task::CreateExplorersReport => "Failed to create a file for the explorer's report",
            Task::CreateRunsRecord => "Failed to create a file for a run's record",
            Task::StartCargo => "Failed to start cargo (is the Rust toolchain installed?)",
            Task::RunRustcVersion => "Failed to run rustc --version",
            Task::RunCargoTest => "Failed to run cargo test",
        })
    }
}

impl fmt::Display for CargoFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cargo could not build {}:\n{}",
            self.bins.join(", "),
            self.stderr
        )
    }
}

impl std::error::Error for CargoFailed {}

impl fmt::Display for NoBox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotBuilt => {
                "this runner was built without the grading box (the `teaching` feature)"
            }
            Self::NoPidsCgroup => "failed to make the pids cgroup that caps a student's processes",
        })
    }
}

impl std::error::Error for NoBox {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn what_failed_is_worded_as_the_runner_always_worded_it() {
        let file = PathBuf::from(".workbook/progress.json");
        assert_eq!(
            Failed::on(Doing::Create, ".workbook").to_string(),
            "Failed to create `.workbook`"
        );
        assert_eq!(
            Failed::on_the(Doing::Read, Thing::ProgressFile, &file).to_string(),
            "Failed to read the progress file `.workbook/progress.json`"
        );
        assert_eq!(
            Failed::SetAside(file).to_string(),
            "Failed to move the unreadable progress file `.workbook/progress.json` aside"
        );
        assert_eq!(
            Failed::MoveBuilt {
                explorer: true,
                to: PathBuf::from("bin"),
            }
            .to_string(),
            "Failed to move the explorer to `bin`"
        );
        assert_eq!(
            Failed::from(Task::RunGit).to_string(),
            "Failed to run git (is it installed?)"
        );
        let error = anyhow::Error::msg("denied").context(Failed::copy("a", "b"));
        assert_eq!(format!("{error:#}"), "Failed to copy `a` to `b`: denied");
    }
}
