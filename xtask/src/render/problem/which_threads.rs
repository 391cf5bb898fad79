//! The problems seen in which threads did the work, worded: the stages of a
//! pipeline, the workers sharing a count.

use super::{at_line, channel_name, plural, site, sites, times};
use crate::core::checks::Problem;

/// The problems seen in which threads did the work: the stages of a
/// pipeline, the workers sharing a count.
pub(super) fn which_threads(problem: &Problem) -> String {
    match problem {
        Problem::TooFewLinks { carrying, made } => format!(
            "{}{}: a pipeline of three stages hands each number on twice, from the source's \
             thread to the square stage's and from there to the printing one. Each stage runs \
             in a thread of its own and sends its results on through a channel of its own.",
            match carrying.as_slice() {
                [] => "No channel carried a message".to_string(),
                [one] => format!("Only {} carried messages", channel_name(Some(one))),
                _ => unreachable!("two channels carrying messages are enough"),
            },
            match made {
                0 | 1 => String::new(),
                n => format!(" (the program made {n} channels)"),
            }
        ),
        Problem::QueuedNotReceived {
            queued,
            received,
            sends,
        } => format!(
            "The program printed {} but the kitchen's thread received {} ({}): every order \
             that is queued goes through the channel, moved into it by `send`, and the \
             kitchen's list is what came out of it.",
            plural(*queued, "`queued:` line", "`queued:` lines"),
            plural(*received, "order", "orders"),
            match sends.as_slice() {
                [] => "no `send` was called at all".to_string(),
                all => sites(all, |s| format!(
                    "{}: {}",
                    site(s),
                    plural(times(s), "message", "messages")
                )),
            }
        ),
        Problem::CountSent { sends } => format!(
            "The count still travels in messages ({}): here it is shared state. Each worker \
             locks an `Arc<Mutex<u64>>` and adds to it; `main` reads it once the workers are \
             joined, with no channel and no counter thread.",
            sites(sends, |s| format!(
                "{}: {}",
                site(s),
                plural(times(s), "message", "messages")
            ))
        ),
        Problem::NoWorkerLocked {
            workers,
            main_locked,
        } => format!(
            "No worker took a lock{}, but the kata has {workers} workers adding to one count: \
             each locks the shared `Mutex` (`*count.lock().unwrap() += 1`) for every step.",
            if *main_locked {
                " (only `main` did)"
            } else {
                ""
            }
        ),
        Problem::TooFewLockers {
            lockers,
            workers,
            sites: taken,
        } => format!(
            "Only {} took the lock made at {} ({}), but the kata has {workers} workers: each \
             adds its own share to the count, under the shared `Mutex`.",
            plural(*lockers as u64, "worker", "workers"),
            at_line(taken.first().and_then(|s| s.lock_made_at)),
            taken
                .iter()
                .map(|s| format!("`{}` at {}", s.thread, at_line(s.at)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => unreachable!("not a problem of which threads did the work: {other:?}"),
    }
}
