//! What the learner has done: `.workbook/progress.json`.
//!
//! Written whole to a temporary file and renamed over the old one, so a crash
//! or a second runner never leaves a torn file. Changes go through
//! `Progress::update`, which re-reads the file under a lock, so two runners
//! finishing at once (`verify` in one terminal, `next` in another) both keep
//! their change. A file that cannot be read is set aside (never deleted, never
//! overwritten) and progress starts over; `verify` re-checks the code anyway,
//! so nothing the learner wrote depends on this file.

use crate::base::failure::{Doing, Failed, Task, Thing};
use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
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
    /// A hash of each done kata's file as it was when it passed (`file_hash`),
    /// so a file changed since is noticed. Katas passed before it was kept
    /// have none.
    #[serde(default)]
    pub passed_files: BTreeMap<String, String>,
    /// The welcome was shown (by the first `next`): it is said once, not on
    /// every `next` until the first pass.
    #[serde(default)]
    pub welcomed: bool,
    /// Done katas that passed on their output alone, because the recorder
    /// of real runs was not built yet: `next` judges their channels once it
    /// is (`track::awaiting_recorder`).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub unjudged: BTreeSet<String>,
}

/// A stable hash of a file's contents (64-bit FNV-1a, in hex): the same on
/// every machine and Rust version, unlike `std`'s hasher.
pub fn file_hash(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
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
    /// Loads progress; a missing file is a fresh start, an unreadable one is
    /// set aside (see `set_aside`) and reported.
    pub fn load(root: &Path) -> Result<Loaded> {
        match read(root)? {
            OnDisk::Readable(progress) => Ok(Loaded {
                progress,
                recovered_from: None,
            }),
            OnDisk::Missing => Ok(Loaded {
                progress: Progress::new(),
                recovered_from: None,
            }),
            // Only one runner may move the file aside, and it may have been
            // rewritten meanwhile: look again under the lock.
            OnDisk::Unreadable => {
                let _lock = lock(root)?;
                load_locked(root)
            }
        }
    }

    /// Applies `change` to the progress on disk and saves the result (when it
    /// changed), holding the lock from reading to writing so that a change
    /// saved meanwhile by another runner is kept, not overwritten.
    pub fn update(root: &Path, change: impl FnOnce(&mut Progress)) -> Result<Loaded> {
        let _lock = lock(root)?;
        let mut loaded = load_locked(root)?;
        let before = loaded.progress.clone();
        change(&mut loaded.progress);
        if loaded.progress != before {
            loaded.progress.save(root)?;
        }
        Ok(loaded)
    }

    pub fn new() -> Self {
        Self {
            format_version: FORMAT_VERSION,
            ..Self::default()
        }
    }

    pub fn is_done(&self, name: &str) -> bool {
        self.done.contains(name)
    }

    /// Marks a kata done, with its file as it was judged (`None` if it could
    /// not be read).
    pub fn mark_passed(&mut self, name: &str, file: Option<&[u8]>) {
        self.done.insert(name.to_string());
        self.unjudged.remove(name);
        match file {
            Some(bytes) => self.passed_files.insert(name.to_string(), file_hash(bytes)),
            None => self.passed_files.remove(name),
        };
    }

    /// Marks a done kata as passed on its output alone, its channels still
    /// to judge.
    pub fn mark_unjudged(&mut self, name: &str) {
        if self.is_done(name) {
            self.unjudged.insert(name.to_string());
        }
    }

    /// Forgets that a kata was done.
    pub fn unmark(&mut self, name: &str) {
        self.done.remove(name);
        self.unjudged.remove(name);
        self.passed_files.remove(name);
    }

    /// Is the kata done, but its file (`None`: gone or unreadable) no longer
    /// the one that passed?
    pub fn changed_since_pass(&self, name: &str, file: Option<&[u8]>) -> bool {
        self.is_done(name)
            && self
                .passed_files
                .get(name)
                .is_some_and(|hash| file.is_none_or(|bytes| file_hash(bytes) != *hash))
    }

    /// Writes the whole file atomically (temporary file + rename).
    pub fn save(&self, root: &Path) -> Result<()> {
        let dir = state_dir(root);
        std::fs::create_dir_all(&dir).with_context(|| Failed::on(Doing::Create, &dir))?;
        let file = path(root);
        let mut tmp = tempfile::NamedTempFile::new_in(&dir)
            .with_context(|| Failed::TempFileIn(dir.clone()))?;
        let json = serde_json::to_vec_pretty(self).context(Task::SerializeProgress)?;
        tmp.write_all(&json)
            .and_then(|()| tmp.as_file().sync_all())
            .with_context(|| Failed::on(Doing::Write, &file))?;
        tmp.persist(&file)
            .with_context(|| Failed::on_the(Doing::Replace, Thing::ProgressFile, &file))?;
        Ok(())
    }
}

/// What the progress file holds.
enum OnDisk {
    Missing,
    Readable(Progress),
    /// Not a progress file this runner can read: torn, edited, or from another version.
    Unreadable,
}

fn read(root: &Path) -> Result<OnDisk> {
    let file = path(root);
    let bytes = match std::fs::read(&file) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(OnDisk::Missing),
        Err(e) => {
            return Err(e).with_context(|| Failed::on_the(Doing::Read, Thing::ProgressFile, &file));
        }
    };
    Ok(match serde_json::from_slice::<Progress>(&bytes) {
        Ok(progress) if progress.format_version == FORMAT_VERSION => OnDisk::Readable(progress),
        _ => OnDisk::Unreadable,
    })
}

/// `Progress::load`, for a caller that holds the lock.
fn load_locked(root: &Path) -> Result<Loaded> {
    match read(root)? {
        OnDisk::Readable(progress) => Ok(Loaded {
            progress,
            recovered_from: None,
        }),
        OnDisk::Missing => Ok(Loaded {
            progress: Progress::new(),
            recovered_from: None,
        }),
        OnDisk::Unreadable => {
            let aside = set_aside(&path(root))?;
            Ok(Loaded {
                progress: Progress::new(),
                recovered_from: Some(aside),
            })
        }
    }
}

/// Moves an unreadable progress file to `progress.json.corrupt` (or
/// `.corrupt-2`, `-3`, ...): a file set aside earlier is never overwritten.
/// The caller holds the lock, so no other runner picks the same name.
fn set_aside(file: &Path) -> Result<PathBuf> {
    for n in 1.. {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let aside = file.with_extension(format!("json.corrupt{suffix}"));
        if aside.symlink_metadata().is_ok() {
            continue;
        }
        std::fs::rename(file, &aside).with_context(|| Failed::SetAside(file.to_path_buf()))?;
        return Ok(aside);
    }
    unreachable!("the loop only ends by returning")
}

/// An exclusive lock on `.workbook/progress.lock`, held until the file is
/// dropped. The OS releases it when the process ends, however it ends, so an
/// interrupted runner never leaves the next one waiting.
fn lock(root: &Path) -> Result<File> {
    let dir = state_dir(root);
    std::fs::create_dir_all(&dir).with_context(|| Failed::on(Doing::Create, &dir))?;
    let file = dir.join("progress.lock");
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&file)
        .with_context(|| Failed::on_the(Doing::Open, Thing::LockFile, &file))?;
    lock.lock()
        .with_context(|| Failed::on(Doing::Lock, &file))?;
    Ok(lock)
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
    fn a_file_changed_since_its_pass_is_noticed() {
        let mut p = Progress::new();
        p.mark_passed("fan_in", Some(b"fn main() {}"));
        assert!(!p.changed_since_pass("fan_in", Some(b"fn main() {}")));
        assert!(p.changed_since_pass("fan_in", Some(b"fn main() { loop {} }")));
        assert!(p.changed_since_pass("fan_in", None));
        // Done before hashes were kept: nothing to compare with.
        p.done.insert("rendezvous".into());
        assert!(!p.changed_since_pass("rendezvous", Some(b"x")));
        p.unmark("fan_in");
        assert!(!p.changed_since_pass("fan_in", None));
        assert_eq!(file_hash(b""), "cbf29ce484222325");
    }

    #[test]
    fn a_missing_file_is_a_fresh_start() {
        let dir = tempfile::tempdir().unwrap();
        let loaded = Progress::load(dir.path()).unwrap();
        assert!(loaded.progress.done.is_empty());
    }

    #[test]
    fn corrupt_truncated_or_foreign_files_are_set_aside_not_lost() {
        for bad in [
            &b"{\"format_version\": 1, \"done\": [\"fan"[..],
            b"\xff\xfe",
            b"[]",
            b"{\"format_version\": 9, \"done\": []}",
        ] {
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

    #[test]
    fn a_file_set_aside_is_never_overwritten_by_the_next_one() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(state_dir(dir.path())).unwrap();
        let mut asides = Vec::new();
        for bad in ["first", "second", "third"] {
            std::fs::write(path(dir.path()), bad).unwrap();
            asides.push(Progress::load(dir.path()).unwrap().recovered_from.unwrap());
        }
        let kept: Vec<String> = asides
            .iter()
            .map(|a| std::fs::read_to_string(a).unwrap())
            .collect();
        assert_eq!(kept, ["first", "second", "third"]);
    }

    #[test]
    fn concurrent_updates_all_land() {
        let dir = tempfile::tempdir().unwrap();
        std::thread::scope(|scope| {
            for i in 0..8 {
                let root = dir.path();
                scope.spawn(move || {
                    Progress::update(root, |p| {
                        p.done.insert(format!("kata_{i}"));
                    })
                    .unwrap();
                });
            }
        });
        assert_eq!(Progress::load(dir.path()).unwrap().progress.done.len(), 8);
    }
}
