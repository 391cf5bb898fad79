//! A verdict found on a thread schedule the explorer tried, as the learner
//! reads it: a deadlock and who waits where, a loop that never ends, or a
//! check broken, with the interleaving and the command that replays it.

use std::path::Path;

use colored::Colorize;

use crate::base::execute::RunOutput;
use crate::core::catalog::Kata;
use crate::core::checks::Params;
use crate::core::explore::{BlockedThread, Scheduler, Wait};
use crate::core::judge::Problem;
use crate::core::judge::explore_stage::{Explored, Finding, HeldSender, KeptReceiver};
use crate::render::output::{AFTER_A_LIST, diff, shown_params, stopped, with_params};

use crate::render::{cause, problem, screen};

/// How many lines of an explored schedule's output are shown: the order of
/// the lines is the point, so from the start.
const SHOWN_SCHEDULE_LINES: usize = 40;

/// How the kata fared on real threads, before it was explored.
#[derive(Debug, Clone, Copy)]
pub(super) enum RealRuns<'a> {
    Passed,
    /// Stopped: at its time limit, or stuck before it.
    Stopped(&'a RunOutput),
    /// `cargo xtask explore` does not run it on real threads.
    NotRun,
}

/// A thread schedule, found by the explorer, on which the kata fails.
pub(super) fn schedule_failure(
    out: &mut String,
    kata: &Kata,
    finding: &Finding,
    params: &Params,
    real: RealRuns,
) {
    let name = kata.name.bold();
    let cross = "✗".red().bold();
    // The lines printed before the interleaving, besides the usual ones.
    let before = match &finding.problem {
        Problem::Deadlock {
            blocked,
            finished,
            held,
            kept,
        } => {
            let threads = Blocked {
                blocked,
                finished: *finished,
                held: held.as_deref(),
                kept: kept.as_deref(),
            };
            deadlock(out, kata, finding, params, real, &threads)
        }
        Problem::Endless => {
            say!(
                out,
                "{cross} {name} never ends on a thread schedule the explorer tried{}: a thread \
             kept running without end (a loop that never waits?).",
                with_params(kata, params)
            );
            0
        }
        Problem::Broken { facts, expected } => {
            say!(
                out,
                "{cross} {name}{} {} of {} thread schedules the explorer tried break its check{}.",
                if matches!(real, RealRuns::NotRun) {
                    ":"
                } else {
                    " passed on real threads, but"
                },
                finding.failing,
                finding.explored,
                with_params(kata, params)
            );
            for found in &facts.problems {
                say!(out, "  {} {}", "•".red(), problem::problem(found));
            }
            let shown = match expected {
                Some(expected) => {
                    say!(
                        out,
                        "\n  {}",
                        "Expected (every correct run gives this):".bold()
                    );
                    diff(
                        out,
                        expected,
                        &facts.text,
                        &replay_command(kata, finding, params),
                    ) + 2
                }
                None => 0,
            };
            facts.problems.len() + shown
        }
        Problem::Channels { problems } => {
            say!(
                out,
                "{cross} {name}{}, but on {} of {} thread schedules the explorer tried, its \
                 channels show the kata's point was missed{}:",
                if matches!(real, RealRuns::NotRun) {
                    "'s output passes the checks of what it prints"
                } else {
                    "'s output passed the checks of what it prints on real threads"
                },
                finding.failing,
                finding.explored,
                with_params(kata, params)
            );
            for found in problems {
                say!(out, "  {} {}", "•".red(), problem::problem(found));
            }
            problems.len()
        }
    };
    show_schedule_output(out, finding, before);
    let replay = if finding.bounded.is_some() {
        "Replay this schedule and see what the channels did:"
    } else {
        "Replay this schedule:"
    };
    say!(
        out,
        "  {} {}",
        replay.dimmed(),
        replay_command(kata, finding, params).dimmed()
    );
    if let Some(bounded) = finding.bounded.as_ref().filter(|b| b.preemptions > 0) {
        let k = bounded.preemptions;
        let said = format!(
            "It has {k} {} (a switch away from a thread that could go on); every schedule with \
             fewer passed at these numbers.",
            preemptions(k)
        );
        say!(out, "  {}", said.dimmed());
    }
    if finding.bounded.is_none() {
        say!(
            out,
            "  {} {}",
            "See what the channels did:".dimmed(),
            replay_command(kata, finding, params)
                .replacen("cargo xtask explore", "cargo xtask trace", 1)
                .dimmed()
        );
    }
}

/// The threads of a deadlock: blocked, finished, and the Sender one holds.
struct Blocked<'a> {
    blocked: &'a [BlockedThread],
    finished: usize,
    held: Option<&'a HeldSender>,
    kept: Option<&'a KeptReceiver>,
}

/// A deadlock on a schedule: who waits where, and the likely cause. Returns
/// the lines it took.
fn deadlock(
    out: &mut String,
    kata: &Kata,
    finding: &Finding,
    params: &Params,
    real: RealRuns,
    threads: &Blocked,
) -> usize {
    let Blocked {
        blocked,
        finished,
        held,
        kept,
    } = *threads;
    let name = kata.name.bold();
    let cross = "✗".red().bold();
    match real {
        RealRuns::Stopped(output) => say!(
            out,
            "{cross} {name} {}{}. It is a deadlock: \
             on a thread schedule the explorer tried, every thread is blocked:",
            stopped(kata, output),
            with_params(kata, params)
        ),
        RealRuns::Passed | RealRuns::NotRun => say!(
            out,
            "{cross} {name} can deadlock{}: on a thread schedule the explorer tried, \
             every thread is blocked:",
            with_params(kata, params)
        ),
    }
    let listed = show_blocked(
        out,
        blocked,
        finished,
        &replay_command(kata, finding, params),
    );
    let cause = cause::deadlock_cause(blocked, finished, held, kept, kata.timeout_note());
    say!(out, "{} {}", "→ Likely cause:".cyan().bold(), cause);
    listed
}

/// The interleaving: what the program printed on the schedule, in order.
/// `reserved`: the lines the verdict took before it, besides the usual.
fn show_schedule_output(out: &mut String, finding: &Finding, reserved: usize) {
    if finding.stdout.is_empty() {
        say!(
            out,
            "\n  {}",
            "It printed nothing on that schedule.".dimmed()
        );
        return;
    }
    let shown = screen::lines_for(SHOWN_SCHEDULE_LINES, screen::RESERVED + reserved);
    let more = finding.stdout.len().saturating_sub(shown);
    say!(
        out,
        "\n  {}{}:",
        "The interleaving: what it printed on that schedule".bold(),
        if more > 0 {
            format!(" (first {shown} lines)")
        } else {
            String::new()
        }
    );
    for line in finding.stdout.iter().take(shown) {
        say!(out, "    {}", line.dimmed());
    }
    if more > 0 {
        say!(
            out,
            "    {}",
            format!("... {more} more lines: the replay command below shows them whole").dimmed()
        );
    }
}

/// The blocked threads, one line each, as many as fit the screen (the
/// rest counted, with the command that lists them all); returns the lines
/// printed.
fn show_blocked(
    out: &mut String,
    blocked: &[BlockedThread],
    finished: usize,
    whole: &str,
) -> usize {
    let room = screen::lines_for(blocked.len(), screen::RESERVED + AFTER_A_LIST);
    // The line that counts the others takes the place of one thread.
    let shown = if room < blocked.len() {
        room.saturating_sub(1).max(1)
    } else {
        blocked.len()
    };
    let width = blocked[..shown]
        .iter()
        .map(|t| thread_label(t).chars().count())
        .max()
        .unwrap_or(0);
    for thread in &blocked[..shown] {
        say!(
            out,
            "    {:<width$}  {}",
            thread_label(thread).bold(),
            describe_wait(&thread.wait)
        );
    }
    let more = blocked.len() - shown;
    if more > 0 {
        say!(
            out,
            "    {}",
            format!(
                "... {more} more blocked {}: `{whole}` lists them all",
                if more == 1 { "thread" } else { "threads" }
            )
            .dimmed()
        );
    }
    match finished {
        0 => {}
        1 => say!(out, "    {}", "(1 other thread had finished)".dimmed()),
        n => say!(
            out,
            "    {}",
            format!("({n} other threads had finished)").dimmed()
        ),
    }
    shown + usize::from(more > 0) + usize::from(finished > 0) + 1
}

fn thread_label(thread: &BlockedThread) -> String {
    match thread.spawned_at {
        Some(line) => format!("{} (spawned at line {line})", thread.name),
        None => thread.name.clone(),
    }
}

/// What a blocked thread waits for, in words.
pub fn describe_wait(wait: &Wait) -> String {
    let at = |line: &Option<u32>| line.map(|l| format!(" at line {l}")).unwrap_or_default();
    let made = |line: &Option<u32>| {
        line.map(|l| format!(" made at line {l}"))
            .unwrap_or_default()
    };
    match wait {
        Wait::Recv { at: line, channel } => format!(
            "waits in `recv`{}, on the channel{}: {} still alive, so it is not closed",
            at(line),
            made(&channel.made_at),
            match channel.senders {
                1 => "1 Sender is".to_string(),
                n => format!("{n} Senders are"),
            }
        ),
        Wait::Send { at: line, channel } => match channel.capacity {
            Some(0) => format!(
                "waits in `send`{}, on the rendezvous channel{}: a send completes only when a \
                 `recv` takes the item",
                at(line),
                made(&channel.made_at)
            ),
            Some(k) => format!(
                "waits in `send`{}, on the channel{}: it is full ({k} item{}) and nobody receives",
                at(line),
                made(&channel.made_at),
                if k == 1 { "" } else { "s" }
            ),
            None => format!("waits in `send`{}", at(line)),
        },
        Wait::Join { at: line, thread } => {
            format!("waits in `join`{} for {thread} to end", at(line))
        }
        Wait::Other => "is blocked (on a lock or another wait)".to_string(),
    }
}

/// One line for reports that are not read on a terminal (grading).
pub fn finding_summary(finding: &Finding) -> String {
    match &finding.problem {
        Problem::Deadlock { blocked, .. } => {
            let threads: Vec<String> = blocked
                .iter()
                .map(|t| format!("{} {}", thread_label(t), describe_wait(&t.wait)))
                .collect();
            format!("deadlock: every thread is blocked ({})", threads.join("; "))
        }
        Problem::Endless => "a thread schedule never ends (a loop that never waits?)".to_string(),
        Problem::Broken { facts, .. } => format!(
            "{} of {} thread schedules break the check: {}",
            finding.failing,
            finding.explored,
            crate::render::problem::problems(&facts.problems)
        ),
        Problem::Channels { problems } => format!(
            "on {} of {} thread schedules, what the channels did misses the kata's point: {}",
            finding.failing,
            finding.explored,
            crate::render::problem::problems(problems)
        ),
    }
}

/// The command that steps through the schedule `choices` make: how a
/// schedule of the bounded search is replayed.
pub fn step_command(kata: &Kata, params: &Params, choices: &[usize], solution: bool) -> String {
    let mut command = format!("cargo xtask step {}", kata.name);
    if solution {
        command.push_str(" --solution");
    }
    for (name, value) in shown_params(kata, params) {
        command.push_str(&format!(" --param {name}={value}"));
    }
    if !choices.is_empty() {
        command.push_str(&format!(
            " --choices {}",
            explore_protocol::choices_text(choices)
        ));
    }
    command
}

fn replay_command(kata: &Kata, finding: &Finding, params: &Params) -> String {
    // The search is the same for the same file, so `trace` finds this
    // schedule again (and draws it from the choices the check kept).
    if finding.bounded.is_some() {
        return format!("cargo xtask trace {}", kata.name);
    }
    let mut command = format!("cargo xtask explore {} --seed {}", kata.name, finding.seed);
    if finding.scheduler == Scheduler::Pct {
        command.push_str(" --pct");
    }
    for (name, value) in shown_params(kata, params) {
        command.push_str(&format!(" --param {name}={value}"));
    }
    command
}

/// `preemption` or `preemptions`.
pub fn preemptions(k: usize) -> &'static str {
    if k == 1 { "preemption" } else { "preemptions" }
}

/// The result of `cargo xtask explore`.
pub fn exploration(kata: &Kata, source: &Path, explored: &Explored) -> String {
    let mut text = String::new();
    let out = &mut text;
    let scheduler = match explored.scheduler {
        Scheduler::Random => "random",
        Scheduler::Pct => "PCT",
        Scheduler::Bounded => "bounded",
    };
    let params: Vec<String> = explored
        .params
        .iter()
        .map(|(k, v)| format!(", {k}={v}"))
        .collect();
    say!(
        out,
        "Explored {} thread {} of {} ({scheduler} scheduler{}): {} distinct {}.",
        explored.executions,
        if explored.executions == 1 {
            "schedule"
        } else {
            "schedules"
        },
        source.display().to_string().underline(),
        params.concat(),
        explored.distinct,
        if explored.distinct == 1 {
            "outcome"
        } else {
            "outcomes"
        }
    );
    if let Some((k, schedules)) = explored.bound {
        say!(
            out,
            "That is every schedule with at most {k} {}: {schedules}.",
            preemptions(k)
        );
    }
    match &explored.finding {
        None => say!(
            out,
            "{} {} passes its check on every schedule tried.",
            "✓".green().bold(),
            kata.name.bold()
        ),
        Some(finding) => schedule_failure(out, kata, finding, &explored.params, RealRuns::NotRun),
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::explore::Channel;

    #[test]
    fn a_full_channel_of_one_item_is_worded_in_the_singular() {
        let send = |capacity| Wait::Send {
            at: Some(7),
            channel: Channel {
                made_at: Some(3),
                capacity: Some(capacity),
                senders: 1,
            },
        };
        assert!(describe_wait(&send(1)).contains("it is full (1 item) and nobody receives"));
        assert!(describe_wait(&send(4)).contains("it is full (4 items) and nobody receives"));
    }
}
