//! Everything people read, and the only place that knows colour. Colour is on
//! for a terminal, off for pipes and files, off when `NO_COLOR` is set, and
//! `--color` overrides.
//! - `verdict`  a verdict in the learner's words (the one renderer of verdicts),
//!   with `schedule` (a failing thread schedule) and `output` (output, diff).
//! - `problem`  every problem a check finds and every limit, one match arm each;
//!   `broke` the fact a trace's marked event broke.
//! - `compiler_note`  a note per cause of the compiler's errors (pure, no colour).
//! - `cause`    the likely cause of a hang, a deadlock or lost messages (pure, no colour).
//! - `failed`   what a command was doing when an operation failed (its error's words).
//! - `catalog`  what is wrong with a `katas.toml`, and a kata name it lacks.
//! - `not_run`  why a program was not run on schedules or recorded (pure, no colour).
//! - `track`    headings, hints, the list, what is next.
//! - `learner`  the learner's commands' other lines (`solution`'s and `hint`'s
//!   refusals, a kata file that cannot be judged, what was written).
//! - `grading`  what a report of grades says of each kata (`core::grading`
//!   grades); `junit` a report as JUnit XML.
//! - `class`    a class's grades as CSV and HTML.
//! - `grade_progress`  what `grade` says as it grades a class.
//! - `teacher`  the teacher's commands' other lines (`grade-merge`'s refusals,
//!   what a handout, a workflow or a report was written to).
//! - `watch`    what `watch` says between checks (what is next, why `t` has
//!   nothing to draw, its footer).
//! - `screen`   how tall the screen is, when a verdict must fit it (`watch`).
//! - `maintainer`  the maintainers' tools' lines (`dev new`, `dev curriculum`,
//!   `dev bless`, `dev stress`, `dev bench-grading`).
//! - `bench`    `dev bench`'s table, its notes and why it stopped.
//! - `trace`, `trace_html`  one schedule drawn, for a terminal and as a page.

/// Appends a line to the text being rendered, as `println!` would print it
/// (writing to a `String` cannot fail). Render returns text; commands print.
macro_rules! say {
    ($out:expr) => {
        $out.push('\n')
    };
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = writeln!($out, $($arg)*);
    }};
}

pub mod bench;
pub mod broke;
pub mod catalog;
pub mod cause;
pub mod class;
pub mod compiler_note;
pub mod failed;
pub mod grade_progress;
pub mod grading;
pub mod junit;
pub mod learner;
pub mod maintainer;
pub mod not_run;
pub mod output;
pub mod problem;
pub mod schedule;
pub mod screen;
pub mod step;
pub mod teacher;
pub mod trace;
pub mod trace_html;
pub mod track;
pub mod verdict;
pub mod watch;

use std::io::IsTerminal;

/// Decides once, at start, whether to colour (`forced` by `--color always` or
/// `never`, else from `NO_COLOR` and the terminal); returns the decision so
/// the compiler can be asked for coloured diagnostics to match.
pub fn init_color(forced: Option<bool>) -> bool {
    let on = match forced {
        Some(on) => on,
        None => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    colored::control::set_override(on);
    on
}
