//! Everything the learner reads: verdicts, hints, tables.
//!
//! The only module that knows about colour. Colour is on for a terminal, off
//! for pipes and files, off when `NO_COLOR` is set, and `--color` overrides.

use std::io::IsTerminal;
use std::path::Path;

use colored::Colorize;

use crate::catalog::Kata;
use crate::execute::{HangReport, RunOutput};
use crate::judge::Verdict;

/// How many lines of a program's output a verdict shows.
const SHOWN_OUTPUT_LINES: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Decides once, at start, whether to colour; returns the decision so the
/// compiler can be asked for coloured diagnostics to match.
pub fn init_color(choice: ColorChoice) -> bool {
    let on = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
        }
    };
    colored::control::set_override(on);
    on
}

pub fn heading(kata: &Kata, index: usize, total: usize) {
    println!(
        "{} {} {}",
        format!("[{}/{}]", index + 1, total).dimmed(),
        kata.name.bold(),
        format!("- {}", kata.topic).dimmed()
    );
}

/// Prints a verdict for the learner: what is wrong, in plain words, and where.
pub fn verdict(kata: &Kata, verdict: &Verdict) {
    let file = kata.path.display().to_string();
    match verdict {
        Verdict::Pass => println!("{} {} passed.", "✓".green().bold(), kata.name.bold()),
        Verdict::CompileError { errors } => {
            println!("{} {} does not compile.\n", "✗".red().bold(), kata.name.bold());
            for error in errors {
                println!("{}", error.rendered.trim_end());
            }
            let codes: Vec<&str> = errors.iter().filter_map(|e| e.code.as_deref()).collect();
            match &kata.error_code {
                Some(code) if codes.contains(&code.as_str()) => {
                    println!(
                        "\n{} {} is what this kata is about. {}",
                        "→".cyan().bold(),
                        code.bold(),
                        explain_code(code)
                    );
                }
                _ => {
                    for code in codes {
                        println!("\n{} {}: {}", "→".cyan().bold(), code.bold(), explain_code(code));
                    }
                }
            }
        }
        Verdict::Timeout { output, params } => {
            println!(
                "{} {} was still running after {} and was stopped{}.",
                "✗".red().bold(),
                kata.name.bold(),
                seconds(kata.timeout()),
                with_params(params)
            );
            if let Some(hang) = &output.hang {
                println!("  {}", describe_hang(hang));
            }
            let cause = kata.on_timeout.as_deref().unwrap_or(
                "A receiving loop (`for msg in rx`, `recv()`) waits as long as any Sender \
                 is alive: is one still in scope?",
            );
            println!("{} {}", "→ Likely cause:".cyan().bold(), cause);
            show_output(output, "Output before it was stopped");
        }
        Verdict::Fail { facts, expected, output, params } => {
            println!(
                "{} {} ran, but its output is not right yet{}.",
                "✗".red().bold(),
                kata.name.bold(),
                with_params(params)
            );
            for problem in &facts.problems {
                println!("  {} {problem}", "•".red());
            }
            match expected {
                Some(expected) => {
                    println!("\n  {}", "Expected (every correct run gives this):".bold());
                    diff(expected, &facts.text);
                }
                None => println!(
                    "\n  {} no snapshot is recorded for this kata (`cargo xtask bless {}`).",
                    "!".yellow(),
                    kata.name
                ),
            }
            show_output(output, "Output");
        }
    }
    if !verdict.passed() {
        println!("\n{} {}", "Edit:".bold(), file.underline());
        println!("{}", "Stuck? `cargo xtask hint` shows a hint.".dimmed());
    }
}

/// One line per fact: unchanged ones plain, differing ones marked.
fn diff(expected: &str, actual: &str) {
    let expected: Vec<&str> = expected.lines().collect();
    let actual: Vec<&str> = actual.lines().collect();
    for i in 0..expected.len().max(actual.len()) {
        match (expected.get(i), actual.get(i)) {
            (Some(e), Some(a)) if e == a => println!("    {e}"),
            (e, a) => {
                if let Some(e) = e {
                    println!("  {} {}", "-".green(), e.green());
                }
                if let Some(a) = a {
                    println!("  {} {}", "+".red(), a.red());
                }
            }
        }
    }
    println!("  {}", "(- expected, + yours)".dimmed());
}

fn show_output(output: &RunOutput, title: &str) {
    for (name, text) in [("stdout", output.stdout_text()), ("stderr", output.stderr_text())] {
        let lines: Vec<&str> = text.lines().collect();
        if lines.is_empty() {
            continue;
        }
        let skipped = lines.len().saturating_sub(SHOWN_OUTPUT_LINES);
        println!("\n  {} ({name}{}):", title.bold(), if skipped > 0 {
            format!(", last {SHOWN_OUTPUT_LINES} of {} lines", lines.len())
        } else {
            String::new()
        });
        for line in &lines[skipped..] {
            println!("    {}", line.dimmed());
        }
    }
    if output.truncated {
        println!(
            "  {} the output was cut after {} MiB.",
            "!".yellow(),
            crate::execute::OUTPUT_CAP >> 20
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
    let names: Vec<String> = hang
        .threads
        .iter()
        .map(|t| format!("{}{}", t.name, if t.blocked { "" } else { " (running)" }))
        .collect();
    if hang.all_blocked {
        format!(
            "Every thread was blocked, waiting for another ({}): a deadlock, not a slow program.",
            names.join(", ")
        )
    } else {
        format!(
            "Some thread was still using the CPU ({}): an endless loop, or work that is too slow.",
            names.join(", ")
        )
    }
}

fn with_params(params: &crate::checks::Params) -> String {
    if params.is_empty() {
        return String::new();
    }
    let list: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!(" (run with {})", list.join(", "))
}

fn seconds(d: std::time::Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

/// What a compiler error means for someone learning channels.
pub fn explain_code(code: &str) -> &'static str {
    match code {
        "E0382" => {
            "A value was used after it was moved. `send(value)` moves the value into the \
             channel, and moving a `Sender` into a closure moves it too: inspect before \
             sending, send a clone on purpose, or give each thread its own clone."
        }
        "E0282" => {
            "The compiler cannot tell what type the channel carries. Send something through \
             it, or name the type: `mpsc::channel::<String>()`."
        }
        "E0277" => {
            "A type is missing a trait the code needs. Across threads that is usually `Send`: \
             `Rc` is not `Send`, `Arc` is."
        }
        "E0599" => {
            "That method does not exist for this type. A `Receiver` has no `clone`: \
             std's channels have exactly one consumer."
        }
        "E0373" => {
            "A spawned thread may outlive the value it borrows. Move owned data into it, \
             or use `std::thread::scope` so the borrow provably ends in time."
        }
        _ => "See `rustc --explain` for this code.",
    }
}

/// Shows the solution's "Why it works" notes (its leading `//!` block).
pub fn why_it_works(solution: &Path) {
    let Ok(text) = std::fs::read_to_string(solution) else {
        return;
    };
    let notes: Vec<&str> = text
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| l.trim_start_matches("//!").trim())
        .collect();
    if !notes.is_empty() {
        println!();
        for line in notes {
            println!("  {}", line.italic());
        }
    }
}
