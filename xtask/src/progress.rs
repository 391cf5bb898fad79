//! What the learner has done: `.workbook/progress.json`.
//!
//! Written whole to a temporary file and renamed over the old one, so a crash
//! or a second runner never leaves a torn file. A file that cannot be read is
//! set aside (never deleted) and progress starts over; `verify` re-checks the
//! code anyway, so nothing the learner wrote depends on this file.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    format_version: u32,
    /// Katas whose check passed, by name.
    pub done: BTreeSet<String>,
    /// How many hints of each kata the learner has seen.
    #[serde(default)]
    pub hints_shown: BTreeMap<String, usize>,
}

/// The result of loading: progress, plus where an unreadable file was moved.
pub struct Loaded {
    pub progress: Progress,
    pub recovered_from: Option<PathBuf>,
}

/// The folder of the runner's own state, inside the workspace.
pub fn state_dir(root: &Path) -> PathBuf {
    root.join(".workbook")
}

pub fn path(root: &Path) -> PathBuf {
    state_dir(root).join("progress.json")
}

impl Progress {
    /// Loads progress; a missing file is a fresh start, a corrupt one is moved
    /// aside to `progress.json.corrupt` and reported.
    pub fn load(root: &Path) -> Result<Loaded> {
        let file = path(root);
        let bytes = match std::fs::read(&file) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Loaded { progress: Progress::new(), recovered_from: None });
            }
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("Failed to read the progress file `{}`", file.display()));
            }
        };
        match serde_json::from_slice::<Progress>(&bytes) {
            Ok(progress) if progress.format_version == FORMAT_VERSION => {
                Ok(Loaded { progress, recovered_from: None })
            }
            _ => {
                let aside = file.with_extension("json.corrupt");
                std::fs::rename(&file, &aside).with_context(|| {
                    format!("Failed to move the unreadable progress file `{}` aside", file.display())
                })?;
                Ok(Loaded { progress: Progress::new(), recovered_from: Some(aside) })
            }
        }
    }

    pub fn new() -> Self {
        Self { format_version: FORMAT_VERSION, ..Self::default() }
    }

    pub fn is_done(&self, name: &str) -> bool {
        self.done.contains(name)
    }

    /// Writes the whole file atomically (temporary file + rename).
    pub fn save(&self, root: &Path) -> Result<()> {
        let dir = state_dir(root);
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("Failed to create `{}`", dir.display()))?;
        let file = path(root);
        let mut tmp = tempfile::NamedTempFile::new_in(&dir)
            .with_context(|| format!("Failed to create a temporary file in `{}`", dir.display()))?;
        let json = serde_json::to_vec_pretty(self).context("Failed to serialize progress")?;
        tmp.write_all(&json)
            .and_then(|()| tmp.as_file().sync_all())
            .with_context(|| format!("Failed to write `{}`", file.display()))?;
        tmp.persist(&file)
            .with_context(|| format!("Failed to replace the progress file `{}`", file.display()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = Progress::new();
        p.done.insert("fan_in".into());
        p.hints_shown.insert("rendezvous".into(), 2);
        p.save(dir.path()).unwrap();
        let loaded = Progress::load(dir.path()).unwrap();
        assert_eq!(loaded.progress, p);
        assert!(loaded.recovered_from.is_none());
    }

    #[test]
    fn a_missing_file_is_a_fresh_start() {
        let dir = tempfile::tempdir().unwrap();
        let loaded = Progress::load(dir.path()).unwrap();
        assert!(loaded.progress.done.is_empty());
    }

    #[test]
    fn corrupt_truncated_or_foreign_files_are_set_aside_not_lost() {
        for bad in [&b"{\"format_version\": 1, \"done\": [\"fan"[..], b"\xff\xfe", b"[]", b"{\"format_version\": 9, \"done\": []}"] {
            let dir = tempfile::tempdir().unwrap();
            std::fs::create_dir_all(state_dir(dir.path())).unwrap();
            std::fs::write(path(dir.path()), bad).unwrap();
            let loaded = Progress::load(dir.path()).unwrap();
            assert!(loaded.progress.done.is_empty());
            let aside = loaded.recovered_from.expect("the bad file is reported");
            assert_eq!(std::fs::read(aside).unwrap(), bad);
            // The next save works and the next load is clean.
            loaded.progress.save(dir.path()).unwrap();
            assert!(Progress::load(dir.path()).unwrap().recovered_from.is_none());
        }
    }
}
