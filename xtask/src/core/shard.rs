//! A class graded in parts (`grade --shard i/n`), and what tells the parts
//! of one grading apart from parts of another: fingerprints of the check
//! data and of the runner's source.
//!
//! A part is a deterministic slice of the class: the students' folder names,
//! sorted, cut into `n` runs of nearly equal length (they differ by at most
//! one); part `i` is the `i`-th run. Every machine that sees the same folder
//! names cuts the class the same way.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Part `index` of `count` (both from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// Why `--shard` was not a part (worded in `render::teacher`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadShard {
    /// No `/` in it.
    NotAPart(String),
    NotANumber(String),
    /// `I/0`.
    NoParts(String),
    NoSuchPart {
        index: usize,
        count: usize,
    },
}

impl FromStr for Shard {
    type Err = BadShard;

    fn from_str(text: &str) -> Result<Self, BadShard> {
        let (index, count) = text
            .split_once('/')
            .ok_or_else(|| BadShard::NotAPart(text.to_string()))?;
        let number = |s: &str| {
            s.trim()
                .parse::<usize>()
                .map_err(|_| BadShard::NotANumber(s.to_string()))
        };
        let (index, count) = (number(index)?, number(count)?);
        if count == 0 {
            return Err(BadShard::NoParts(text.to_string()));
        }
        if index == 0 || index > count {
            return Err(BadShard::NoSuchPart { index, count });
        }
        Ok(Self { index, count })
    }
}

impl Shard {
    /// This part's slice of `sorted` (the whole class, in order).
    pub fn pick<T>(self, sorted: Vec<T>) -> Vec<T> {
        let (start, end) = self.bounds(sorted.len());
        sorted.into_iter().skip(start).take(end - start).collect()
    }

    /// Where this part starts and ends in a class of `len`: the first
    /// `len % count` parts have one student more.
    fn bounds(self, len: usize) -> (usize, usize) {
        let (base, extra) = (len / self.count, len % self.count);
        let at = |i: usize| i * base + i.min(extra);
        (at(self.index - 1), at(self.index))
    }
}

/// Why the parts of a class (`grade-merge`) do not make one class: data,
/// worded by `render::teacher::join_refusal`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JoinRefusal {
    /// No part was named.
    NoParts,
    /// Two parts were graded differently (`first`, `other`: their files).
    GradedDifferently {
        first: PathBuf,
        other: PathBuf,
        by: Difference,
    },
    /// Two parts are of classes of different sizes.
    ClassSizes {
        first: PathBuf,
        first_size: usize,
        other: PathBuf,
        other_size: usize,
    },
    /// A student is graded in two parts.
    Overlap {
        student: String,
        first: PathBuf,
        other: PathBuf,
    },
    /// Two parts are of different cuts (`--shard I/N` with another `N`).
    Cuts {
        first: PathBuf,
        count: usize,
        other: PathBuf,
        its_count: usize,
    },
    /// Two parts are the same part.
    SamePart {
        first: PathBuf,
        other: PathBuf,
        index: usize,
        count: usize,
    },
    /// Parts of the cut are missing (their numbers, of `count`).
    Missing { parts: Vec<usize>, count: usize },
    /// The parts hold `graded` students, the class has `class_size`.
    Students { graded: usize, class_size: usize },
}

/// What two parts of a class were graded with differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// The check data.
    Checks,
    /// The picks of the students' commits (each part's).
    Picks(String, String),
    /// The runners (each part's).
    Runners(String, String),
}

/// A fingerprint of the files under `roots` (folders are walked, `target`
/// folders skipped): their paths relative to their root and their contents,
/// in a stable order. FNV-1a, 64 bits: the same files give the same text on
/// every machine and with every Rust release.
pub fn fingerprint(roots: &[PathBuf]) -> String {
    let mut hash = Fnv::default();
    for root in roots {
        let mut files = Vec::new();
        collect(root, root, &mut files);
        files.sort();
        for (relative, path) in files {
            hash.write(relative.as_bytes());
            hash.write(&[0]);
            hash.write(&std::fs::read(&path).unwrap_or_default());
            hash.write(&[0xff]);
        }
        hash.write(b"\n");
    }
    format!("{:016x}", hash.0)
}

fn collect(root: &Path, at: &Path, files: &mut Vec<(String, PathBuf)>) {
    if at.is_file() {
        let relative = at
            .strip_prefix(root)
            .ok()
            .filter(|r| !r.as_os_str().is_empty())
            .or_else(|| at.file_name().map(Path::new))
            .unwrap_or(at);
        files.push((relative.to_string_lossy().replace('\\', "/"), at.into()));
        return;
    }
    let Ok(entries) = std::fs::read_dir(at) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name() == "target" || entry.file_name() == ".git" {
            continue;
        }
        collect(root, &path, files);
    }
}

struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_parse_and_bad_ones_say_why() {
        assert_eq!("2/4".parse(), Ok(Shard { index: 2, count: 4 }));
        for (bad, says) in [
            ("0/2", "no part 0 of 2"),
            ("3/2", "no part 3 of 2"),
            ("1/0", "no parts"),
            ("2", "not a part"),
            ("a/2", "`a` is not a whole number"),
            ("1/-2", "`-2` is not a whole number"),
        ] {
            let err = bad.parse::<Shard>().unwrap_err().to_string();
            assert!(err.contains(says), "{bad}: {err}");
        }
    }

    #[test]
    fn the_parts_cover_the_class_once_in_order_and_evenly() {
        for len in 0..12 {
            for count in 1..6 {
                let class: Vec<usize> = (0..len).collect();
                let parts: Vec<Vec<usize>> = (1..=count)
                    .map(|index| Shard { index, count }.pick(class.clone()))
                    .collect();
                assert_eq!(parts.concat(), class, "{len} in {count}");
                let sizes: Vec<usize> = parts.iter().map(Vec::len).collect();
                let (min, max) = (sizes.iter().min(), sizes.iter().max());
                assert!(max.unwrap() - min.unwrap() <= 1, "{sizes:?}");
            }
        }
    }

    #[test]
    fn a_fingerprint_changes_with_a_file_and_not_with_target() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.toml"), "x").unwrap();
        let roots = [dir.path().to_path_buf()];
        let first = fingerprint(&roots);
        std::fs::create_dir(dir.path().join("target")).unwrap();
        std::fs::write(dir.path().join("target/b"), "y").unwrap();
        assert_eq!(fingerprint(&roots), first);
        std::fs::write(dir.path().join("a.toml"), "z").unwrap();
        assert_ne!(fingerprint(&roots), first);
    }
}
