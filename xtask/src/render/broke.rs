//! The fact a marked event of a trace broke, for its ✗ (in the terminal and
//! on the page): a deadlock's waits, an endless run, or the problem found,
//! with what the trace shows at a marked print.

use crate::core::explore::Wait;
use crate::core::judge::trace::{Broke, Here};
use crate::render::problem::problem;

/// The fact a marked event of a trace broke, for its ✗.
pub fn broke(broke: &Broke) -> String {
    match broke {
        Broke::Deadlock { blocked } => {
            let waits: Vec<String> = blocked
                .iter()
                .map(|t| format!("{} waits at {}", t.name, wait_line(&t.wait)))
                .collect();
            format!(
                "deadlock: every thread left is blocked ({})",
                waits.join("; ")
            )
        }
        Broke::Endless => {
            "still running at the explorer's step limit: a loop that never ends".to_string()
        }
        Broke::Printed {
            problem: found,
            here: at,
        } => {
            let fact = match found {
                Some(found) => problem(found),
                None => "the output's facts differ from the kata's snapshot".to_string(),
            };
            format!("{fact}{}", at.map(|at| here(&at)).unwrap_or_default())
        }
        Broke::Channels(found) => problem(found),
    }
}

/// "(here 2 `recv` lines printed so far; buffer 2 of 2)" after a marked print.
fn here(here: &Here) -> String {
    let of = here
        .capacity
        .map_or("unbounded".to_string(), |k| format!("{} of {k}", here.fill));
    match here.recv_lines {
        Some(1) => format!(" (here 1 `recv` line printed so far; buffer {of})"),
        Some(n) => format!(" (here {n} `recv` lines printed so far; buffer {of})"),
        None => format!(" (here: buffer {of})"),
    }
}

fn wait_line(wait: &Wait) -> String {
    let line =
        |at: &Option<u32>| at.map_or("a line outside the file".into(), |l| format!("line {l}"));
    match wait {
        Wait::Recv { at, .. } => format!("{} (recv)", line(at)),
        Wait::Send { at, .. } => format!("{} (send)", line(at)),
        Wait::Join { at, thread } => format!("{} (join {thread})", line(at)),
        Wait::Other => "a lock or condvar".to_string(),
    }
}
