//! Verdicts as the learner reads them: what is wrong, in plain words, and where.

use std::path::Path;

use colored::Colorize;

use crate::base::build::Diagnostic;
use crate::base::execute::{Exit, HangReport, RunOutput};
use crate::core::catalog::Kata;
use crate::core::checks;
use crate::core::checks::Params;
use crate::core::explore::{BlockedThread, Scheduler, Wait};
use crate::core::judge::explore_stage::{Explored, Finding};
use crate::core::judge::{Breach, Judged, Problem, Verdict};
use crate::core::workbook::Target;
use crate::render::{explain, problem, screen};

/// How many lines of a program's output a verdict shows.
const SHOWN_OUTPUT_LINES: usize = 20;

/// How many lines of an explored schedule's output are shown: the order of
/// the lines is the point, so from the start.
const SHOWN_SCHEDULE_LINES: usize = 40;

/// How many of the compiler's warnings a verdict names.
const SHOWN_WARNINGS: usize = 3;

/// Prints a verdict for the learner: what is wrong, in plain words, and
/// where; and, one line each, what the compiler warns about in the file.
pub fn verdict(kata: &Kata, verdict: &Verdict, warnings: &[Diagnostic]) {
    let file = kata.path.display().to_string();
    match verdict {
        Verdict::Pass => println!("{} {} passed.", "✓".green().bold(), kata.name.bold()),
        Verdict::CompileError { errors } => {
            println!(
                "{} {} does not compile.\n",
                "✗".red().bold(),
                kata.name.bold()
            );
            let notes = explain::compiler_notes(errors, &kata.compiler_notes);
            let rendered: Vec<&str> = errors
                .iter()
                .flat_map(|e| e.rendered.trim_end().lines())
                .collect();
            let shown = screen::lines_for(rendered.len(), screen::RESERVED + notes.len());
            for line in &rendered[..shown] {
                println!("{line}");
            }
            if shown < rendered.len() {
                println!(
                    "{}",
                    format!(
                        "... {} more lines of the compiler's errors: `cargo xtask run {}` shows them whole.",
                        rendered.len() - shown,
                        kata.name
                    )
                    .dimmed()
                );
            }
            let codes: Vec<&str> = errors.iter().filter_map(|e| e.code.as_deref()).collect();
            println!();
            if let Some(code) = &kata.error_code
                && codes.contains(&code.as_str())
            {
                println!(
                    "{} {} is what this kata is about.",
                    "→".cyan().bold(),
                    code.bold()
                );
            }
            for note in notes {
                println!("{} {note}", "→".cyan().bold());
            }
        }
        Verdict::Timeout { output, params } => {
            println!(
                "{} {} {}{}.",
                "✗".red().bold(),
                kata.name.bold(),
                stopped(kata, output),
                with_params(kata, params)
            );
            if let Some(hang) = &output.hang {
                println!("  {}", describe_hang(hang));
            }
            let cause = explain::timeout_cause(output.hang.as_ref(), kata.on_timeout.as_deref());
            println!("{} {}", "→ Likely cause:".cyan().bold(), cause);
            show_output(kata, output, "Output before it was stopped");
        }
        Verdict::Confined {
            breach,
            output,
            params,
        } => {
            match breach {
                Breach::Limit(limit) => println!(
                    "{} {}: {}{}.",
                    "✗".red().bold(),
                    kata.name.bold(),
                    problem::limit(*limit),
                    with_params(kata, params)
                ),
                Breach::Refused(line) => println!(
                    "{} {} tried to reach outside its box (a file outside its folder, or the network) and was refused{}:\n  {line}",
                    "✗".red().bold(),
                    kata.name.bold(),
                    with_params(kata, params)
                ),
            }
            show_output(kata, output, "Output");
        }
        Verdict::Fail {
            facts,
            expected,
            output,
            params,
        } => {
            println!(
                "{} {} ran, but its output is not right yet{}.",
                "✗".red().bold(),
                kata.name.bold(),
                with_params(kata, params)
            );
            for found in &facts.problems {
                println!("  {} {}", "•".red(), problem::problem(found));
            }
            if let Some(cause) = explain::lost_cause(kata, params, output) {
                println!("{} {}", "→ Likely cause:".cyan().bold(), cause);
            }
            let shown = match expected {
                Some(expected) => {
                    println!("\n  {}", "Expected (every correct run gives this):".bold());
                    diff(
                        expected,
                        &facts.text,
                        &format!("cargo xtask run {}", kata.name),
                    ) + 2
                }
                None => {
                    println!(
                        "\n  {} no snapshot is recorded for this kata (`cargo xtask dev bless {}`).",
                        "!".yellow(),
                        kata.name
                    );
                    2
                }
            };
            show_output_around(
                kata,
                output,
                "Output",
                facts.problems.len() + shown,
                &facts.problems,
            );
        }
        Verdict::Schedule {
            finding,
            params,
            timed_out,
        } => {
            let real = match timed_out {
                Some(output) => RealRuns::Stopped(output),
                None => RealRuns::Passed,
            };
            schedule_failure(kata, finding, params, real);
        }
    }
    show_warnings(kata, warnings);
    if !verdict.passed() {
        println!("\n{} {}", "Edit:".bold(), file.underline());
        println!("{}", "Stuck? `cargo xtask hint` shows a hint.".dimmed());
    }
}

/// The compiler's warnings, one line each: its headline and line.
fn show_warnings(kata: &Kata, warnings: &[Diagnostic]) {
    if warnings.is_empty() {
        return;
    }
    println!(
        "\n{}",
        if warnings.len() == 1 {
            "The compiler warns:".to_string()
        } else {
            format!("The compiler warns {} times:", warnings.len())
        }
        .bold()
    );
    for warning in warnings.iter().take(SHOWN_WARNINGS) {
        println!("  {} {}", "!".yellow().bold(), warning_line(kata, warning));
    }
    let more = warnings.len().saturating_sub(SHOWN_WARNINGS);
    if more > 0 {
        println!(
            "  {}",
            format!(
                "... and {more} more (`cargo build --package exercises --bin {}` shows them all)",
                kata.name
            )
            .dimmed()
        );
    }
}

/// "line 41: unreachable statement".
pub fn warning_line(kata: &Kata, warning: &Diagnostic) -> String {
    match warning.line() {
        Some(line) => format!("{}:{line}: {}", kata.path.display(), warning.message),
        None => warning.message.clone(),
    }
}

/// "was still running after 3.0 s and was stopped", or, for a run stopped
/// before its limit because nothing could wake its threads, says so.
pub fn stopped(kata: &Kata, output: &RunOutput) -> String {
    match output.exit {
        Exit::Stuck => format!(
            "stopped after {}: no thread was running and nothing was left that could \
             wake a waiting one, so waiting out its {} time limit could not help",
            seconds(output.duration),
            seconds(kata.timeout())
        ),
        _ => format!(
            "was still running after {} and was stopped",
            seconds(kata.timeout())
        ),
    }
}

/// How the kata fared on real threads, before it was explored.
#[derive(Debug, Clone, Copy)]
enum RealRuns<'a> {
    Passed,
    /// Stopped: at its time limit, or stuck before it.
    Stopped(&'a RunOutput),
    /// `cargo xtask explore` does not run it on real threads.
    NotRun,
}

/// A thread schedule, found by the explorer, on which the kata fails.
fn schedule_failure(
    kata: &Kata,
    finding: &Finding,
    params: &crate::core::checks::Params,
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
        } => {
            match real {
                RealRuns::Stopped(output) => println!(
                    "{cross} {name} {}{}. It is a deadlock: \
                     on a thread schedule the explorer tried, every thread is blocked:",
                    stopped(kata, output),
                    with_params(kata, params)
                ),
                RealRuns::Passed | RealRuns::NotRun => println!(
                    "{cross} {name} can deadlock{}: on a thread schedule the explorer tried, \
                     every thread is blocked:",
                    with_params(kata, params)
                ),
            }
            let listed = show_blocked(blocked, *finished, &replay_command(kata, finding, params));
            let cause = explain::deadlock_cause(
                blocked,
                *finished,
                held.as_ref(),
                kata.on_timeout.as_deref(),
            );
            println!("{} {}", "→ Likely cause:".cyan().bold(), cause);
            listed
        }
        Problem::Endless => {
            println!(
                "{cross} {name} never ends on a thread schedule the explorer tried{}: a thread \
             kept running without end (a loop that never waits?).",
                with_params(kata, params)
            );
            0
        }
        Problem::Broken { facts, expected } => {
            println!(
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
                println!("  {} {}", "•".red(), problem::problem(found));
            }
            let shown = match expected {
                Some(expected) => {
                    println!("\n  {}", "Expected (every correct run gives this):".bold());
                    diff(
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
            println!(
                "{cross} {name}{} printed what a correct program prints, but on {} of {} thread \
                 schedules the explorer tried, its channels show the kata's point was missed{}:",
                if matches!(real, RealRuns::NotRun) {
                    ""
                } else {
                    " passed on real threads and"
                },
                finding.failing,
                finding.explored,
                with_params(kata, params)
            );
            for found in problems {
                println!("  {} {}", "•".red(), problem::problem(found));
            }
            problems.len()
        }
    };
    show_schedule_output(finding, before);
    println!(
        "  {} {}",
        "Replay this schedule:".dimmed(),
        replay_command(kata, finding, params).dimmed()
    );
    println!(
        "  {} {}",
        "See what the channels did:".dimmed(),
        replay_command(kata, finding, params)
            .replacen("cargo xtask explore", "cargo xtask trace", 1)
            .dimmed()
    );
}

/// The interleaving: what the program printed on the schedule, in order.
/// `reserved`: the lines the verdict took before it, besides the usual.
fn show_schedule_output(finding: &Finding, reserved: usize) {
    if finding.stdout.is_empty() {
        println!("\n  {}", "It printed nothing on that schedule.".dimmed());
        return;
    }
    let shown = screen::lines_for(SHOWN_SCHEDULE_LINES, screen::RESERVED + reserved);
    let more = finding.stdout.len().saturating_sub(shown);
    println!(
        "\n  {}{}:",
        "The interleaving: what it printed on that schedule".bold(),
        if more > 0 {
            format!(" (first {shown} lines)")
        } else {
            String::new()
        }
    );
    for line in finding.stdout.iter().take(shown) {
        println!("    {}", line.dimmed());
    }
    if more > 0 {
        println!(
            "    {}",
            format!("... {more} more lines: the replay command below shows them whole").dimmed()
        );
    }
}

/// The blocked threads, one line each, as many as fit the screen (the
/// rest counted, with the command that lists them all); returns the lines
/// printed.
fn show_blocked(blocked: &[BlockedThread], finished: usize, whole: &str) -> usize {
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
        println!(
            "    {:<width$}  {}",
            thread_label(thread).bold(),
            describe_wait(&thread.wait)
        );
    }
    let more = blocked.len() - shown;
    if more > 0 {
        println!(
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
        1 => println!("    {}", "(1 other thread had finished)".dimmed()),
        n => println!(
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
                "waits in `send`{}, on the channel{}: it is full ({k} items) and nobody receives",
                at(line),
                made(&channel.made_at)
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

fn replay_command(kata: &Kata, finding: &Finding, params: &crate::core::checks::Params) -> String {
    let mut command = format!("cargo xtask explore {} --seed {}", kata.name, finding.seed);
    if finding.scheduler == Scheduler::Pct {
        command.push_str(" --pct");
    }
    for (name, value) in shown_params(kata, params) {
        command.push_str(&format!(" --param {name}={value}"));
    }
    command
}

/// The result of `cargo xtask explore`.
pub fn exploration(kata: &Kata, source: &Path, explored: &Explored) {
    let scheduler = match explored.scheduler {
        Scheduler::Random => "random",
        Scheduler::Pct => "PCT",
    };
    let params: Vec<String> = explored
        .params
        .iter()
        .map(|(k, v)| format!(", {k}={v}"))
        .collect();
    println!(
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
    match &explored.finding {
        None => println!(
            "{} {} passes its check on every schedule tried.",
            "✓".green().bold(),
            kata.name.bold()
        ),
        Some(finding) => schedule_failure(kata, finding, &explored.params, RealRuns::NotRun),
    }
}

/// One line per fact: unchanged ones plain, a line only in the snapshot
/// `-`, a line only in the output `+`; fitted to the screen, with `whole`,
/// the command that shows it whole, when lines are left out. Returns the
/// lines printed.
fn diff(expected: &str, actual: &str, whole: &str) -> usize {
    let changes = line_diff(expected, actual);
    let room = screen::lines_for(changes.len(), screen::RESERVED + AFTER_A_LIST);
    let rows = fit_diff(&changes, room);
    for row in &rows {
        match *row {
            Row::Line(' ', line) => println!("    {line}"),
            Row::Line('-', line) => println!("  {} {}", "-".green(), line.green()),
            Row::Line(_, line) => println!("  {} {}", "+".red(), line.red()),
            Row::Unchanged(n, _) => println!(
                "    {}",
                format!(
                    "... {n} unchanged {}",
                    if n == 1 { "line" } else { "lines" }
                )
                .dimmed()
            ),
            Row::More(n) => println!(
                "  {}",
                format!("... {n} more lines of the diff: `{whole}` shows it whole").dimmed()
            ),
        }
    }
    let shortened = rows.iter().any(|r| !matches!(r, Row::Line(..)));
    if shortened && !matches!(rows.last(), Some(Row::More(_))) {
        println!(
            "  {}",
            format!("(shortened to fit the screen: `{whole}` shows it whole)").dimmed()
        );
    }
    println!("  {}", "(- expected, + yours)".dimmed());
    rows.len() + 1 + usize::from(shortened && !matches!(rows.last(), Some(Row::More(_))))
}

/// Lines a list that is shortened to fit the screen leaves for the parts
/// of the verdict after it.
const AFTER_A_LIST: usize = 5;

/// A row of a diff fitted to the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row<'a> {
    Line(char, &'a str),
    /// Unchanged lines left out between changes: how many, and the first.
    Unchanged(usize, &'a str),
    /// Lines of the diff left out at its end.
    More(usize),
}

/// At most `room` rows of `changes`: all of them if they fit; else every
/// changed line with one unchanged line around it (longer runs of unchanged
/// lines counted), cut at the end if that is still too long.
fn fit_diff<'a>(changes: &[(char, &'a str)], room: usize) -> Vec<Row<'a>> {
    if changes.len() <= room {
        return changes.iter().map(|&(m, l)| Row::Line(m, l)).collect();
    }
    let changed = |i: usize| changes.get(i).is_some_and(|(m, _)| *m != ' ');
    let kept = |i: usize| changed(i) || (i > 0 && changed(i - 1)) || changed(i + 1);
    let mut rows: Vec<Row> = Vec::new();
    // Each row with the number of diff lines it stands for.
    let mut counts: Vec<usize> = Vec::new();
    for (i, &(mark, line)) in changes.iter().enumerate() {
        if kept(i) {
            rows.push(Row::Line(mark, line));
            counts.push(1);
        } else if let Some(Row::Unchanged(n, _)) = rows.last_mut() {
            *n += 1;
            *counts.last_mut().unwrap() += 1;
        } else {
            rows.push(Row::Unchanged(1, line));
            counts.push(1);
        }
    }
    // One line left out takes the room of the line itself: show it.
    for row in &mut rows {
        if let Row::Unchanged(1, line) = *row {
            *row = Row::Line(' ', line);
        }
    }
    if rows.len() > room {
        let keep = room.saturating_sub(1).max(1);
        let left: usize = counts[keep..].iter().sum();
        rows.truncate(keep);
        rows.push(Row::More(left));
    }
    rows
}

/// The first line of `lines` that one of `problems` is about, if any.
fn quoted_line(problems: &[checks::Problem], lines: &[&str]) -> Option<usize> {
    problems
        .iter()
        .filter_map(checks::Problem::printed_line)
        .find_map(|about| lines.iter().position(|line| about.is(line)))
}

/// A line diff (not by position): an added line is one `+` line.
fn line_diff<'a>(expected: &'a str, actual: &'a str) -> Vec<(char, &'a str)> {
    use similar::{ChangeTag, TextDiff};
    TextDiff::from_lines(expected, actual)
        .iter_all_changes()
        .map(|change| {
            let mark = match change.tag() {
                ChangeTag::Equal => ' ',
                ChangeTag::Delete => '-',
                ChangeTag::Insert => '+',
            };
            let line = change.value();
            (mark, line.strip_suffix('\n').unwrap_or(line))
        })
        .collect()
}

fn show_output(kata: &Kata, output: &RunOutput, title: &str) {
    show_output_around(kata, output, title, 0, &[]);
}

/// `show_output` after `above` lines of a long part of the verdict: the end
/// of each stream, or, when one of `problems` quotes a line of it (`sent 3`)
/// that the end would leave out, the lines from just before that one.
fn show_output_around(
    kata: &Kata,
    output: &RunOutput,
    title: &str,
    above: usize,
    problems: &[checks::Problem],
) {
    for (name, text) in [
        ("stdout", output.stdout_text()),
        ("stderr", output.stderr_text()),
    ] {
        let lines: Vec<&str> = text.lines().collect();
        if lines.is_empty() {
            continue;
        }
        let shown = screen::lines_for(SHOWN_OUTPUT_LINES, screen::RESERVED + above);
        let tail = lines.len().saturating_sub(shown);
        let start = match quoted_line(problems, &lines) {
            Some(quoted) if quoted < tail => quoted.saturating_sub(2),
            _ => tail,
        };
        let end = (start + shown).min(lines.len());
        println!(
            "\n  {} ({name}{}):",
            title.bold(),
            if end < lines.len() {
                format!(", lines {}-{end} of {}", start + 1, lines.len())
            } else if start > 0 {
                format!(", last {shown} of {} lines", lines.len())
            } else {
                String::new()
            }
        );
        let count = |n: usize| {
            if n == 1 {
                "1 line".to_string()
            } else {
                format!("{n} lines")
            }
        };
        if start > 0 && shown < SHOWN_OUTPUT_LINES {
            // Cut to fit the screen (`watch`): `run` shows the full window.
            println!(
                "    {}",
                format!(
                    "... {} before: `cargo xtask run {}` shows more",
                    count(start),
                    kata.name
                )
                .dimmed()
            );
        } else if start > 0 && end < lines.len() {
            println!("    {}", format!("... {} before", count(start)).dimmed());
        }
        for line in &lines[start..end] {
            println!("    {}", line.dimmed());
        }
        if end < lines.len() {
            println!(
                "    {}",
                format!("... {} after", count(lines.len() - end)).dimmed()
            );
        }
    }
    if output.truncated {
        println!(
            "  {} the output was cut after {} MiB.",
            "!".yellow(),
            crate::base::execute::OUTPUT_CAP >> 20
        );
    }
    if output.leaked {
        println!(
            "  {} the program left a process running after it ended; it was stopped.",
            "!".yellow()
        );
    }
}

pub fn describe_hang(hang: &HangReport) -> String {
    let names = explain::hang_threads(hang);
    // The names without the " (running)" mark: the sentence says which.
    let (mut running, mut blocked): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    for (name, thread) in names.iter().zip(&hang.threads) {
        let name = name.trim_end_matches(" (running)");
        if thread.blocked {
            blocked.push(name);
        } else {
            running.push(name);
        }
    }
    if hang.all_blocked {
        return match blocked.as_slice() {
            [only] => format!(
                "Only `{only}` was left, and it was blocked, with no other thread to wake it: a \
                 deadlock, not a slow program."
            ),
            _ => format!(
                "Every thread was blocked, waiting for another ({}): a deadlock, not a slow \
                 program.",
                blocked.join(", ")
            ),
        };
    }
    let waiting = match blocked.as_slice() {
        [] => String::new(),
        [one] => format!(", while {one} was blocked"),
        many => format!(", while {} were blocked", many.join(", ")),
    };
    let who = match running.as_slice() {
        [one] => format!("{one} was"),
        many => format!("{} were", many.join(", ")),
    };
    format!(
        "A thread was still using the CPU ({who} running{waiting}): an endless loop, or work \
         that is too slow."
    )
}

/// ` (run with producers=3, messages=5)`: the numbers a run was given.
pub(crate) fn with_params(kata: &Kata, params: &Params) -> String {
    let list: Vec<String> = shown_params(kata, params)
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    if list.is_empty() {
        return String::new();
    }
    format!(" (run with {})", list.join(", "))
}

/// The parameters a learner can see vary. One the catalog fixes to a single
/// value (two_producers' `producers = [2, 2]`) describes the program's own
/// shape for the checks; the program does not read it, so it is not named.
pub(crate) fn shown_params<'a>(
    kata: &'a Kata,
    params: &'a Params,
) -> impl Iterator<Item = (&'a String, &'a usize)> {
    params.iter().filter(|(name, _)| {
        kata.params
            .get(*name)
            .is_none_or(|range| range.low != range.high)
    })
}

fn seconds(d: std::time::Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

/// One kata's line in `verify` (and `bless`): a mark, the name, and for a
/// failure its status, then the verdict (or, for a shipped file, what was
/// declared).
pub fn verify_line(kata: &Kata, judged: &Judged, target: Target, ok: bool) {
    if ok {
        let note = match target {
            Target::Shipped => format!(" (fails as declared: {})", kata.shipped),
            _ => String::new(),
        };
        println!("{} {}{}", "✓".green().bold(), kata.name, note.dimmed());
        return;
    }
    println!(
        "{} {} ({})",
        "✗".red().bold(),
        kata.name,
        judged.verdict.status()
    );
    if target == Target::Shipped {
        println!("    declared: {}", kata.shipped);
    } else {
        verdict(kata, &judged.verdict, &judged.warnings);
    }
}

/// A kata `verify` could not judge because its file is gone.
pub fn missing_kata(kata: &Kata) {
    println!("{} {} (missing)", "✗".red().bold(), kata.name);
    println!(
        "    `{}` is gone; `cargo xtask reset {}` brings the shipped file back.",
        kata.path.display(),
        kata.name
    );
}

/// A line of a checklist: passed, failed, or skipped with the reason.
pub fn check_line(title: &str, passed: Option<bool>, skipped: Option<&str>) {
    match (passed, skipped) {
        (_, Some(why)) => println!(
            "{} {title} {}",
            "-".dimmed(),
            format!("(skipped: {why})").dimmed()
        ),
        (Some(true), None) => println!("{} {title}", "✓".green().bold()),
        _ => println!("{} {title}", "✗".red().bold()),
    }
}

/// `N passed, M failed`: the last line of `verify`, read by graders.
pub fn tally(passed: usize, failed: usize) {
    println!("{passed} passed, {failed} failed");
}

/// A note or warning the reader should not miss.
pub fn note(text: &str) {
    println!("{} {text}", "note:".yellow().bold());
}

/// A failed verdict in one line: its status and the first thing it found wrong.
pub fn one_line(verdict: &Verdict) -> String {
    let detail = match verdict {
        Verdict::Fail {
            facts,
            expected: None,
            ..
        } if facts.problems.is_empty() => {
            Some("no snapshot is recorded (`cargo xtask dev bless`)".to_string())
        }
        Verdict::Fail {
            facts,
            expected: Some(expected),
            ..
        } if facts.problems.is_empty() => {
            let changes = line_diff(expected, &facts.text);
            let first = |mark: char| changes.iter().find(|(m, _)| *m == mark).map(|(_, l)| *l);
            Some(match (first('+'), first('-')) {
                (Some(actual), Some(expected)) => {
                    format!("`{actual}` where the snapshot has `{expected}`")
                }
                (Some(actual), None) => format!("`{actual}` that the snapshot does not have"),
                (None, Some(expected)) => format!("no `{expected}`, which the snapshot has"),
                (None, None) => "the facts differ from the snapshot".to_string(),
            })
        }
        Verdict::Fail { facts, .. } => facts.problems.first().map(problem::problem),
        Verdict::CompileError { errors } => errors
            .first()
            .map(|e| e.rendered.lines().next().unwrap_or_default().to_string()),
        _ => None,
    };
    match detail {
        Some(detail) => format!("{}: {detail}", verdict.status()),
        None => verdict.status().to_string(),
    }
}

/// A result worth cheering, in the terminal's colours.
pub fn good(text: &str) -> String {
    text.green().bold().to_string()
}

/// A result that needs attention, in the terminal's colours.
pub fn bad(text: &str) -> String {
    text.red().bold().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_a_problem_is_about_is_found_in_the_output() {
        use crate::core::checks::{Event, MessageLine, Problem};
        let lines = ["sent 0", "sent 1", "sent 2", "sent 3", "recv 0"];
        let line = |event| MessageLine {
            event,
            named: false,
        };
        let problems = [
            Problem::DidNotFinish,
            Problem::RanAhead {
                line: line(Event::Sent {
                    producer: 0,
                    seq: 3,
                }),
                received: 0,
                bound: 1,
            },
        ];
        assert_eq!(quoted_line(&problems, &lines), Some(3));
        // A line that is not in the output (a missing receipt) is no focus.
        let missing = [Problem::Missing {
            count: 1,
            total: 6,
            example: line(Event::Recv {
                producer: 0,
                seq: 1,
            }),
        }];
        assert_eq!(quoted_line(&missing, &lines), None);
        assert_eq!(quoted_line(&[], &lines), None);
    }

    #[test]
    fn an_added_line_is_one_plus_line_not_every_line_after_it() {
        let expected = "a\nb\nc\nd\n";
        let actual = "header\na\nb\nstill waiting...\nc\nd\n";
        let changes = line_diff(expected, actual);
        let changed: Vec<_> = changes.iter().filter(|(m, _)| *m != ' ').collect();
        assert_eq!(changed, [&('+', "header"), &('+', "still waiting...")]);
        assert_eq!(changes.len(), 6);
    }

    #[test]
    fn a_long_diff_keeps_its_changes_and_counts_what_it_leaves_out() {
        let expected: String = (0..30).map(|i| format!("line {i}\n")).collect();
        let actual = expected.replace("line 25\n", "line twenty-five\n");
        let changes = line_diff(&expected, &actual);
        assert_eq!(fit_diff(&changes, 40).len(), 31);
        let rows = fit_diff(&changes, 8);
        assert_eq!(
            rows,
            [
                Row::Unchanged(24, "line 0"),
                Row::Line(' ', "line 24"),
                Row::Line('-', "line 25"),
                Row::Line('+', "line twenty-five"),
                Row::Line(' ', "line 26"),
                Row::Unchanged(3, "line 27"),
            ]
        );
        // Still too long: cut, and the rest counted.
        let every: String = (0..30).map(|i| format!("other {i}\n")).collect();
        let changes = line_diff(&expected, &every);
        let rows = fit_diff(&changes, 8);
        assert_eq!(rows.len(), 8);
        assert_eq!(rows[7], Row::More(60 - 7));
    }
}
