//! The learner's track: headings, what comes next, hints, the list, resets.

use std::path::Path;

use colored::Colorize;

use crate::core::catalog::{Catalog, Kata};
use crate::core::explore::Against;
use crate::core::progress::Progress;

/// `[4/33] two_producers - topic`.
pub fn heading(kata: &Kata, index: usize, total: usize) -> String {
    let mut out = String::new();
    say!(
        out,
        "{} {} {}",
        format!("[{}/{}]", index + 1, total).dimmed(),
        kata.name.bold(),
        format!("- {}", kata.topic).dimmed()
    );
    out
}

pub fn welcome(text: &str) -> String {
    let mut out = String::new();
    say!(out, "{}\n", text.trim());
    out
}

pub fn complete(text: &str) -> String {
    let mut out = String::new();
    say!(out, "{}", text.trim().green().bold());
    out
}

/// After a pass: the kata to work on next.
pub fn next_kata(next: &Kata) -> String {
    let mut out = String::new();
    say!(
        out,
        "\n{} {} - {}\n      {}\n      Run `cargo xtask next` when you have a go at it.",
        "Next:".bold(),
        next.name.bold(),
        next.topic,
        next.path.display().to_string().underline()
    );
    out
}

/// A progress file that could not be read was set aside.
pub fn progress_recovered(aside: &Path) -> String {
    let mut out = String::new();
    say!(
        out,
        "{} The progress file could not be read; it was moved to `{}` and progress starts \
         over. Your kata files are untouched: `cargo xtask verify` marks every kata that \
         already passes as done.",
        "warning:".yellow().bold(),
        aside.display()
    );
    out
}

/// The first `upto` hints of `kata`; the docs once every hint is shown.
pub fn hints(kata: &Kata, upto: usize) -> String {
    let mut out = String::new();
    let total = kata.hints.len();
    say!(out, "{} {}", "Hints for".bold(), kata.name.bold());
    for (i, hint) in kata.hints.iter().enumerate().take(upto) {
        say!(
            out,
            "  {} {hint}",
            format!("{}/{total}", i + 1).cyan().bold()
        );
    }
    if upto < total {
        say!(
            out,
            "{}",
            "Ask again (`cargo xtask hint`, or `h` in watch) for the next one.".dimmed()
        );
    } else if !kata.docs.is_empty() {
        say!(out, "{}", "Read more:".bold());
        for doc in &kata.docs {
            say!(out, "  {doc}");
        }
    }
    out
}

/// The track by chapter, each kata marked done, current or to do; a done
/// kata whose file `changed` since it passed is marked so.
pub fn list(
    catalog: &Catalog,
    progress: &Progress,
    current: Option<&str>,
    changed: &[&str],
) -> String {
    let mut out = String::new();
    let mut chapter = "";
    for kata in &catalog.katas {
        if kata.chapter != chapter {
            chapter = &kata.chapter;
            say!(out, "\n{}", chapter.bold());
        }
        let is_changed = changed.contains(&kata.name.as_str());
        let mark = if is_changed {
            "?".yellow().bold()
        } else if progress.is_done(&kata.name) {
            "✓".green().bold()
        } else if Some(kata.name.as_str()) == current {
            "→".cyan().bold()
        } else {
            "·".dimmed()
        };
        let note = if is_changed {
            format!(" {}", "(changed since it passed)".yellow())
        } else {
            String::new()
        };
        say!(
            out,
            "  {mark} {:<24} {}{note}",
            kata.name,
            kata.topic.dimmed()
        );
    }
    let done = catalog
        .katas
        .iter()
        .filter(|k| progress.is_done(&k.name) && !changed.contains(&k.name.as_str()))
        .count();
    say!(out, "\n{done}/{} done", catalog.katas.len());
    if !changed.is_empty() {
        say!(
            out,
            "{} changed since {} passed: `cargo xtask next` checks {} again.",
            changed.join(", "),
            if changed.len() == 1 { "it" } else { "they" },
            if changed.len() == 1 { "it" } else { "them" }
        );
    }
    out
}

/// Every kata has passed, but `changed` were edited since: not complete yet.
pub fn recheck(changed: &[&Kata]) -> String {
    let mut out = String::new();
    let names: Vec<&str> = changed.iter().map(|k| k.name.as_str()).collect();
    let one = changed.len() == 1;
    say!(
        out,
        "\nEvery kata has passed, but {} changed since {} passed: `cargo xtask next` checks {} \
         again before the track is complete.",
        names.join(", "),
        if one { "it" } else { "they" },
        if one { "it" } else { "them" }
    );
    out
}

/// `l` in watch: the katas `shown` (of the filter named), the one at
/// `cursor` highlighted, the one `watched` marked; `confirm` asks before a
/// reset of the kata under the cursor.
pub fn picker(
    progress: &Progress,
    shown: &[&Kata],
    cursor: Option<usize>,
    filter: &str,
    watched: Option<&str>,
    confirm: bool,
) -> String {
    let mut out = String::new();
    say!(
        out,
        "{} {}",
        format!("The track, {filter}").bold(),
        "· j/k or ↑/↓ move · Enter watch it · r reset · f all/pending/done · q close".dimmed()
    );
    if shown.is_empty() {
        say!(out, "  (no kata is {filter})");
    }
    for (i, kata) in shown.iter().enumerate() {
        let mark = if progress.is_done(&kata.name) {
            "✓".green().bold()
        } else if Some(kata.name.as_str()) == watched {
            "→".cyan().bold()
        } else {
            "·".dimmed()
        };
        let row = format!("{mark} {:<24} {}", kata.name, kata.topic.dimmed());
        if Some(i) == cursor {
            say!(out, "{} {row}", "▸".bold());
        } else {
            say!(out, "  {row}");
        }
    }
    if let (true, Some(kata)) = (confirm, cursor.and_then(|i| shown.get(i))) {
        say!(
            out,
            "\nReset {} to the file as shipped? Your version is kept in `.workbook/backups/`. \
             {} resets it, any other key keeps it.",
            kata.name.bold(),
            "y".bold()
        );
    }
    out
}

/// A done kata that passed before the recorder was built, judged again.
pub fn judging_channels_now(kata: &Kata) -> String {
    let mut out = String::new();
    say!(
        out,
        "{} passed before the recorder of real runs was built, on its output alone. It is \
         built now, so what its channels do is judged before you go on:\n",
        kata.name.bold()
    );
    out
}

/// That kata misses its point now that its channels were judged.
pub fn channels_judged_now_fail(kata: &Kata) -> String {
    let mut out = String::new();
    say!(
        out,
        "\n{} {} printed the right output, but what its channels did misses the kata's point, \
         so it is not done any more.",
        "!".yellow().bold(),
        kata.name.bold()
    );
    out
}

/// A done kata fails now that its file changed.
pub fn changed_since_pass(kata: &Kata) -> String {
    let mut out = String::new();
    say!(
        out,
        "\n{} {} had passed, but its file changed since and it fails now, so it is not done \
         any more.",
        "!".yellow().bold(),
        kata.name.bold()
    );
    out
}

pub fn restored(kata: &Kata, backup: Option<&Path>) -> String {
    let mut out = String::new();
    say!(out, "Restored `{}` as shipped.", kata.path.display());
    match backup {
        Some(path) => say!(out, "Your attempt is saved in `{}`.", path.display()),
        None => say!(out, "(It was unchanged, so no backup was needed.)"),
    }
    out
}

/// The reference solution, then the learner's file compared with it (`yours`:
/// `None` when the file cannot be read).
pub fn solution(path: &Path, text: &str, yours: Option<(&Path, &str)>) -> String {
    let mut out = String::new();
    say!(out, "{}\n", path.display().to_string().bold());
    out.push_str(text);
    let Some((your_path, yours)) = yours else {
        return out;
    };
    say!(out);
    if yours == text {
        say!(
            out,
            "{}",
            "Your file is the reference solution, to the letter.".bold()
        );
        return out;
    }
    say!(
        out,
        "{} {}",
        "Your file against it".bold(),
        "(- your lines, + the reference's):".dimmed()
    );
    let diff = similar::TextDiff::from_lines(yours, text);
    let mut unified = diff.unified_diff();
    let unified = unified.context_radius(2).header(
        &your_path.display().to_string(),
        &path.display().to_string(),
    );
    for line in unified.to_string().lines() {
        let shown = match line.as_bytes().first() {
            Some(b'-') if !line.starts_with("---") => line.red(),
            Some(b'+') if !line.starts_with("+++") => line.green(),
            Some(b'@') => line.cyan(),
            _ => line.normal(),
        };
        say!(out, "{shown}");
    }
    out
}

/// The solution's "Why it works" notes (its leading `//!` block), from the
/// solution's text.
pub fn why_it_works(text: &str) -> String {
    let mut out = String::new();
    let notes: Vec<&str> = text
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| l.trim_start_matches("//!").trim())
        .collect();
    if !notes.is_empty() {
        say!(out);
        for line in notes {
            say!(out, "  {}", line.italic());
        }
    }
    out
}

/// Said when the explorer's library (or the recorder's) starts building;
/// cargo's progress follows.
pub fn explorer_building(library: Against) -> String {
    let mut out = String::new();
    let what = super::not_run::library(library);
    say!(out, "Building {what} (once, and after a Rust update)...");
    out
}
