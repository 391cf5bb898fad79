//! A student's repository as grading sees it: which commit is graded, that
//! commit's files (exported, the student's checkout left as it is), and what
//! it changed of the files the grade depends on.

use crate::base::failure::{Doing, Failed, Task};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result};

/// The files a student hands in nothing of: the check data, the runner, the
/// workflows, cargo's settings and manifests. A change to any of them since
/// the handout is flagged in the grade.
pub const PROTECTED: &[&str] = &[
    "checks",
    "xtask",
    ".github",
    ".cargo",
    "Cargo.toml",
    "Cargo.lock",
    "exercises/Cargo.toml",
    "exercises/kata.rs",
];

/// Which state of each student's repository is graded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    /// The files in the folder as they are (the commit recorded is `HEAD`).
    Files,
    /// This commit, tag or branch.
    Rev(String),
    /// The last commit at or before this time (`git rev-list --before`).
    Deadline(String),
}

/// Why no commit could be picked (worded in `render::teacher`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoCommit {
    /// A revision that starts with `-` (git would take it for an option).
    NotARevision(String),
    NoSuchRevision(String),
    /// A time that starts with `-`.
    NotATime(String),
    /// No commit at or before the time.
    NoneBefore(String),
    /// git, with these arguments, did not succeed.
    GitFailed(String),
}

/// The commit graded for `pick`: `None` for the files of a folder that is not
/// a git repository; an error when the repository has no such commit.
pub fn resolve(repo: &Path, pick: &Pick) -> Result<Option<String>> {
    match pick {
        Pick::Files => Ok(
            git_line(repo, &["rev-parse", "--verify", "--quiet", "HEAD"])
                .ok()
                .filter(|c| !c.is_empty()),
        ),
        Pick::Rev(rev) => {
            if rev.starts_with('-') {
                return Err(NoCommit::NotARevision(rev.clone()).into());
            }
            let commit = git_line(
                repo,
                &[
                    "rev-parse",
                    "--verify",
                    "--quiet",
                    &format!("{rev}^{{commit}}"),
                ],
            )
            .unwrap_or_default();
            if commit.is_empty() {
                return Err(NoCommit::NoSuchRevision(rev.clone()).into());
            }
            Ok(Some(commit))
        }
        Pick::Deadline(time) => {
            if time.starts_with('-') {
                return Err(NoCommit::NotATime(time.clone()).into());
            }
            let commit = git_line(
                repo,
                &["rev-list", "-1", &format!("--before={time}"), "HEAD"],
            )
            .context(Task::ReadHistory)?;
            if commit.is_empty() {
                return Err(NoCommit::NoneBefore(time.clone()).into());
            }
            Ok(Some(commit))
        }
    }
}

impl Pick {
    /// The pick in one token, as reports record it: `files`, `rev:<REF>`
    /// or `deadline:<TIME>` (parts of one grading must have the same).
    pub fn record(&self) -> String {
        match self {
            Self::Files => "files".to_string(),
            Self::Rev(rev) => format!("rev:{rev}"),
            Self::Deadline(time) => format!("deadline:{time}"),
        }
    }

    /// The pick a class's grades recorded (`record`); anything else, as an
    /// older grading's empty record, is `Files`.
    pub fn from_record(record: &str) -> Self {
        match record.split_once(':') {
            Some(("rev", rev)) => Self::Rev(rev.to_string()),
            Some(("deadline", time)) => Self::Deadline(time.to_string()),
            _ => Self::Files,
        }
    }
}

/// What a graded commit is, beyond its id: when it was made, whether the
/// repository has later commits, and whether the folder's files differ
/// from it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    /// The commit's committer date (ISO 8601, as the student's git set it).
    pub date: Option<String>,
    /// Commits of `HEAD` after the graded one (0 when `HEAD` is graded).
    pub later_commits: Option<u64>,
    /// Files of the folder that differ from `HEAD` (changed, added or
    /// deleted, untracked ones included): graded as they are with `Pick::Files`.
    pub uncommitted: Option<u64>,
}

/// The provenance of `commit` in `repo`; what git cannot tell stays `None`.
pub fn provenance(repo: &Path, commit: &str) -> Provenance {
    let date = git_line(repo, &["show", "-s", "--format=%cI", commit, "--"])
        .ok()
        .filter(|d| !d.is_empty());
    let later_commits = git_line(repo, &["rev-list", "--count", &format!("{commit}..HEAD")])
        .ok()
        .and_then(|n| n.parse().ok());
    let uncommitted = git(repo)
        .args(["status", "--porcelain", "--no-renames"])
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).lines().count() as u64);
    Provenance {
        date,
        later_commits,
        uncommitted,
    }
}

/// A commit whose files could not be written out: what git archive (or, when
/// `unpacking`, tar) said. Worded in `render::teacher`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotExported {
    pub commit: String,
    pub unpacking: bool,
    pub said: String,
}

/// Writes the files of `commit` into `dest` (`git archive`), leaving the
/// repository's own checkout untouched.
pub fn export(repo: &Path, commit: &str, dest: &Path) -> Result<()> {
    std::fs::create_dir_all(dest).with_context(|| Failed::on(Doing::Create, dest))?;
    let mut archive = git(repo)
        .args(["archive", "--format=tar", commit])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context(Task::StartGitArchive)?;
    let tar = archive.stdout.take().expect("stdout is piped");
    let untar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(dest)
        .stdin(tar)
        .stderr(Stdio::piped())
        .output()
        .context(Task::RunTar)?;
    let archived = archive.wait_with_output().context(Task::RunGitArchive)?;
    if !archived.status.success() {
        return Err(NotExported {
            commit: commit.to_string(),
            unpacking: false,
            said: String::from_utf8_lossy(&archived.stderr).trim().to_string(),
        }
        .into());
    }
    if !untar.status.success() {
        return Err(NotExported {
            commit: commit.to_string(),
            unpacking: true,
            said: String::from_utf8_lossy(&untar.stderr).trim().to_string(),
        }
        .into());
    }
    Ok(())
}

/// The protected files of `copy` that differ from those of `handout`, each
/// as `path (changed|added|deleted)`, in path order.
pub fn protected_changes(handout: &Path, copy: &Path) -> Vec<String> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for top in PROTECTED {
        for base in [handout, copy] {
            collect(base, Path::new(top), &mut paths);
        }
    }
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter_map(|path| {
            let theirs = std::fs::read(handout.join(&path)).ok();
            let mine = std::fs::read(copy.join(&path)).ok();
            let what = match (theirs, mine) {
                (Some(a), Some(b)) if a == b => return None,
                (Some(_), Some(_)) => "changed",
                (None, Some(_)) => "added",
                (Some(_), None) => "deleted",
                (None, None) => return None,
            };
            Some(format!("{} ({what})", path.display()))
        })
        .collect()
}

/// Every file at or under `relative` in `base` (links as files; build output
/// and scratch folders left out).
fn collect(base: &Path, relative: &Path, into: &mut Vec<PathBuf>) {
    let path = base.join(relative);
    let Ok(meta) = std::fs::symlink_metadata(&path) else {
        return;
    };
    if !meta.is_dir() {
        into.push(relative.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(&path) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name == "target" || name == ".workbook" {
            continue;
        }
        collect(base, &relative.join(name), into);
    }
}

fn git(repo: &Path) -> Command {
    let mut cmd = Command::new("git");
    // Nothing of the repository's own settings may run a program.
    cmd.args([
        "-c",
        "core.fsmonitor=false",
        "-c",
        "core.hooksPath=/dev/null",
    ])
    .arg("-C")
    .arg(repo)
    .stdin(Stdio::null());
    cmd
}

fn git_line(repo: &Path, args: &[&str]) -> Result<String> {
    let out = git(repo)
        .args(args)
        .stderr(Stdio::null())
        .output()
        .context(Task::RunGit)?;
    if !out.status.success() {
        return Err(NoCommit::GitFailed(args.join(" ")).into());
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pick_is_read_back_from_its_record() {
        for pick in [
            Pick::Files,
            Pick::Rev("v1".into()),
            Pick::Deadline("2026-12-01 23:59".into()),
        ] {
            assert_eq!(Pick::from_record(&pick.record()), pick);
        }
        assert_eq!(Pick::from_record(""), Pick::Files);
    }

    #[test]
    fn protected_changes_name_each_changed_added_and_deleted_file() {
        let handout = tempfile::tempdir().unwrap();
        let copy = tempfile::tempdir().unwrap();
        for dir in [handout.path(), copy.path()] {
            std::fs::create_dir_all(dir.join("checks/snapshots")).unwrap();
            std::fs::create_dir_all(dir.join("exercises")).unwrap();
            std::fs::write(dir.join("checks/katas.toml"), "same").unwrap();
            std::fs::write(dir.join("exercises/a.rs"), dir.display().to_string()).unwrap();
        }
        std::fs::write(handout.path().join("checks/snapshots/a.snap"), "x").unwrap();
        std::fs::write(copy.path().join("checks/snapshots/a.snap"), "y").unwrap();
        std::fs::write(handout.path().join("Cargo.toml"), "[workspace]").unwrap();
        std::fs::create_dir_all(copy.path().join(".github/workflows")).unwrap();
        std::fs::write(copy.path().join(".github/workflows/x.yml"), "on: push").unwrap();
        std::fs::create_dir_all(copy.path().join("xtask/target")).unwrap();
        std::fs::write(copy.path().join("xtask/target/junk"), "").unwrap();
        assert_eq!(
            protected_changes(handout.path(), copy.path()),
            [
                ".github/workflows/x.yml (added)",
                "Cargo.toml (deleted)",
                "checks/snapshots/a.snap (changed)",
            ]
        );
    }

    #[test]
    fn a_revision_or_deadline_is_found_in_the_history_and_exported() {
        let repo = tempfile::tempdir().unwrap();
        let git = |args: &[&str], date: &str| {
            let out = Command::new("git")
                .args(["-c", "user.name=S", "-c", "user.email=s@example.com"])
                .args(args)
                .current_dir(repo.path())
                .env("GIT_COMMITTER_DATE", date)
                .env("GIT_AUTHOR_DATE", date)
                .output()
                .unwrap();
            assert!(out.status.success(), "{out:?}");
            String::from_utf8_lossy(&out.stdout).trim().to_string()
        };
        git(&["init", "--quiet"], "");
        std::fs::write(repo.path().join("a.rs"), "first").unwrap();
        git(&["add", "."], "");
        git(&["commit", "--quiet", "-m", "one"], "2026-11-01T10:00:00Z");
        let first = git(&["rev-parse", "HEAD"], "");
        git(&["tag", "submitted"], "");
        std::fs::write(repo.path().join("a.rs"), "second").unwrap();
        git(&["commit", "--quiet", "-am", "two"], "2026-11-03T10:00:00Z");
        let second = git(&["rev-parse", "HEAD"], "");
        std::fs::write(repo.path().join("a.rs"), "not committed").unwrap();

        let at = |pick: Pick| resolve(repo.path(), &pick);
        assert_eq!(at(Pick::Files).unwrap(), Some(second.clone()));
        assert_eq!(
            at(Pick::Rev("submitted".into())).unwrap(),
            Some(first.clone())
        );
        assert_eq!(
            at(Pick::Deadline("2026-11-02T00:00:00Z".into())).unwrap(),
            Some(first.clone())
        );
        let none = at(Pick::Deadline("2026-10-01".into())).unwrap_err();
        assert!(
            none.to_string().contains("no commit at or before"),
            "{none}"
        );
        assert!(at(Pick::Rev("nope".into())).is_err());
        assert!(at(Pick::Rev("--output=x".into())).is_err());

        let out = tempfile::tempdir().unwrap();
        export(repo.path(), &first, out.path()).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.path().join("a.rs")).unwrap(),
            "first"
        );
        assert_eq!(
            std::fs::read_to_string(repo.path().join("a.rs")).unwrap(),
            "not committed",
            "the checkout is left as it was"
        );
        let plain = tempfile::tempdir().unwrap();
        assert_eq!(resolve(plain.path(), &Pick::Files).unwrap(), None);

        // The first commit: made on 1 November, one commit after it, and
        // the folder's `a.rs` not committed.
        let first_made = provenance(repo.path(), &first);
        assert_eq!(first_made.date.as_deref(), Some("2026-11-01T10:00:00Z"));
        assert_eq!(first_made.later_commits, Some(1));
        assert_eq!(first_made.uncommitted, Some(1));
        git(
            &["commit", "--quiet", "-am", "three"],
            "2026-11-04T10:00:00Z",
        );
        let head = git(&["rev-parse", "HEAD"], "");
        let clean = provenance(repo.path(), &head);
        assert_eq!((clean.later_commits, clean.uncommitted), (Some(0), Some(0)));
    }
}
