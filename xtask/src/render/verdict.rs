//! Verdicts as the learner reads them: what is wrong, in plain words, and
//! where. Each function returns the text; the commands print it. A verdict
//! found on a thread schedule is `schedule`'s; the program's output and the
//! facts' diff are `output`'s.

use colored::Colorize;

use crate::base::build::Diagnostic;
use crate::base::execute::{HangReport, RunOutput};
use crate::core::catalog::Kata;
use crate::core::checks::{Facts, Params};
use crate::core::judge::explore_stage::{BoundedCovered, Searched};
use crate::core::judge::{Breach, Judged, JudgedOn, Verdict};
use crate::core::workbook::Target;
use crate::render::output::{diff, line_diff, show_output, show_output_around};
use crate::render::schedule::{RealRuns, schedule_failure};
use crate::render::{cause, compiler_note, not_run, problem, screen};

pub use crate::render::output::{shown_params, stopped, with_params};
pub use crate::render::schedule::{describe_wait, exploration, finding_summary};

/// How many of the compiler's warnings a verdict names.
const SHOWN_WARNINGS: usize = 3;

/// What a pass's channel facts were judged on, one line; nothing for a
/// kata that has none.
pub fn judged_on(verdict: &Verdict, judged_on: &JudgedOn) -> String {
    if !verdict.passed() {
        return String::new();
    }
    let said = match judged_on {
        JudgedOn::Output => return String::new(),
        JudgedOn::Schedules { executions } => format!(
            "What its channels did was judged on {executions} thread schedule{}.",
            if *executions == 1 { "" } else { "s" }
        ),
        JudgedOn::Records { runs } => format!(
            "What its channels did was judged on the real runs' records ({runs} run{}).",
            if *runs == 1 { "" } else { "s" }
        ),
        JudgedOn::Unjudged { reason } => format!(
            "{} What its channels did was not judged, only its output: {}",
            "!".yellow(),
            not_run::reason(reason).lines().next().unwrap_or_default()
        ),
    };
    format!("  {}\n", said.dimmed())
}

/// What a pass's schedule search covered, one line: every schedule with at
/// most `k` preemptions at small numbers, then random ones at larger
/// numbers; nothing for a kata not explored.
pub fn searched(verdict: &Verdict, searched: Option<&Searched>) -> String {
    let Some(searched) = searched.filter(|_| verdict.passed()) else {
        return String::new();
    };
    let numbers = |params: &Params| {
        let named: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
        if named.is_empty() {
            String::new()
        } else {
            format!(" at {}", named.join(", "))
        }
    };
    let (random_params, random) = &searched.random;
    let random = format!(
        "{} random schedule{}{}",
        thousands(*random),
        if *random == 1 { "" } else { "s" },
        numbers(random_params)
    );
    let said = match &searched.bounded {
        Some(BoundedCovered {
            params,
            bound: Some((k, schedules)),
            run,
        }) => {
            // The search runs schedules fewest preemptions first: those past
            // the bound it completed all have one more.
            let beyond = match run.saturating_sub(*schedules) {
                0 => String::new(),
                more => format!(
                    " (and {} with {})",
                    thousands(more),
                    preemptions_counted(k + 1)
                ),
            };
            let within = match k {
                0 => "without a preemption".to_string(),
                k => format!("with at most {}", preemptions_counted(*k)),
            };
            let all = match schedules {
                1 => "the only thread schedule".to_string(),
                n => format!("all {} thread schedules", thousands(*n)),
            };
            format!(
                "Checked on {all} {within}{beyond}{}, and on {random}.",
                numbers(params)
            )
        }
        Some(BoundedCovered {
            params,
            run,
            bound: None,
        }) => format!(
            "Checked on {} thread schedules with the fewest preemptions{} (not yet all \
             those without one), and on {random}.",
            thousands(*run),
            numbers(params)
        ),
        None => format!("Checked on {random}."),
    };
    format!("  {}\n", said.dimmed())
}

/// `2 preemptions`, `1 preemption`.
fn preemptions_counted(k: usize) -> String {
    format!("{k} {}", crate::render::schedule::preemptions(k))
}

/// What a pass was checked on, as `next` and `run` say it: what the schedule
/// search covered and, where that is not the same thing said again, what its
/// channels were judged on.
pub fn coverage(verdict: &Verdict, covered: Option<&Searched>, on: &JudgedOn) -> String {
    let mut text = searched(verdict, covered);
    if text.is_empty() || !matches!(on, JudgedOn::Schedules { .. }) {
        text.push_str(&judged_on(verdict, on));
    }
    text
}

/// `1284` as `1,284`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Prints a verdict for the learner: what is wrong, in plain words, and
/// where; and, one line each, what the compiler warns about in the file.
pub fn verdict(kata: &Kata, verdict: &Verdict, warnings: &[Diagnostic]) -> String {
    let mut out = String::new();
    write_verdict(&mut out, kata, verdict, warnings);
    out
}

fn write_verdict(out: &mut String, kata: &Kata, verdict: &Verdict, warnings: &[Diagnostic]) {
    let file = kata.path.display().to_string();
    match verdict {
        Verdict::Pass => say!(out, "{} {} passed.", "✓".green().bold(), kata.name.bold()),
        Verdict::CompileError { errors } => compile_error(out, kata, errors),
        Verdict::Timeout { output, params } => {
            say!(
                out,
                "{} {} {}{}.",
                "✗".red().bold(),
                kata.name.bold(),
                stopped(kata, output),
                with_params(kata, params)
            );
            if let Some(hang) = &output.hang {
                say!(out, "  {}", describe_hang(hang));
            }
            let cause = cause::timeout_cause(output, kata.timeout_note());
            say!(out, "{} {}", "→ Likely cause:".cyan().bold(), cause);
            show_output(out, kata, output, "Output before it was stopped");
        }
        Verdict::Confined {
            breach,
            output,
            params,
        } => {
            match breach {
                Breach::Limit(limit) => {
                    say!(
                        out,
                        "{} {}: {}{}.",
                        "✗".red().bold(),
                        kata.name.bold(),
                        problem::limit(*limit),
                        with_params(kata, params)
                    );
                    say!(
                        out,
                        "{} {}",
                        "→ Likely cause:".cyan().bold(),
                        cause::limit_cause(*limit)
                    );
                }
                Breach::Refused(line) => say!(
                    out,
                    "{} {} tried to reach outside its box (a file outside its folder, or the network) and was refused{}:\n  {line}",
                    "✗".red().bold(),
                    kata.name.bold(),
                    with_params(kata, params)
                ),
            }
            show_output(out, kata, output, "Output");
        }
        Verdict::Fail {
            facts,
            expected,
            output,
            params,
        } => wrong_output(out, kata, facts, expected.as_deref(), output, params),
        Verdict::Recorded {
            problems,
            output,
            params,
        } => {
            say!(
                out,
                "{} {}'s output passed the checks of what it prints, but the record of what \
                 its channels did on a real run shows the kata's point was missed{}:",
                "✗".red().bold(),
                kata.name.bold(),
                with_params(kata, params)
            );
            for found in problems {
                say!(out, "  {} {}", "•".red(), problem::problem(found));
            }
            show_output_around(out, kata, output, "Output", problems.len(), problems);
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
            schedule_failure(out, kata, finding, params, real);
        }
    }
    show_warnings(out, kata, warnings);
    if !verdict.passed() {
        say!(out, "\n{} {}", "Edit:".bold(), file.underline());
        say!(
            out,
            "{}",
            "Stuck? `cargo xtask hint` shows a hint.".dimmed()
        );
    }
}

/// A program that does not compile: the compiler's errors, fitted to the
/// screen, then a note per cause.
fn compile_error(out: &mut String, kata: &Kata, errors: &[Diagnostic]) {
    say!(
        out,
        "{} {} does not compile.\n",
        "✗".red().bold(),
        kata.name.bold()
    );
    let notes =
        compiler_note::compiler_notes(errors, &kata.compiler_notes, kata.error_code.as_deref());
    let rendered: Vec<&str> = errors
        .iter()
        .flat_map(|e| e.rendered.trim_end().lines())
        .collect();
    let shown = screen::lines_for(rendered.len(), screen::RESERVED + notes.len());
    for line in &rendered[..shown] {
        say!(out, "{line}");
    }
    if shown < rendered.len() {
        say!(
            out,
            "{}",
            format!(
                "... {} more lines of the compiler's errors: `{}` shows them whole.",
                rendered.len() - shown,
                screen::whole_command(&kata.name)
            )
            .dimmed()
        );
    }
    let codes: Vec<&str> = errors.iter().filter_map(|e| e.code.as_deref()).collect();
    say!(out);
    if let Some(code) = &kata.error_code
        && codes.contains(&code.as_str())
    {
        say!(
            out,
            "{} {} is the error this kata starts from.",
            "→".cyan().bold(),
            code.bold()
        );
    }
    for note in notes {
        say!(out, "{} {note}", "→".cyan().bold());
    }
}

/// A run that finished with the wrong facts: each problem, the likely
/// cause, the facts' diff against the snapshot, and the output around the
/// line a problem is about.
fn wrong_output(
    out: &mut String,
    kata: &Kata,
    facts: &Facts,
    expected: Option<&str>,
    output: &RunOutput,
    params: &Params,
) {
    say!(
        out,
        "{} {} ran, but its output is not right yet{}.",
        "✗".red().bold(),
        kata.name.bold(),
        with_params(kata, params)
    );
    for found in &facts.problems {
        say!(out, "  {} {}", "•".red(), problem::problem(found));
    }
    if let Some(cause) = cause::lost_cause(kata, params, output) {
        say!(out, "{} {}", "→ Likely cause:".cyan().bold(), cause);
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
                &screen::whole_command(&kata.name),
            ) + 2
        }
        None => {
            say!(
                out,
                "\n  {} no snapshot is recorded for this kata (`cargo xtask dev bless {}`).",
                "!".yellow(),
                kata.name
            );
            2
        }
    };
    show_output_around(
        out,
        kata,
        output,
        "Output",
        facts.problems.len() + shown,
        &facts.problems,
    );
}

/// The compiler's warnings, one line each: its headline and line.
fn show_warnings(out: &mut String, kata: &Kata, warnings: &[Diagnostic]) {
    if warnings.is_empty() {
        return;
    }
    say!(
        out,
        "\n{}",
        if warnings.len() == 1 {
            "The compiler warns:".to_string()
        } else {
            format!("The compiler warns {} times:", warnings.len())
        }
        .bold()
    );
    for warning in warnings.iter().take(SHOWN_WARNINGS) {
        say!(
            out,
            "  {} {}",
            "!".yellow().bold(),
            warning_line(kata, warning)
        );
    }
    let more = warnings.len().saturating_sub(SHOWN_WARNINGS);
    if more > 0 {
        say!(
            out,
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

pub fn describe_hang(hang: &HangReport) -> String {
    let names = cause::hang_threads(hang);
    let (mut running, mut blocked): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    for (name, thread) in names.iter().zip(&hang.threads) {
        let name = name.as_str();
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
    if running.is_empty() {
        let asleep: Vec<&str> = names
            .iter()
            .zip(&hang.threads)
            .filter(|(_, t)| t.sleeping)
            .map(|(name, _)| name.trim_end_matches(" (running)"))
            .collect();
        return format!(
            "No thread was running, and not every one waited for another: {} {} asleep or \
             waiting for input, which time ends, not a deadlock.",
            asleep.join(", "),
            if asleep.len() == 1 { "was" } else { "were" }
        );
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

/// One kata's line in `verify` (and `bless`): a mark, the name, and for a
/// failure its status, then the verdict (or, for a shipped file, what was
/// declared).
pub fn verify_line(kata: &Kata, judged: &Judged, target: Target, ok: bool) -> String {
    let mut text = String::new();
    let out = &mut text;
    if ok {
        let note = match target {
            Target::Shipped => format!(" (fails as declared: {})", kata.shipped),
            _ => String::new(),
        };
        say!(out, "{} {}{}", "✓".green().bold(), kata.name, note.dimmed());
        return text;
    }
    say!(
        out,
        "{} {} ({})",
        "✗".red().bold(),
        kata.name,
        judged.verdict.status()
    );
    if target == Target::Shipped {
        say!(out, "    declared: {}", kata.shipped);
    } else {
        write_verdict(out, kata, &judged.verdict, &judged.warnings);
        out.push_str(&judged_on(&judged.verdict, &judged.judged_on));
    }
    text
}

/// A kata `verify` could not judge because its file is gone.
pub fn missing_kata(kata: &Kata) -> String {
    format!(
        "{} {} (missing)\n    `{}` is gone; `cargo xtask reset {}` brings the shipped file back.\n",
        "✗".red().bold(),
        kata.name,
        kata.path.display(),
        kata.name
    )
}

/// A line of a checklist: passed, failed, or skipped with the reason.
pub fn check_line(title: &str, passed: Option<bool>, skipped: Option<&str>) -> String {
    match (passed, skipped) {
        (_, Some(why)) => format!(
            "{} {title} {}\n",
            "-".dimmed(),
            format!("(skipped: {why})").dimmed()
        ),
        (Some(true), None) => format!("{} {title}\n", "✓".green().bold()),
        _ => format!("{} {title}\n", "✗".red().bold()),
    }
}

/// `N passed, M failed`: the last line of `verify`, read by graders.
pub fn tally(passed: usize, failed: usize) -> String {
    format!("{passed} passed, {failed} failed\n")
}

/// A note or warning the reader should not miss.
pub fn note(text: &str) -> String {
    format!("{} {text}\n", "note:".yellow().bold())
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

    fn covered(k: usize, schedules: u64) -> String {
        colored::control::set_override(false);
        let search = Searched {
            bounded: Some(BoundedCovered {
                params: Params::new(),
                run: schedules,
                bound: Some((k, schedules)),
            }),
            random: (Params::new(), 200),
        };
        searched(&Verdict::Pass, Some(&search))
    }

    #[test]
    fn a_search_of_one_schedule_or_none_preempted_is_worded_in_the_singular() {
        assert_eq!(
            covered(3, 1).trim(),
            "Checked on the only thread schedule with at most 3 preemptions, and on 200 random \
             schedules."
        );
        assert_eq!(
            covered(0, 6).trim(),
            "Checked on all 6 thread schedules without a preemption, and on 200 random schedules."
        );
        assert!(covered(1, 40).contains("all 40 thread schedules with at most 1 preemption,"));
    }
}
