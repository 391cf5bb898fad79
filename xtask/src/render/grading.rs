//! What a report of grades says: each kata's message and the output worth
//! showing, an event of its runs in a few words, and a line of `verify
//! --report`. The grading itself (statuses, scores, the class's grades) is
//! the core's (`core::grading`), which takes these words as `WORDS`; JUnit XML
//! is `render::junit`.

use crate::base::build::CargoFailed;
use crate::base::execute::RunOutput;
use crate::core::catalog::Kata;
use crate::core::checks;
use crate::core::explore::NotRun;
use crate::core::grading::{KataResult, OUTPUT_LIMIT, Outcome, Said, Words};
use crate::core::judge::{Breach, Status, Verdict};
use crate::core::workbook::RunEvent;
use crate::render::cause;
use crate::render::verdict::{bad, describe_hang, finding_summary, good, with_params};

/// The words `core::grading` grades with.
pub const WORDS: Words = Words {
    outcome: said,
    event: event_words,
    unjudged,
};

/// After "passed": on what alone, and why.
fn unjudged(reason: &NotRun) -> String {
    format!(
        " on its output alone: what its channels did was not judged ({})",
        crate::render::not_run::reason(reason)
            .lines()
            .next()
            .unwrap_or_default()
    )
}

/// What a report says of one kata's outcome: its message, and the output
/// worth showing, capped at `OUTPUT_LIMIT`.
pub fn said(kata: &Kata, outcome: &Outcome<'_>) -> Said {
    let (message, output) = match outcome {
        Outcome::Judged(verdict) => describe(kata, verdict),
        Outcome::Missing(file) => (format!("`{}` is missing", file.display()), String::new()),
        Outcome::Untouched(file) => (
            format!("not started: `{}` is exactly as shipped", file.display()),
            String::new(),
        ),
        Outcome::NotJudged(error) => {
            // What failed, each cause in turn; cargo's own words go to `output`.
            let mut output = String::new();
            let causes: Vec<String> = error
                .chain()
                .map(|cause| match cause.downcast_ref::<CargoFailed>() {
                    Some(cargo) => {
                        output = cargo.stderr.clone();
                        format!("cargo could not build {}", cargo.bins.join(", "))
                    }
                    None => cause.to_string(),
                })
                .collect();
            (
                format!("the runner could not judge it: {}", causes.join(": ")),
                output,
            )
        }
        Outcome::Stopped(why) => (format!("not judged: {why}"), String::new()),
    };
    Said {
        message,
        output: cap(&output, OUTPUT_LIMIT),
    }
}

/// One event of a kata's runs, in a few words.
pub fn event_words(event: &RunEvent) -> String {
    match event {
        RunEvent::Refused(line) => format!("its box refused it something: {line}"),
        RunEvent::Limit(limit) => crate::render::problem::limit(*limit).to_string(),
        RunEvent::OutputCut => format!(
            "it wrote more than {} MiB to stdout or stderr; the rest was dropped",
            crate::base::execute::OUTPUT_CAP >> 20
        ),
        RunEvent::LeftRunning => {
            "it left a process running after it ended; the process was stopped".to_string()
        }
    }
}

/// One-line message and the output worth showing, for one verdict.
fn describe(kata: &Kata, verdict: &Verdict) -> (String, String) {
    match verdict {
        Verdict::Pass => ("passed".to_string(), String::new()),
        Verdict::CompileError { errors } => {
            let first = errors
                .first()
                .map(|e| {
                    checks::normalize(&e.rendered)
                        .lines()
                        .next()
                        .unwrap_or("")
                        .to_string()
                })
                .unwrap_or_default();
            let text: Vec<String> = errors
                .iter()
                .map(|e| checks::normalize(&e.rendered))
                .collect();
            (format!("does not compile: {first}"), text.join("\n"))
        }
        Verdict::Timeout { output, params } => {
            let mut message = format!(
                "{}{}.",
                super::verdict::stopped(kata, output),
                with_params(kata, params)
            );
            if let Some(hang) = &output.hang {
                message.push(' ');
                message.push_str(&describe_hang(hang));
            }
            message.push_str(" Likely cause: ");
            message.push_str(&cause::timeout_cause(output, kata.timeout_note()));
            (message, program_output(output))
        }
        Verdict::Fail {
            facts,
            expected,
            output,
            params,
        } => {
            let message = if expected.is_none() {
                format!(
                    "no snapshot is recorded for this kata (`cargo xtask dev bless {}`)",
                    kata.name
                )
            } else if facts.problems.is_empty() {
                format!(
                    "its output breaks the check{}: the facts differ from the snapshot",
                    with_params(kata, params)
                )
            } else {
                format!(
                    "its output breaks the check{}: {}",
                    with_params(kata, params),
                    crate::render::problem::problems(&facts.problems)
                )
            };
            let shown = format!(
                "facts of this run:\n{}\nexpected:\n{}\n{}",
                facts.text,
                expected.as_deref().unwrap_or("(no snapshot)\n"),
                program_output(output)
            );
            (message, shown)
        }
        Verdict::Confined {
            breach,
            output,
            params,
        } => {
            let message = match breach {
                Breach::Limit(limit) => {
                    format!(
                        "{}{}.",
                        crate::render::problem::limit(*limit),
                        with_params(kata, params)
                    )
                }
                Breach::Refused(line) => format!(
                    "it tried to reach outside its box (a file outside its folder, or the network) and was refused{}: {line}",
                    with_params(kata, params)
                ),
            };
            (message, program_output(output))
        }
        Verdict::Recorded {
            problems,
            output,
            params,
        } => (
            format!(
                "on a real run's record of its channels{}: {}",
                with_params(kata, params),
                crate::render::problem::problems(problems)
            ),
            program_output(output),
        ),
        Verdict::Schedule {
            finding, params, ..
        } => {
            let message = format!(
                "on a thread schedule the explorer tried{}: {}",
                with_params(kata, params),
                finding_summary(finding)
            );
            let shown = format!("printed on that schedule:\n{}\n", finding.stdout.join("\n"));
            (message, shown)
        }
    }
}

fn program_output(output: &RunOutput) -> String {
    let mut text = String::new();
    for (name, stream) in [
        ("stdout", output.stdout_text()),
        ("stderr", output.stderr_text()),
    ] {
        let stream = checks::normalize(&stream);
        if !stream.is_empty() {
            text.push_str(&format!("{name}:\n{stream}"));
        }
    }
    text
}

/// The first `limit` characters of `text`, and a note when more was cut.
fn cap(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        None => text.to_string(),
        Some((end, _)) => format!("{}\n[... cut after {limit} characters]\n", &text[..end]),
    }
}

/// One kata's line of `verify --report ... --out FILE`.
pub fn report_line(test: &KataResult) -> String {
    if test.status == Status::Pass {
        format!("{} {}\n", good("✓"), test.name)
    } else {
        format!(
            "{} {} ({}): {}\n",
            bad("✗"),
            test.name,
            test.status,
            test.message
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_s_own_words_go_to_the_output_not_the_message() {
        let error = anyhow::Error::from(CargoFailed {
            bins: vec!["fan_in".into()],
            stderr: "error: failed to parse manifest\n  at line 3".into(),
        })
        .context("Failed to build");
        let kata = crate::core::catalog::Catalog::load(
            &crate::core::workbook::runner_root().join("checks"),
        )
        .unwrap()
        .katas
        .remove(0);
        let said = said(&kata, &Outcome::NotJudged(&error));
        assert_eq!(
            said.message,
            "the runner could not judge it: Failed to build: cargo could not build fan_in"
        );
        assert_eq!(said.output, "error: failed to parse manifest\n  at line 3");
    }

    #[test]
    fn cap_keeps_whole_characters_and_says_what_was_cut() {
        assert_eq!(cap("short", 10), "short");
        let capped = cap("ééééé", 3);
        assert!(capped.starts_with("ééé\n"), "{capped}");
        assert!(capped.contains("cut after 3 characters"), "{capped}");
    }
}
