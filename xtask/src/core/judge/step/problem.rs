//! Why a saved schedule or a "break it" variant could not be had, as data;
//! worded in `render::step`.

use std::path::PathBuf;

/// A schedule's name that is not letters, digits, `-` and `_`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadScheduleName(pub String);

/// A saved schedule of a kata that could not be read, or not as one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SavedProblem {
    /// No file of that name (the context of the read's error).
    Missing {
        kata: String,
        name: String,
        file: PathBuf,
    },
    /// The file is there and is not a saved schedule (the context of a
    /// `BadLine`).
    NotASchedule {
        kata: String,
        name: String,
        file: PathBuf,
    },
}

/// What is wrong with a line of a saved schedule (numbered from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadLine {
    NotAPair {
        line: usize,
        pair: String,
    },
    NotANumber {
        line: usize,
        value: String,
    },
    NoSuchParam {
        line: usize,
        kata: String,
        param: String,
    },
    NotChoices {
        line: usize,
        text: String,
    },
    NeitherKey {
        line: usize,
        text: String,
    },
    /// Not a line: the file has no `choices` line at all.
    NoChoices,
}

/// Why the "break it" variant of a kata could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoVariant {
    /// The copy has no reference solution to make it from (a handout).
    NoSolution { kata: String, solution: PathBuf },
    /// The solution no longer has the text the variant replaces.
    NoText {
        solution: PathBuf,
        from: &'static str,
        to: &'static str,
    },
}
