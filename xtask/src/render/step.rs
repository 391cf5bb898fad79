//! `step`: a choice point drawn, where the learner picks the next thread.
//! Every thread that has not finished, with what it is about to do (the
//! runnable ones numbered with the key that picks them), each channel's
//! buffer, and the last few things that happened.

use std::fmt;

use colored::Colorize;
use explore_protocol::{ChoicePoint, ChoiceThread, Next};

use crate::core::judge::step::{BadLine, BadScheduleName, NoVariant, SavedProblem};

use super::trace::{channel_letter, describe, fill_text, thread_short};

/// Events of the log shown above a choice.
const RECENT: usize = 4;

/// The thread's next operation in a few words: `A.send()`, `lock M1`.
pub fn next_text(thread: &ChoiceThread) -> String {
    let target = thread.target.unwrap_or(0);
    let what = match thread.next {
        Next::Channel(op) => format!("{}.{}()", channel_letter(target), op.as_str()),
        Next::Lock => format!("M{}.lock()", target + 1),
        Next::Join => format!("join {}", thread_short(target)),
        Next::Spawn => "spawn a thread".to_string(),
        Next::Print => "print".to_string(),
        Next::Sleep => "sleep".to_string(),
        Next::Start => "start".to_string(),
        Next::Other => "go on (drop, return)".to_string(),
    };
    match thread.at {
        Some(line) => format!("L{line:<3} {what}"),
        None => format!("     {what}"),
    }
}

/// The lines of one choice point.
pub fn lines(point: &ChoicePoint, kata: &str) -> Vec<String> {
    let mut out = vec![format!(
        "{} · choice {} · who goes next?",
        kata.bold(),
        point.index + 1
    )];
    if let Some(trace) = &point.trace {
        let start = trace.events.len().saturating_sub(RECENT);
        for event in &trace.events[start..] {
            let at = event.at.map(|l| format!("L{l}")).unwrap_or_default();
            out.push(
                format!(
                    "  {:<5} {:<5} {}",
                    thread_short(event.task),
                    at,
                    describe(&event.what)
                )
                .dimmed()
                .to_string(),
            );
        }
    }
    for c in &point.channels {
        let kind = match c.capacity {
            None => "channel()".to_string(),
            Some(k) => format!("sync_channel({k})"),
        };
        let made = c.made_at.map(|l| format!(", line {l}")).unwrap_or_default();
        out.push(format!(
            "  {} = {kind}{made}: {}",
            channel_letter(c.channel),
            fill_text(c.capacity, c.fill)
        ));
    }
    for t in &point.threads {
        let unnamed = t.task == 0 || t.name == format!("thread {}", t.task);
        let name = if unnamed {
            thread_short(t.task)
        } else {
            format!("{} ({})", thread_short(t.task), t.name)
        };
        let line = format!("{name:<12} {}", next_text(t));
        out.push(if t.runnable {
            format!("  [{}] {line}", t.task.to_string().bold())
        } else {
            format!("      {} {}", line.dimmed(), "waits".yellow())
        });
    }
    out
}

/// A choice point and the question.
pub fn choice(point: &ChoicePoint, kata: &str, single_keys: bool) -> String {
    let mut out = String::new();
    say!(out);
    for line in lines(point, kata) {
        say!(out, "{line}");
    }
    let keys: Vec<String> = point.runnable().iter().map(usize::to_string).collect();
    let how = if single_keys { "press" } else { "type" };
    say!(out, "{how} {} (q quits)", keys.join(", "));
    out
}

/// `step --break-it` for a kata that has no such challenge; `katas` have.
pub fn no_break_it(kata: &str, katas: &[&str]) -> String {
    format!(
        "`{kata}` has no \"break it\" challenge; the explored flow-control and shutdown \
         katas have: {}",
        katas.join(", ")
    )
}

/// The challenge of `step --break-it`: the solution changed (`variant`, with
/// `flaw` made by `change`), to be broken on a schedule.
pub fn break_it(variant: &std::path::Path, flaw: &str, change: &str) -> String {
    format!(
        "Break it: `{}` is the solution with {flaw} ({change}).\n\
         Make a schedule on which the check fails.\n",
        variant.display()
    )
}

/// `--choices` given something that is not a list of thread numbers.
pub fn not_choices(text: &str) -> String {
    format!("`{text}` is not a list of thread numbers like `0,1,1`")
}

/// A schedule saved as `file`, and the command that replays it.
pub fn saved(file: &std::path::Path, replay: &str) -> String {
    format!("Saved: {} (replay it: `{replay}`)\n", file.display())
}

/// The end of a "break it" challenge: the schedule shows `flaw`, or not.
pub fn broke_it(flaw: Option<&str>) -> String {
    match flaw {
        Some(flaw) => format!("You broke it: your schedule shows {flaw}.\n"),
        None => {
            "The check holds on this schedule. Try another: the flaw is still there.\n".to_string()
        }
    }
}

/// A replayed choice (number `number`, thread `thread`) that cannot be made
/// there, with `kept` choices after it.
pub fn choice_again(number: usize, thread: usize, kept: usize) -> String {
    format!(
        "Choice {number} ({thread}) names a thread that cannot run there; choose again \
         (the {kept} choices after it are kept).\n"
    )
}

/// The replayed choices are used up.
pub fn replay_ended() -> String {
    "The replayed choices end here; go on choosing.\n".to_string()
}

/// The learner's input ended after `made` choices.
pub fn input_ended(made: usize) -> String {
    format!(
        "The input ended after {made} choices; the rest of the schedule runs the \
         lowest-numbered thread that can go on, each time.\n"
    )
}

/// Stopped by the learner; `command` makes the choices so far again.
pub fn stopped(command: &str) -> String {
    format!("Stopped. Your choices so far: `{command}`\n")
}

/// An answer that is no thread that can run now (`runnable`).
pub fn not_runnable(answer: &str, runnable: &str) -> String {
    format!("`{answer}` is not a thread that can run now ({runnable})\n")
}

impl fmt::Display for BadScheduleName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a schedule's name is letters, digits, `-` and `_` (not `{}`)",
            self.0
        )
    }
}

impl std::error::Error for BadScheduleName {}

impl fmt::Display for SavedProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing { kata, name, file } => write!(
                f,
                "No saved schedule `{name}` for `{kata}` (`{}`); `cargo xtask step {kata} --save \
                 {name}` saves one",
                file.display()
            ),
            Self::NotASchedule { kata, name, file } => write!(
                f,
                "`{}` is not a saved schedule (save it again with `cargo xtask step {kata} --save \
                 {name}`)",
                file.display()
            ),
        }
    }
}

impl fmt::Display for BadLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAPair { line, pair } => write!(f, "line {line}: `{pair}` is not NAME=VALUE"),
            Self::NotANumber { line, value } => {
                write!(f, "line {line}: `{value}` is not a number")
            }
            Self::NoSuchParam { line, kata, param } => {
                write!(f, "line {line}: `{kata}` has no parameter `{param}`")
            }
            Self::NotChoices { line, text } => write!(
                f,
                "line {line}: `{text}` is not a list of thread numbers like `0,1,1`"
            ),
            Self::NeitherKey { line, text } => {
                write!(f, "line {line}: `{text}` is neither `params` nor `choices`")
            }
            Self::NoChoices => write!(f, "it has no `choices` line"),
        }
    }
}

impl std::error::Error for BadLine {}

impl fmt::Display for NoVariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoSolution { kata, solution } => write!(
                f,
                "the \"break it\" variant of `{kata}` is made from its reference solution, `{}`, \
                 which this copy of the workbook does not have (a handout leaves the solutions out)",
                solution.display()
            ),
            Self::NoText { solution, from, to } => write!(
                f,
                "`{}` has no `{from}` to turn into `{to}`",
                solution.display()
            ),
        }
    }
}

impl std::error::Error for NoVariant {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_schedule_that_is_not_one_says_which_line_and_how_to_save_again() {
        let error = anyhow::Error::from(BadLine::NotANumber {
            line: 2,
            value: "x".to_string(),
        })
        .context(SavedProblem::NotASchedule {
            kata: "ping".to_string(),
            name: "slow".to_string(),
            file: ".workbook/schedules/ping-slow.txt".into(),
        });
        assert_eq!(
            format!("{error:#}"),
            "`.workbook/schedules/ping-slow.txt` is not a saved schedule (save it again with \
             `cargo xtask step ping --save slow`): line 2: `x` is not a number"
        );
        let missing = SavedProblem::Missing {
            kata: "ping".to_string(),
            name: "slow".to_string(),
            file: "s.txt".into(),
        };
        assert_eq!(
            missing.to_string(),
            "No saved schedule `slow` for `ping` (`s.txt`); `cargo xtask step ping --save slow` \
             saves one"
        );
    }
}
