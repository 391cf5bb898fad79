//! Check data from a source the learner cannot edit: `verify --trusted`.
//!
//! Everything a verdict depends on besides the learner's code lives in
//! `checks/` (catalog, snapshots, shipped copies, pinned diagnostics). A
//! learner who edits a snapshot to match a wrong program changes their own
//! grade, unless the grader reads `checks/` from elsewhere: a checkout of the
//! original workbook, or a git commit that predates the learner's changes.

use crate::base::failure::{Doing, Failed, Task};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result};
use tempfile::TempDir;

/// Why `--trusted <source>` gave no check data (worded in `render::teacher`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Untrusted {
    /// A folder without `checks/katas.toml` or `katas.toml`.
    NoCatalogIn(PathBuf),
    /// Not a folder, and not a revision either (it starts with `-`).
    NotARevision(String),
    /// Not a folder, and the workbook has no git history to look it up in.
    NotARepository {
        revision: String,
        root: PathBuf,
    },
    NoSuchRevision {
        revision: String,
        root: PathBuf,
    },
    NoChecksFolder {
        revision: String,
        git_said: String,
    },
    Unpack {
        revision: String,
        tar_said: String,
    },
    /// The revision's `checks/` has no catalog.
    NoCatalogAt(String),
}

/// A `checks/` directory from a trusted source; kept alive while it is used.
#[derive(Debug)]
pub struct TrustedChecks {
    dir: PathBuf,
    /// Holds the extracted copy of a git ref; deleted on drop.
    _extracted: Option<TempDir>,
}

impl TrustedChecks {
    /// Resolves `source`: an existing directory (a workbook checkout, or its
    /// `checks/` itself), else a git revision of the repository at `root`.
    pub fn fetch(root: &Path, source: &str) -> Result<Self> {
        let path = Path::new(source);
        if path.is_dir() {
            return Self::from_dir(path);
        }
        Self::from_git(root, source)
    }

    /// The trusted `checks/` directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn from_dir(path: &Path) -> Result<Self> {
        let dir = if path.join("checks/katas.toml").is_file() {
            path.join("checks")
        } else if path.join("katas.toml").is_file() {
            path.to_path_buf()
        } else {
            return Err(Untrusted::NoCatalogIn(path.to_path_buf()).into());
        };
        let dir = dir
            .canonicalize()
            .with_context(|| Failed::on(Doing::Resolve, &dir))?;
        Ok(Self {
            dir,
            _extracted: None,
        })
    }

    /// Extracts `checks/` as it is at `revision` into a temporary directory.
    fn from_git(root: &Path, revision: &str) -> Result<Self> {
        if revision.starts_with('-') {
            return Err(Untrusted::NotARevision(revision.to_string()).into());
        }
        let repository = git(root)
            .args(["rev-parse", "--git-dir"])
            .stderr(Stdio::null())
            .output()
            .context(Task::RunGit)?;
        if !repository.status.success() {
            return Err(Untrusted::NotARepository {
                revision: revision.to_string(),
                root: root.to_path_buf(),
            }
            .into());
        }
        let commit = git(root)
            .args(["rev-parse", "--verify", "--quiet"])
            .arg(format!("{revision}^{{commit}}"))
            .output()
            .context(Task::RunGit)?;
        if !commit.status.success() {
            return Err(Untrusted::NoSuchRevision {
                revision: revision.to_string(),
                root: root.to_path_buf(),
            }
            .into());
        }
        let commit = String::from_utf8_lossy(&commit.stdout).trim().to_string();
        let temp = tempfile::Builder::new()
            .prefix("workbook-trusted-")
            .tempdir()
            .context(Task::TempDir)?;
        let mut archive = git(root)
            .args(["archive", "--format=tar", &commit, "--", "checks"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .context(Task::RunGitArchive)?;
        let tar_input = archive.stdout.take().expect("stdout is piped");
        let untar = Command::new("tar")
            .arg("-x")
            .arg("-C")
            .arg(temp.path())
            .stdin(tar_input)
            .stderr(Stdio::piped())
            .output()
            .context(Task::RunTarForChecks)?;
        let archived = archive.wait_with_output().context(Task::RunGitArchive)?;
        if !archived.status.success() {
            return Err(Untrusted::NoChecksFolder {
                revision: revision.to_string(),
                git_said: String::from_utf8_lossy(&archived.stderr).trim().to_string(),
            }
            .into());
        }
        if !untar.status.success() {
            return Err(Untrusted::Unpack {
                revision: revision.to_string(),
                tar_said: String::from_utf8_lossy(&untar.stderr).trim().to_string(),
            }
            .into());
        }
        let dir = temp.path().join("checks");
        if !dir.join("katas.toml").is_file() {
            return Err(Untrusted::NoCatalogAt(revision.to_string()).into());
        }
        Ok(Self {
            dir,
            _extracted: Some(temp),
        })
    }
}

fn git(root: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("-C").arg(root).stdin(Stdio::null());
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_without_a_catalog_is_refused_with_advice() {
        let dir = tempfile::tempdir().unwrap();
        let err = TrustedChecks::fetch(dir.path(), dir.path().to_str().unwrap()).unwrap_err();
        assert!(err.to_string().contains("checks/katas.toml"), "{err}");
    }

    #[test]
    fn a_checkout_or_its_checks_folder_both_work() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("checks")).unwrap();
        std::fs::write(dir.path().join("checks/katas.toml"), "").unwrap();
        let checkout = TrustedChecks::fetch(dir.path(), dir.path().to_str().unwrap()).unwrap();
        let folder =
            TrustedChecks::fetch(dir.path(), dir.path().join("checks").to_str().unwrap()).unwrap();
        assert_eq!(checkout.dir(), folder.dir());
    }

    #[test]
    fn a_revision_outside_a_git_repository_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let err = TrustedChecks::fetch(dir.path(), "HEAD~1").unwrap_err();
        assert!(err.to_string().contains("is not a git repository"), "{err}");
    }

    #[test]
    fn option_like_revisions_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(TrustedChecks::fetch(dir.path(), "--output=/tmp/x").is_err());
    }
}
