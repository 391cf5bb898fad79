//! The attempt corpus: programs a learner might write for a kata, wrong and
//! right, each with the verdict its check must give.
//!
//! The reference solution shows that a check accepts one correct program; the
//! corpus shows that it rejects the usual mistakes (a lost message, a buffer
//! that is too big, a leftover `Sender`) and still accepts correct programs
//! written differently (`while let`, scoped threads, ...). The programs are the
//! binaries `<kata>__<variant>` of the `attempts` package (`xtask/attempts/`),
//! listed with their expected verdict in `xtask/attempts/attempts.toml`.
//! `tests/attempts.rs` holds every check to its list, and `cargo xtask dev stress`
//! runs the correct ones many times over.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, ensure};
use serde::Deserialize;

use crate::core::catalog::Catalog;
use crate::core::judge::{Status, Verdict};
use crate::render::failed::{self, Doing, Thing};

/// The corpus folder, relative to the workspace root.
pub const DIR: &str = "xtask/attempts";

/// One program written for a kata, and what its check must say about it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attempt {
    /// The kata whose check judges it.
    pub kata: String,
    /// The program, relative to the corpus folder: `<kata>/<variant>.rs`.
    pub file: PathBuf,
    /// The verdict it must get, in the words of `Status`.
    pub expect: Status,
    /// Why the check must give that verdict: the mistake, or what is different.
    pub reason: String,
    /// Words the verdict's message must say (for a wrong attempt that prints
    /// a correct output: the operation, thread and line that missed the point).
    #[serde(default)]
    pub says: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CorpusFile {
    #[serde(rename = "attempt")]
    attempts: Vec<Attempt>,
}

impl Attempt {
    /// The variant's name: the file name without `.rs`.
    pub fn variant(&self) -> &str {
        self.file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
    }

    /// The binary target in the `attempts` package.
    pub fn bin(&self) -> String {
        format!("{}__{}", self.kata, self.variant())
    }
}

/// Does `verdict` judge an attempt declared `expect` as declared? A hang
/// may be explained as a deadlock; that is the rejection declared.
pub fn accepts(expect: Status, verdict: &Verdict) -> bool {
    accepts_status(expect, verdict.status())
}

fn accepts_status(expect: Status, status: Status) -> bool {
    match (expect, status) {
        (Status::Timeout, Status::Deadlock) => true,
        (expect, status) => expect == status,
    }
}

/// Reads `xtask/attempts/attempts.toml` and checks that every attempt belongs
/// to a kata of `catalog` and has a file of its own.
pub fn load(root: &Path, catalog: &Catalog) -> Result<Vec<Attempt>> {
    let file = root.join(DIR).join("attempts.toml");
    let text = std::fs::read_to_string(&file)
        .with_context(|| failed::on_the(Doing::Read, Thing::AttemptList, &file))?;
    let corpus: CorpusFile = basic_toml::from_str(&text)
        .with_context(|| failed::on_the(Doing::Parse, Thing::AttemptList, &file))?;
    let mut bins = std::collections::HashSet::new();
    for attempt in &corpus.attempts {
        catalog
            .find(&attempt.kata)
            .with_context(|| failed::attempt_kata(&attempt.file))?;
        ensure!(
            attempt.file.parent() == Some(Path::new(&attempt.kata))
                && attempt.file.extension().is_some_and(|e| e == "rs"),
            "{}",
            crate::render::maintainer::attempt_misplaced(&attempt.file, &attempt.kata)
        );
        ensure!(
            bins.insert(attempt.bin()),
            "{}",
            crate::render::maintainer::attempt_twice(&attempt.file)
        );
    }
    Ok(corpus.attempts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declared_rejection_accepts_only_its_own_kind() {
        use Status::*;
        assert!(accepts_status(Fail, Fail));
        assert!(!accepts_status(Fail, Deadlock));
        assert!(!accepts_status(Fail, Pass));
        assert!(accepts_status(Timeout, Timeout));
        assert!(accepts_status(Timeout, Deadlock));
        assert!(!accepts_status(Timeout, Fail));
        assert!(accepts_status(Pass, Pass));
        assert!(!accepts_status(Pass, Fail));
        assert!(accepts_status(CompileError, CompileError));
        assert!(!accepts_status(CompileError, Fail));
    }
}
