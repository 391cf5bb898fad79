//! What `watch` says between checks: what comes next, why `t` has nothing to
//! draw, the footer of keys, how saves are found, and its warnings. The
//! checks themselves are worded as `next` words them (`verdict`, `track`).

use std::path::Path;

use colored::Colorize;

use crate::core::catalog::Kata;
use crate::core::judge::last_failure::{NoSchedule, RealFailure};
use crate::render::not_run;

/// How saves are found, when by looking every `interval_ms`: because
/// file-system events are not available (`reason`), or as asked (`--poll`).
pub fn polling(interval_ms: u128, reason: Option<&str>) -> String {
    match reason {
        Some(reason) => format!(
            "looking for saves every {interval_ms} ms: file-system events are not available \
             ({reason})"
        ),
        None => format!("looking for saves every {interval_ms} ms"),
    }
}

/// The file watcher reported a problem (`problem`); saves may be missed.
pub fn watch_error(problem: &str) -> String {
    format!(
        "warning: the file watcher reported a problem ({problem}); if a save goes unnoticed, \
         press r (or restart with `cargo xtask watch --poll`).\n"
    )
}

/// After a pass: the kata watched next.
pub fn next_kata(next: &Kata) -> String {
    format!(
        "\n{} {} - {}\n      {}\n      Save it to check it, or press n.\n",
        "Next:".bold(),
        next.name.bold(),
        next.topic,
        next.path.display()
    )
}

/// An error the watcher survives (a file missing or unreadable, cargo in
/// trouble): said, and the watching goes on.
pub fn error(error: &anyhow::Error) -> String {
    format!("error: {error:#}\n")
}

/// The track's closing words, once every kata is done.
pub fn complete(text: &str) -> String {
    format!("\n{}\n", text.trim())
}

/// `t` with every kata done.
pub fn no_trace_all_done() -> String {
    "No trace: every kata is done, and no check failed.\n".to_string()
}

/// `n` before the kata watched passes.
pub fn next_once_passed(kata: &Kata) -> String {
    format!("`n` moves on once {} passes.\n", kata.name)
}

/// A command line that is no command.
pub fn unknown_command(word: &str) -> String {
    format!("Unknown command `{word}`.\n")
}

/// In one line, why `t` has no failing schedule of `kata` to draw.
pub fn no_schedule(kata: &Kata, why: &NoSchedule) -> String {
    let real = |what: &str| {
        format!(
            "No trace: the last check failed on real threads ({what}), not on a schedule the \
             explorer found; `cargo xtask trace {}` draws one schedule of your file.",
            kata.name
        )
    };
    match why {
        NoSchedule::NotExplored(why) => not_run::no_trace(why),
        NoSchedule::NotChecked => format!(
            "No trace yet: `{}` has not been checked here; save it or press r, then t.",
            kata.name
        ),
        NoSchedule::Changed => format!(
            "No trace: `{}` changed since its last check; press r to check it, then t.",
            kata.path.display()
        ),
        NoSchedule::Passed => format!(
            "No trace: the last check of `{}` passed, so no schedule failed; \
             `cargo xtask trace {}` draws one that passes.",
            kata.name, kata.name
        ),
        NoSchedule::DoesNotCompile => format!(
            "No trace: `{}` does not compile, so it has no schedules yet.",
            kata.path.display()
        ),
        NoSchedule::RealThreads(RealFailure::Output) => real("its output breaks the check"),
        NoSchedule::RealThreads(RealFailure::TimeLimit) => real("stopped at the time limit"),
        NoSchedule::RealThreads(RealFailure::Limit) => real("stopped by one of its limits"),
        NoSchedule::RealThreads(RealFailure::Record) => {
            real("its real run's record misses the kata's point")
        }
    }
}

/// What starts a new check's screen: in a terminal, the screen and its
/// scrollback cleared (only this check shows); elsewhere a rule.
pub fn new_screen(interactive: bool) -> String {
    if interactive {
        "\x1b[H\x1b[2J\x1b[3J".to_string()
    } else {
        format!("\n{}\n", "─".repeat(60))
    }
}

/// Below every check: the file watched (none once every kata is done), the
/// keys or commands, and how saves are found.
pub fn footer(watching: Option<&Path>, single_keys: bool, polling: Option<&str>) -> String {
    let what = match watching {
        Some(path) => format!("Watching {} for saves.", path.display()),
        None => "Every kata has passed.".to_string(),
    };
    let keys = if watching.is_some() {
        "h hint · l list · t trace · r re-run · n next · q quit"
    } else {
        "l list · q quit"
    };
    let mut out = if single_keys {
        format!("\n{what}  {keys}\n")
    } else {
        format!("\n{what}  Commands, one per line: {keys}\n")
    };
    if let Some(polling) = polling {
        out.push_str(&format!("({polling})\n"));
    }
    out
}
