//! What a command was doing when an operation failed, as its error says it
//! (`Failed to read `exercises/...``): commands attach it to the error
//! (`.context`), and the error is printed where every error is.

use std::path::Path;

/// What was done to a file or folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doing {
    Read,
    Write,
    Create,
    Resolve,
    Restore,
    Copy,
    Run,
    Open,
    Parse,
    Solve,
    Watch,
}

impl Doing {
    fn verb(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
            Self::Create => "create",
            Self::Resolve => "resolve",
            Self::Restore => "restore",
            Self::Copy => "copy",
            Self::Run => "run",
            Self::Open => "open",
            Self::Parse => "parse",
            Self::Solve => "solve",
            Self::Watch => "watch",
        }
    }
}

/// What the file or folder is, where the error names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thing {
    ShippedCopy,
    Backup,
    Report,
    /// A part of a class graded in parts (`grade-merge`).
    Part,
    AttemptList,
    FolderOfStudentCopies,
    Runner,
    Folder,
}

impl Thing {
    fn name(self) -> &'static str {
        match self {
            Self::ShippedCopy => "the shipped copy",
            Self::Backup => "the backup",
            Self::Report => "the report",
            Self::Part => "the part",
            Self::AttemptList => "the attempt list",
            Self::FolderOfStudentCopies => "the folder of student copies",
            Self::Runner => "the runner",
            Self::Folder => "the folder",
        }
    }
}

/// `Failed to <doing> `<path>``.
pub fn on(doing: Doing, path: impl AsRef<Path>) -> String {
    format!("Failed to {} `{}`", doing.verb(), path.as_ref().display())
}

/// `Failed to <doing> <the thing> `<path>``.
pub fn on_the(doing: Doing, thing: Thing, path: impl AsRef<Path>) -> String {
    format!(
        "Failed to {} {} `{}`",
        doing.verb(),
        thing.name(),
        path.as_ref().display()
    )
}

/// `Failed to copy `<from>` to `<to>``.
pub fn copy(from: &Path, to: &Path) -> String {
    format!("Failed to copy `{}` to `{}`", from.display(), to.display())
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

/// Something a command does that is not on one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    TempDir,
    KeyboardThread,
    FileWatcher,
    FileWatcherThread,
    WatcherStopped,
    WriteTerminal,
    WriteHandout,
    WriteStudentsHandout,
    FindOwnExecutable,
    BoxRunner,
    StartRunner,
    WaitRunner,
    ReadTeachersManifest,
    CpuLoadThread,
    StartGrading,
    NoGradesCsv,
    RunRustfmt,
    RunRustc,
    RunCargo,
}

/// What failed, for a `Task`.
pub fn task(task: Task) -> String {
    match task {
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
    }
    .to_string()
}
