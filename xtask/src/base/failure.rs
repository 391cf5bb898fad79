//! What failed, as data: the operation, what it was done to, and the path or
//! name it named. Every layer attaches these to its errors (`.with_context(||
//! Failed::on(Doing::Read, &path))`); the words are `render::failed`'s, which
//! implements `Display` for them, so no sentence is written below render.

use std::path::{Path, PathBuf};

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
    Lock,
    Start,
    Remove,
    Adjust,
    Replace,
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
    ProgressFile,
    LockFile,
    Catalog,
    ExplorersReport,
    ScheduleExplorer,
}

/// Something done that is not on one file.
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
    SerializeProgress,
    /// git could not be started at all (so it is likely not installed).
    RunGit,
    RunGitArchive,
    /// git archive could not be started (so git is likely not installed).
    StartGitArchive,
    /// `tar`, to unpack the trusted checks.
    RunTarForChecks,
    /// `tar`, to unpack a commit.
    RunTar,
    ReadHistory,
    StartBackgroundBuild,
    CreateExplorersReport,
    CreateRunsRecord,
    /// cargo could not be started (so the toolchain is likely missing).
    StartCargo,
    RunRustcVersion,
    RunCargoTest,
}

/// Why the grading box could not be had on this system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoBox {
    /// The runner was built without the `teaching` feature.
    NotBuilt,
    /// Running as root with a pids cgroup, yet the cap could not be made.
    NoPidsCgroup,
}

/// One operation that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failed {
    /// `<doing> [<thing>] <path>`.
    On {
        doing: Doing,
        thing: Option<Thing>,
        path: PathBuf,
    },
    /// A copy from one path to another.
    Copy {
        from: PathBuf,
        to: PathBuf,
    },
    /// A built program (the recorder's, the explorer's) moved into place.
    MoveBuilt {
        explorer: bool,
        to: PathBuf,
    },
    /// An unreadable progress file moved aside.
    SetAside(PathBuf),
    /// A temporary file made in a folder.
    TempFileIn(PathBuf),
    /// A line of a file that lists folders, read as a path.
    FolderList(String),
    Task(Task),
}

impl Failed {
    pub fn on(doing: Doing, path: impl AsRef<Path>) -> Self {
        Self::On {
            doing,
            thing: None,
            path: path.as_ref().to_path_buf(),
        }
    }

    pub fn on_the(doing: Doing, thing: Thing, path: impl AsRef<Path>) -> Self {
        Self::On {
            doing,
            thing: Some(thing),
            path: path.as_ref().to_path_buf(),
        }
    }

    pub fn copy(from: impl AsRef<Path>, to: impl AsRef<Path>) -> Self {
        Self::Copy {
            from: from.as_ref().to_path_buf(),
            to: to.as_ref().to_path_buf(),
        }
    }
}

impl From<Task> for Failed {
    fn from(task: Task) -> Self {
        Self::Task(task)
    }
}
