//! What a verdict shows of a run: how it stopped and the numbers it ran
//! with, the program's output around the line a problem is about, and the
//! facts' diff against the snapshot, each fitted to the screen.

use colored::Colorize;

use crate::base::execute::{Exit, RunOutput};
use crate::core::catalog::Kata;
use crate::core::checks::{self, Params};
use crate::render::screen;

/// How many lines of a program's output a verdict shows.
const SHOWN_OUTPUT_LINES: usize = 20;

/// One line per fact: unchanged ones plain, a line only in the snapshot
/// `-`, a line only in the output `+`; fitted to the screen, with `whole`,
/// the command that shows it whole, when lines are left out. Returns the
/// lines printed.
pub(super) fn diff(out: &mut String, expected: &str, actual: &str, whole: &str) -> usize {
    let changes = line_diff(expected, actual);
    let room = screen::lines_for(changes.len(), screen::RESERVED + AFTER_A_LIST);
    let rows = fit_diff(&changes, room);
    for row in &rows {
        match *row {
            Row::Line(' ', line) => say!(out, "    {line}"),
            Row::Line('-', line) => say!(out, "  {} {}", "-".green(), line.green()),
            Row::Line(_, line) => say!(out, "  {} {}", "+".red(), line.red()),
            Row::Unchanged(n, _) => say!(
                out,
                "    {}",
                format!(
                    "... {n} unchanged {}",
                    if n == 1 { "line" } else { "lines" }
                )
                .dimmed()
            ),
            Row::More(n) => say!(
                out,
                "  {}",
                format!("... {n} more lines of the diff: `{whole}` shows it whole").dimmed()
            ),
        }
    }
    let shortened = rows.iter().any(|r| !matches!(r, Row::Line(..)));
    if shortened && !matches!(rows.last(), Some(Row::More(_))) {
        say!(
            out,
            "  {}",
            format!("(shortened to fit the screen: `{whole}` shows it whole)").dimmed()
        );
    }
    say!(out, "  {}", "(- expected, + yours)".dimmed());
    rows.len() + 1 + usize::from(shortened && !matches!(rows.last(), Some(Row::More(_))))
}

/// Lines a list that is shortened to fit the screen leaves for the parts
/// of the verdict after it.
pub(super) const AFTER_A_LIST: usize = 5;

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
pub(super) fn line_diff<'a>(expected: &'a str, actual: &'a str) -> Vec<(char, &'a str)> {
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

pub(super) fn show_output(out: &mut String, kata: &Kata, output: &RunOutput, title: &str) {
    show_output_around(out, kata, output, title, 0, &[]);
}

/// `show_output` after `above` lines of a long part of the verdict: the end
/// of each stream, or, when one of `problems` quotes a line of it (`sent 3`)
/// that the end would leave out, the lines from just before that one.
pub(super) fn show_output_around(
    out: &mut String,
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
        say!(
            out,
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
            // Cut to fit the screen: `--full` shows the full window.
            say!(
                out,
                "    {}",
                format!(
                    "... {} before: `{}` shows more",
                    count(start),
                    screen::whole_command(&kata.name)
                )
                .dimmed()
            );
        } else if start > 0 && end < lines.len() {
            say!(
                out,
                "    {}",
                format!("... {} before", count(start)).dimmed()
            );
        }
        for line in &lines[start..end] {
            say!(out, "    {}", line.dimmed());
        }
        if end < lines.len() {
            say!(
                out,
                "    {}",
                format!("... {} after", count(lines.len() - end)).dimmed()
            );
        }
    }
    if output.truncated {
        say!(
            out,
            "  {} the output was cut after {} MiB.",
            "!".yellow(),
            crate::base::execute::OUTPUT_CAP >> 20
        );
    }
    if output.leaked {
        say!(
            out,
            "  {} the program left a process running after it ended; it was stopped.",
            "!".yellow()
        );
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

/// ` (run with producers=3, messages=5)`: the numbers a run was given.
pub fn with_params(kata: &Kata, params: &Params) -> String {
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
pub fn shown_params<'a>(
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
            reworded: None,
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
