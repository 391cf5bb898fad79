//! Why a program was not run on thread schedules, or its real runs not
//! recorded (`core::explore::NotRun`), in the learner's words: one match arm
//! each. Pure, no colour.

use std::path::Path;

use crate::core::explore::{Against, NotRun};

/// The reason in plain words; its first line is the headline a verdict shows.
pub fn reason(why: &NotRun) -> String {
    match why {
        NotRun::NotExplored { kata, why } => {
            let why = why.as_deref().map_or_else(
                || "the schedule explorer does not run it".to_string(),
                |reason| reason.trim().trim_end_matches('.').to_string(),
            );
            format!(
                "`{kata}` is not explored: {why}. So it has no schedules to trace or step; \
                 `cargo xtask run {kata}` judges it on real threads."
            )
        }
        NotRun::LibraryNotBuilt { package, status } => {
            format!("cargo could not build `{package}` ({status}; its messages are above)")
        }
        NotRun::NoStdFolder { rustc } => {
            format!("`{} --print target-libdir` failed", rustc.display())
        }
        NotRun::DoesNotCompile {
            library: Against::Explorer,
            errors,
        } => format!(
            // The first line is what a verdict shows: the first error with it.
            "the program does not compile against the explorer (it uses something the \
             explorer does not model: {}):\n{}",
            errors.first().map_or("no error message", String::as_str),
            errors.join("\n")
        ),
        NotRun::DoesNotCompile {
            library: Against::Recorder,
            errors,
        } => format!(
            // The first line is what a verdict shows: the first error with it.
            "the program does not compile against the recorder (it uses something the \
             recorder does not record: {}):\n{}",
            errors.first().map_or("no error message", String::as_str),
            errors.join("\n")
        ),
        NotRun::ReportUnreadable { reason } | NotRun::RecordUnreadable { reason } => reason.clone(),
        NotRun::WritesStdout => "the program writes to stdout without `println!`/`print!`, \
                                 which the explorer does not capture per schedule"
            .to_string(),
        NotRun::NeverYields => "one schedule never reached a point where another thread \
                                could run (a loop that never waits?)"
            .to_string(),
        NotRun::ExplorerStopped { stderr } => {
            format!("the explorer stopped unexpectedly: {stderr}")
        }
        NotRun::NoSchedule => "the explorer ran no schedule to the end".to_string(),
        NotRun::RecorderNotBuilt => "the recorder of real runs is not built yet (it is being \
                                     built in the background, once); `cargo xtask next` \
                                     judges them once it is"
            .to_string(),
        NotRun::FileUnreadable { path, error } => {
            format!("`{}` could not be read: {error}", path.display())
        }
        NotRun::RecordingFailed { error } => error.clone(),
        NotRun::RecordMissing { error } => format!("its record could not be read: {error}"),
        NotRun::RecordCut { bytes } => format!(
            "the record of a run was cut after {} MiB (the program did more channel operations \
             than a record holds), so what its channels did after that is not known",
            bytes.div_ceil(1 << 20)
        ),
        NotRun::Neither { explorer, recorder } => {
            let (explorer, recorder) = (reason(explorer), reason(recorder));
            let headline = |text: &str| text.lines().next().unwrap_or_default().to_string();
            format!(
                "neither the schedule explorer nor the recorder of real runs could run it: {}; \
                 {}\n{explorer}\n{recorder}",
                headline(&explorer),
                headline(&recorder)
            )
        }
    }
}

/// What is being built, as said when its build starts.
pub fn library(library: Against) -> &'static str {
    match library {
        Against::Explorer => "the thread-schedule explorer",
        Against::Recorder => "the recorder of real runs",
    }
}

/// `explore` on a file the explorer cannot run.
pub fn cannot_explore(source: &Path, why: &NotRun) -> String {
    format!("`{}` cannot be explored: {}", source.display(), reason(why))
}

/// `trace` on a file the explorer cannot run.
pub fn cannot_trace(source: &Path, why: &NotRun) -> String {
    format!("`{}` cannot be traced: {}", source.display(), reason(why))
}

/// `step` on a file the explorer cannot run.
pub fn cannot_step(source: &Path, why: &NotRun) -> String {
    format!("`{}` cannot be stepped: {}", source.display(), reason(why))
}

/// `dev stress` on a solution whose real runs cannot be recorded.
pub fn cannot_record(source: &Path, why: &NotRun) -> String {
    format!("`{}` cannot be recorded: {}", source.display(), reason(why))
}

/// `t` in `watch` when there is no schedule to draw.
pub fn no_trace(why: &NotRun) -> String {
    format!("No trace: {}", reason(why))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn does_not_compile(library: Against) -> NotRun {
        NotRun::DoesNotCompile {
            library,
            errors: vec![
                "cannot find `Barrier` in `sync`".to_string(),
                "a second error".to_string(),
            ],
        }
    }

    /// A record cut at its bound says what it could not judge, on the one
    /// line a pass shows.
    #[test]
    fn a_cut_record_says_what_was_not_judged() {
        let said = reason(&NotRun::RecordCut {
            bytes: explore_protocol::RECORD_BOUND - 100,
        });
        assert_eq!(said.lines().count(), 1, "{said}");
        assert!(said.contains("was cut after 16 MiB"), "{said}");
        assert!(said.contains("is not known"), "{said}");
    }

    /// A verdict shows a reason's first line alone: it names the first
    /// error, never ends at a colon with nothing after it.
    #[test]
    fn the_first_line_names_the_first_error() {
        let explorer = reason(&does_not_compile(Against::Explorer));
        assert_eq!(
            explorer.lines().next().unwrap(),
            "the program does not compile against the explorer (it uses something the explorer \
             does not model: cannot find `Barrier` in `sync`):"
        );
        let neither = reason(&NotRun::Neither {
            explorer: Box::new(does_not_compile(Against::Explorer)),
            recorder: Box::new(does_not_compile(Against::Recorder)),
        });
        let first = neither.lines().next().unwrap();
        assert!(
            first.starts_with("neither the schedule explorer nor the recorder of real runs")
                && first.matches("cannot find `Barrier` in `sync`").count() == 2,
            "{neither}"
        );
    }
}
