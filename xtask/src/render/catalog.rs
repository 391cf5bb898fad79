//! What is wrong with a catalog (`katas.toml`), for its maintainer, and a
//! kata name the catalog does not have, for whoever typed it.

use std::fmt;

use crate::core::catalog::{CatalogProblem, EmptyRange, InvalidCatalog, NoSuchKata};

impl fmt::Display for CatalogProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::FormatVersion { found, reads } => {
                write!(
                    f,
                    "format_version is {found}, this runner reads version {reads}"
                )
            }
            Self::NoKata => write!(f, "the catalog declares no kata"),
            Self::BadName { name } => {
                write!(
                    f,
                    "kata name `{name}` must be lowercase letters, digits and `_`"
                )
            }
            Self::DeclaredTwice { name } => write!(f, "kata `{name}` is declared twice"),
            Self::FewHints { name } => write!(
                f,
                "kata `{name}` needs at least two hints, gentle to explicit"
            ),
            Self::NoRuns { name } => write!(f, "kata `{name}`: runs must be at least 1"),
            Self::NoTimeout { name } => write!(f, "kata `{name}`: timeout_ms must be positive"),
            Self::NoErrorCode { name } => write!(
                f,
                "kata `{name}` ships with a compile error but names no error_code"
            ),
            Self::BadErrorCode { name, code } => write!(
                f,
                "kata `{name}`: error_code `{code}` is not of the form E0382"
            ),
            Self::ErrorCodeWithoutCompileError { name } => write!(
                f,
                "kata `{name}`: error_code only goes with shipped = \"compile_error\""
            ),
            Self::BoundedWithoutBound { name } => {
                write!(f, "kata `{name}`: check = \"bounded\" needs a bound")
            }
            Self::BoundWithoutBounded { name } => {
                write!(f, "kata `{name}`: bound only goes with check = \"bounded\"")
            }
            Self::NoMessages { name, check } => write!(
                f,
                "kata `{name}`: a {check:?} check needs a `messages` parameter"
            ),
            Self::TimeoutNoteAlone { name } => write!(
                f,
                "kata `{name}`: on_timeout and on_timeout_speaks_of go together \
                 (busy | send_alone | send_wait | recv | chain)"
            ),
            Self::UnexploredButExplored { name } => write!(
                f,
                "kata `{name}`: unexplored says why a kata is not explored: not with explore = true"
            ),
            Self::SearchUnknownParam { name, param } => write!(
                f,
                "kata `{name}`: bounded_search sets `{param}`, which is not one of its params"
            ),
            Self::SearchParamZero { name, param } => {
                write!(f, "kata `{name}`: bounded_search sets `{param}` to 0")
            }
            Self::WithinBoundWithoutBound { name } => write!(
                f,
                "kata `{name}`: within_bound needs check = \"bounded\" and a bound"
            ),
        }
    }
}

impl std::error::Error for CatalogProblem {}

impl fmt::Display for InvalidCatalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "The catalog `{}` is not valid", self.0.display())
    }
}

impl fmt::Display for NoSuchKata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = &self.name;
        match &self.closest {
            None => write!(
                f,
                "there is no kata named `{name}` (see `cargo xtask list`)"
            ),
            Some(best) => write!(f, "there is no kata named `{name}`; did you mean `{best}`?"),
        }
    }
}

impl std::error::Error for NoSuchKata {}

impl fmt::Display for EmptyRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "range [{}, {}] is empty", self.low, self.high)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kata_name_not_in_the_catalog_names_the_closest_one() {
        let none = NoSuchKata {
            name: "zzzz".to_string(),
            closest: None,
        };
        assert_eq!(
            none.to_string(),
            "there is no kata named `zzzz` (see `cargo xtask list`)"
        );
        let close = NoSuchKata {
            name: "pingg".to_string(),
            closest: Some("ping".to_string()),
        };
        assert_eq!(
            close.to_string(),
            "there is no kata named `pingg`; did you mean `ping`?"
        );
        assert_eq!(
            EmptyRange { low: 5, high: 2 }.to_string(),
            "range [5, 2] is empty"
        );
    }
}
