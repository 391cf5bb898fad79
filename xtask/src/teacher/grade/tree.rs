//! A student's build tree: the teacher's manifests and the student's kata
//! files, built into the class's shared build folder, and what it linked
//! there removed once the student is graded.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::core::submission::Pick;
use crate::render::failed::{self, Doing, Task};

/// What every student's build shares: the teacher's workbook (manifests),
/// the class's build folder, and the kata files to take from each student.
pub(super) struct Class {
    pub(super) teacher: PathBuf,
    pub(super) build_dir: PathBuf,
    pub(super) trees: PathBuf,
    /// Where a chosen commit's files are exported, one folder per student.
    pub(super) exports: PathBuf,
    /// The handout of the teacher's workbook (protected files compared with it).
    pub(super) handout: PathBuf,
    pub(super) pick: Pick,
    pub(super) explorer_dir: PathBuf,
    pub(super) runner_root: PathBuf,
    /// Kata files, relative to a workbook's root.
    pub(super) katas: Vec<PathBuf>,
}

/// Files of the teacher's workbook that make a student's build tree.
const TRUSTED_FILES: &[&str] = &["Cargo.lock", "exercises/Cargo.toml", "exercises/kata.rs"];

/// The largest kata file taken from a student.
const KATA_FILE_CAP: u64 = 1 << 20;

impl Class {
    /// A build tree for `student`: the teacher's manifests, the student's
    /// kata files (regular files only: a link could name any file).
    pub(super) fn tree(&self, name: &str, student: &Path) -> Result<PathBuf> {
        let tree = self.trees.join(name);
        std::fs::create_dir_all(tree.join("exercises"))
            .with_context(|| failed::on(Doing::Create, &tree))?;
        std::fs::create_dir_all(tree.join("tmp"))?;
        let manifest = std::fs::read_to_string(self.teacher.join("Cargo.toml"))
            .with_context(|| failed::task(Task::ReadTeachersManifest))?;
        let manifest: String = manifest
            .lines()
            .map(|line| {
                if line.starts_with("members = ") {
                    "members = [\"exercises\"]".to_string()
                } else if line.starts_with("default-members = ") {
                    "default-members = [\"exercises\"]".to_string()
                } else {
                    line.to_string()
                }
            })
            .map(|line| line + "\n")
            .collect();
        std::fs::write(tree.join("Cargo.toml"), manifest)?;
        for file in TRUSTED_FILES {
            std::fs::copy(self.teacher.join(file), tree.join(file))
                .with_context(|| failed::copy_teachers(file))?;
        }
        // A version of its own: cargo names a workspace member's build
        // products after its name and version, not its folder, so in the
        // shared build folder two students' `fan_in` would be one file.
        let manifest = tree.join("exercises").join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest)?;
        let version = format!("version = \"0.1.0-{}\"", version_tag(name));
        std::fs::write(&manifest, text.replacen("version = \"0.1.0\"", &version, 1))?;
        for kata in &self.katas {
            let from = student.join(kata);
            let regular = std::fs::symlink_metadata(&from)
                .is_ok_and(|m| m.is_file() && m.len() <= KATA_FILE_CAP);
            if !regular {
                // Left out: the kata is then reported as missing.
                continue;
            }
            let to = tree.join(kata);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::copy(&from, &to).with_context(|| failed::on(Doing::Copy, &from))?;
        }
        Ok(tree)
    }
}

/// A pre-release tag made of the student's folder name (letters and digits
/// only) and a hash of it, so that distinct names never share a tag.
fn version_tag(name: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    name.hash(&mut hasher);
    let plain: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(20)
        .collect();
    format!("s{plain}{:x}", hasher.finish())
}

/// Removes from the shared build folder the files that cargo linked into
/// one student's `target` (their kata programs and library: cargo hard-links
/// its final files from the build folder), so the folder keeps what every
/// student shares (the dependencies) and not each student's binaries.
/// Files of other students are other inodes, and are left alone.
pub(super) fn forget_builds(build_dir: &Path, target: &Path) {
    use crate::base::system::{file_id, links};
    use std::collections::HashSet;
    fn walk(dir: &Path, each: &mut dyn FnMut(&Path, &std::fs::Metadata)) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                walk(&entry.path(), each);
            } else if meta.is_file() {
                each(&entry.path(), &meta);
            }
        }
    }
    let mut linked = HashSet::new();
    walk(target, &mut |_, meta| {
        if links(meta) > 1 {
            linked.extend(file_id(meta));
        }
    });
    if linked.is_empty() {
        return;
    }
    walk(build_dir, &mut |path, meta| {
        if file_id(meta).is_some_and(|id| linked.contains(&id)) {
            let _ = std::fs::remove_file(path);
        }
    });
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// A student's programs leave the shared build folder with their tree;
    /// what they did not link (the dependencies, other students' files) stays.
    #[test]
    fn a_students_programs_leave_the_shared_build_folder() {
        let dir = tempfile::tempdir().unwrap();
        let build = dir.path().join("build/debug/deps");
        let target = dir.path().join("tree/target/debug");
        std::fs::create_dir_all(&build).unwrap();
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(build.join("fan_in-1234"), "program").unwrap();
        std::fs::hard_link(build.join("fan_in-1234"), target.join("fan_in")).unwrap();
        std::fs::write(build.join("libcrossbeam-99.rlib"), "dependency").unwrap();
        std::fs::write(build.join("fan_in-5678"), "another student's").unwrap();
        forget_builds(&dir.path().join("build"), &dir.path().join("tree/target"));
        assert!(!build.join("fan_in-1234").exists());
        assert!(build.join("libcrossbeam-99.rlib").exists());
        assert!(build.join("fan_in-5678").exists());
        assert!(target.join("fan_in").exists());
    }
}
