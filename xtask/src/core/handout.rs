//! The handout: the workbook as students get it, written into a folder.
//!
//! A copy without the reference solutions, ready to push as a template
//! repository (GitHub Classroom's starter code): no `solutions/` folder and
//! no `solutions` workspace member (nor its build settings), every kata file
//! exactly as shipped (even if the teacher solved some in their own copy), no
//! build output, progress or maintainer tooling, and a README for students in
//! place of the workbook's. The runner, the check data and the Classroom
//! workflow are kept, so `cargo xtask next`, `cargo test` and grading work in
//! it. Grading writes one too, to see what a student changed since.

use crate::base::failure::{Doing, Failed};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::core::workbook::Workbook;

/// Left out of the handout, relative to the root: the solutions, the corpus
/// of learner attempts (its right ones are solutions too), maintainer CI, and
/// the tests that need those.
const LEFT_OUT: &[&str] = &[
    ".git",
    ".github",
    ".ci",
    ".workbook",
    "target",
    "solutions",
    "xtask/attempts",
    "xtask/tests/attempts.rs",
    "xtask/tests/cli.rs",
    // They play the reference solutions and their break-it variants.
    "xtask/tests/break_it.rs",
    // Grades classes made of the reference solutions.
    "xtask/tests/grading.rs",
    "xtask/tests/step.rs",
    "xtask/tests/terminal.rs",
    "xtask/tests/trace.rs",
    // Words the verdicts of a solution and of attempts, with their snapshots.
    "xtask/tests/verdicts.rs",
    "xtask/tests/snapshots",
];

/// Workspace members left out with their folders, as (folder, package name).
const LEFT_OUT_MEMBERS: &[(&str, &str)] =
    &[("solutions", "solutions"), ("xtask/attempts", "attempts")];

/// Files never worth handing out, wherever they are.
fn is_scratch(name: &str) -> bool {
    name == "target" || name.ends_with(".snap.new") || name.ends_with(".pending-snap")
}

/// Writes the handout of `workbook` into `dest`, an empty folder outside it
/// (both already resolved).
pub fn write(workbook: &Workbook, root: &Path, dest: &Path) -> Result<()> {
    copy_tree(root, dest, root)?;
    // Classroom needs its workflow (written afresh, so it matches the catalog
    // even if the committed one is behind); the other workflows are the maintainers'.
    let workflow = dest.join(crate::core::workflow::PATH);
    if let Some(dir) = workflow.parent() {
        std::fs::create_dir_all(dir).with_context(|| Failed::on(Doing::Create, dir))?;
    }
    std::fs::write(&workflow, crate::core::workflow::render(&workbook.catalog))
        .with_context(|| Failed::on(Doing::Write, &workflow))?;
    // Every kata as shipped, whatever state the teacher's own copy is in.
    for kata in &workbook.catalog.katas {
        copy_file(
            &kata.shipped_path(&workbook.catalog.checks_dir),
            &dest.join(&kata.path),
        )?;
    }
    rewrite(&dest.join("Cargo.toml"), |text| {
        without_left_out_members(text).map(|text| without_left_out_profiles(&text))
    })?;
    if dest.join("Cargo.lock").is_file() {
        rewrite(&dest.join("Cargo.lock"), |text| {
            Ok(LEFT_OUT_MEMBERS
                .iter()
                .fold(text.to_string(), |text, (_, package)| {
                    without_locked_package(&text, package)
                }))
        })?;
    }
    // The students' own README: what to run, nothing of maintaining or grading.
    std::fs::write(dest.join("README.md"), student_readme(workbook))
        .with_context(|| Failed::on(Doing::Write, dest.join("README.md")))?;
    check_no_solution_text(workbook, dest)?;
    Ok(())
}

/// The manifest without the `[profile.*.package.<name>]` sections of the
/// packages left out: cargo warns on every command about a profile setting
/// for a package that is not in the workspace.
fn without_left_out_profiles(text: &str) -> String {
    let left_out = |header: &str| {
        LEFT_OUT_MEMBERS.iter().any(|(_, package)| {
            header.starts_with("[profile.")
                && (header.ends_with(&format!(".package.{package}]"))
                    || header.ends_with(&format!(".package.\"{package}\"]")))
        })
    };
    let mut out = String::new();
    let mut skipping = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            skipping = left_out(trimmed);
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The handout's README, for students: how to start, what each command does.
pub fn student_readme(workbook: &Workbook) -> String {
    let katas = workbook.catalog.katas.len();
    let first = workbook
        .catalog
        .katas
        .first()
        .map(|k| format!(" The first is `{}`.", k.path.display()))
        .unwrap_or_default();
    format!(
        r#"# The channels workbook

Learn message passing in Rust with `std::sync::mpsc`, one small program at a
time: {katas} katas, from your first `send` to bounded back-pressure, rendezvous
hand-offs and clean shutdown. Each kata is a short program in `exercises/`
that is broken in one instructive way; you fix it, and the runner tells you,
in plain words, whether it is right.{first}

## Start

You need a Rust toolchain (`rustup`, stable). Then, in this folder:

```sh
cargo xtask next
```

The first run compiles the runner (about half a minute); after that a check
takes a fraction of a second. Open the file it names, fix it, save, and run
`cargo xtask next` again. Stuck? `cargo xtask hint`. Or leave
`cargo xtask watch` running beside your editor: it checks the kata each time
you save and moves on when it passes.

## Commands

| command | what it does |
| --- | --- |
| `cargo xtask next` | check the current kata (the first one not done); on a pass, explain why it works and name the next one |
| `cargo xtask run <kata>` | check one kata |
| `cargo xtask watch [--poll]` | check the current kata on every save, move on when it passes; keys `h` hint, `l` list, `r` re-run, `n` next, `q` quit |
| `cargo xtask hint [<kata>]` | the next hint, gentle first (`--all` for every hint) |
| `cargo xtask list` | the track and your progress |
| `cargo xtask reset <kata>` | restore the kata as it was handed out; your attempt is kept in `.workbook/backups/` |
| `cargo xtask verify [<kata>...]` | check every kata (or the ones named); the last line is `N passed, M failed` |
| `cargo xtask explore <kata>` | run a kata under many thread schedules, not only the one your OS picks |
| `cargo xtask trace <kata> [--html FILE]` | draw what the threads and channels did on one schedule |

Exit codes: `0` passed, `1` a kata failed, `2` a usage or setup problem (the
message says what to do). `NO_COLOR=1` or `--color never` turns colours off.

The reference solutions are not part of this copy: the hints, and what the
runner says about your program, are there to help you find the fix.

## How your work is graded

Each push runs the same checks on GitHub (`.github/workflows/classroom.yml`):
every kata is worth its points when `cargo xtask verify <kata>` passes. What
you hand in is the kata files in `exercises/`; leave `checks/`, `xtask/`,
`.github/`, `.cargo/` and the `Cargo` files as they are: your teacher grades
with their own copies of them, and a change to them is flagged.

## How the checks work

A concurrent program has many correct outputs, so the runner never compares
one raw interleaving. It runs your program with numbers that change on every
run (how many producers, how many messages), reduces the output to facts that
every correct run shares, and compares those facts with the expected ones.
The concurrent katas are also run under many thread schedules, so relying on
the order your OS usually picks fails, and a correct program never does.
`checks/README.md` explains each check.
"#
    )
}

fn copy_tree(from: &Path, to: &Path, root: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| Failed::on(Doing::Create, to))?;
    let entries = std::fs::read_dir(from).with_context(|| Failed::on(Doing::Read, from))?;
    for entry in entries {
        let entry = entry.with_context(|| Failed::on(Doing::Read, from))?;
        let path = entry.path();
        let relative = path.strip_prefix(root).unwrap_or(&path);
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_scratch(&name) || LEFT_OUT.iter().any(|left| relative == Path::new(left)) {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type()?.is_dir() {
            copy_tree(&path, &target, root)?;
        } else {
            copy_file(&path, &target)?;
        }
    }
    Ok(())
}

fn copy_file(from: &Path, to: &Path) -> Result<()> {
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir).with_context(|| Failed::on(Doing::Create, dir))?;
    }
    std::fs::copy(from, to).with_context(|| Failed::copy(from, to))?;
    Ok(())
}

fn rewrite(path: &Path, change: impl FnOnce(&str) -> Result<String>) -> Result<()> {
    let text = std::fs::read_to_string(path).with_context(|| Failed::on(Doing::Read, path))?;
    let changed = change(&text).with_context(|| Failed::on(Doing::Adjust, path))?;
    std::fs::write(path, changed).with_context(|| Failed::on(Doing::Write, path))
}

/// The workspace manifest without the left-out members in `members` and
/// `default-members`; every other line (and comment) is kept as it is.
fn without_left_out_members(text: &str) -> Result<String> {
    let left_out = |m: &str| LEFT_OUT_MEMBERS.iter().any(|(dir, _)| *dir == m);
    let mut out = String::new();
    for line in text.lines() {
        let key = line.split('=').next().unwrap_or("").trim();
        if matches!(key, "members" | "default-members") {
            let value: std::collections::BTreeMap<String, Vec<String>> =
                basic_toml::from_str(line).with_context(|| Failed::FolderList(line.to_string()))?;
            let members: Vec<String> = value[key]
                .iter()
                .filter(|m| !left_out(m))
                .map(|m| format!("\"{m}\""))
                .collect();
            out.push_str(&format!("{key} = [{}]\n", members.join(", ")));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    Ok(out)
}

/// Cargo.lock without the `[[package]]` entry of `name` (cargo would drop it on
/// the first build anyway; dropping it here keeps the template clean).
fn without_locked_package(text: &str, name: &str) -> String {
    let needle = format!("name = \"{name}\"\n");
    text.split("\n[[package]]\n")
        .enumerate()
        .filter(|(i, block)| *i == 0 || !block.starts_with(&needle))
        .map(|(_, block)| block)
        .collect::<Vec<_>>()
        .join("\n[[package]]\n")
}

/// A file of a handout that holds a kata's solution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leak {
    pub file: PathBuf,
    pub kata: String,
}

/// The handout is not safe to publish: the files that hold a solution
/// (worded in `render::teacher`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SolutionLeaks(pub Vec<Leak>);

/// A last look before the handout is announced: no solution's explanation may
/// have slipped into any file (a solved kata, a copied note).
fn check_no_solution_text(workbook: &Workbook, dest: &Path) -> Result<()> {
    let markers: Vec<(String, String)> = workbook
        .catalog
        .katas
        .iter()
        .filter_map(|kata| {
            let text = std::fs::read_to_string(workbook.root.join(&kata.solution)).ok()?;
            let first = text.lines().next()?.trim();
            (first.len() > "//! Why it works:".len() + 10)
                .then(|| (kata.name.clone(), first.to_string()))
        })
        .collect();
    let mut leaks = Vec::new();
    for file in files_under(dest)? {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for (kata, marker) in &markers {
            if text.contains(marker.as_str()) {
                leaks.push(Leak {
                    file: file.clone(),
                    kata: kata.clone(),
                });
            }
        }
    }
    if !leaks.is_empty() {
        return Err(SolutionLeaks(leaks).into());
    }
    Ok(())
}

fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).with_context(|| Failed::on(Doing::Read, &dir))? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_settings_of_left_out_packages_go_with_them() {
        let manifest = "[profile.dev]\ndebug = 1\n\n[profile.dev.package.exercises]\ndebug = false\n\n\
                        [profile.dev.package.solutions]\ndebug = false\nstrip = \"debuginfo\"\n\
                        [profile.dev.package.\"attempts\"]\nopt-level = 1\n[profile.dev.package.checks]\ndebug = false\n";
        assert_eq!(
            without_left_out_profiles(manifest),
            "[profile.dev]\ndebug = 1\n\n[profile.dev.package.exercises]\ndebug = false\n\n\
             [profile.dev.package.checks]\ndebug = false\n"
        );
    }

    #[test]
    fn solutions_leave_the_workspace_and_comments_stay() {
        let manifest = "[workspace]\n# the members\nmembers = [\"exercises\", \"solutions\", \"checks\", \"xtask\", \"xtask/attempts\"]\n\
                        default-members = [\"solutions\", \"xtask\"]\n";
        let out = without_left_out_members(manifest).unwrap();
        assert_eq!(
            out,
            "[workspace]\n# the members\nmembers = [\"exercises\", \"checks\", \"xtask\"]\ndefault-members = [\"xtask\"]\n"
        );
    }

    #[test]
    fn the_locked_solutions_package_is_dropped() {
        let lock = "version = 4\n\n[[package]]\nname = \"checks\"\nversion = \"0.1.0\"\n\n\
                    [[package]]\nname = \"solutions\"\nversion = \"0.1.0\"\n\n[[package]]\nname = \"xtask\"\n";
        let out = without_locked_package(lock, "solutions");
        assert_eq!(
            out,
            "version = 4\n\n[[package]]\nname = \"checks\"\nversion = \"0.1.0\"\n\n[[package]]\nname = \"xtask\"\n"
        );
    }
}
