//! What is wrong with a catalog (`katas.toml`), as data: one variant per rule
//! `Catalog::validate` checks, with the kata and the values it is about.
//! Worded in `render::failed` (maintainer messages).

use std::path::PathBuf;

use super::CheckKind;

/// A rule of the catalog a `katas.toml` breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogProblem {
    /// The file's `format_version` is not the one this runner reads.
    FormatVersion {
        found: u32,
        reads: u32,
    },
    NoKata,
    /// A kata's name is not lowercase letters, digits and `_`.
    BadName {
        name: String,
    },
    DeclaredTwice {
        name: String,
    },
    FewHints {
        name: String,
    },
    NoRuns {
        name: String,
    },
    NoTimeout {
        name: String,
    },
    /// `shipped = "compile_error"` without an `error_code`.
    NoErrorCode {
        name: String,
    },
    BadErrorCode {
        name: String,
        code: String,
    },
    ErrorCodeWithoutCompileError {
        name: String,
    },
    BoundedWithoutBound {
        name: String,
    },
    BoundWithoutBounded {
        name: String,
    },
    /// A delivery or bounded check without a `messages` parameter.
    NoMessages {
        name: String,
        check: CheckKind,
    },
    /// `on_timeout` without `on_timeout_speaks_of`, or the other way round.
    TimeoutNoteAlone {
        name: String,
    },
    UnexploredButExplored {
        name: String,
    },
    /// `bounded_search` sets a parameter the kata does not have.
    SearchUnknownParam {
        name: String,
        param: String,
    },
    SearchParamZero {
        name: String,
        param: String,
    },
    WithinBoundWithoutBound {
        name: String,
    },
}

/// The catalog file that broke a rule (the context of a `CatalogProblem`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidCatalog(pub PathBuf);

/// A kata named on the command line that the catalog does not have, and the
/// closest name it does have, if one is close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoSuchKata {
    pub name: String,
    pub closest: Option<String>,
}
