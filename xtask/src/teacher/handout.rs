//! `cargo xtask handout <dir>`: the workbook as students get it.
//!
//! A copy without the reference solutions, ready to push as a template
//! repository (GitHub Classroom's starter code): no `solutions/` folder and
//! no `solutions` workspace member, every kata file exactly as shipped (even
//! if the teacher solved some in their own copy), no build output, progress or
//! maintainer tooling. The runner, the check data and the Classroom workflow
//! are kept, so `cargo xtask next`, `cargo test` and grading work in it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail, ensure};

use crate::cli::Outcome;
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
];

/// Workspace members left out with their folders, as (folder, package name).
const LEFT_OUT_MEMBERS: &[(&str, &str)] =
    &[("solutions", "solutions"), ("xtask/attempts", "attempts")];

/// Files never worth handing out, wherever they are.
fn is_scratch(name: &str) -> bool {
    name == "target" || name.ends_with(".snap.new") || name.ends_with(".pending-snap")
}

pub fn handout(workbook: &Workbook, dest: &Path) -> Result<Outcome> {
    let root = workbook
        .root
        .canonicalize()
        .with_context(|| format!("Failed to resolve `{}`", workbook.root.display()))?;
    if dest.exists() {
        let empty = std::fs::read_dir(dest)
            .with_context(|| format!("Failed to read `{}`", dest.display()))?
            .next()
            .is_none();
        ensure!(
            empty,
            "`{}` is not empty: give a new folder for the handout",
            dest.display()
        );
    }
    std::fs::create_dir_all(dest)
        .with_context(|| format!("Failed to create `{}`", dest.display()))?;
    let dest = dest
        .canonicalize()
        .with_context(|| format!("Failed to resolve `{}`", dest.display()))?;
    if dest.starts_with(&root) {
        bail!(
            "`{}` is inside the workbook: put the handout somewhere else",
            dest.display()
        );
    }

    copy_tree(&root, &dest, &root)?;
    // Classroom needs its workflow (written afresh, so it matches the catalog
    // even if the committed one is behind); the other workflows are the maintainers'.
    let workflow = dest.join(crate::core::workflow::PATH);
    if let Some(dir) = workflow.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("Failed to create `{}`", dir.display()))?;
    }
    std::fs::write(&workflow, crate::core::workflow::render(&workbook.catalog))
        .with_context(|| format!("Failed to write `{}`", workflow.display()))?;
    // Every kata as shipped, whatever state the teacher's own copy is in.
    for kata in &workbook.catalog.katas {
        copy_file(
            &kata.shipped_path(&workbook.catalog.checks_dir),
            &dest.join(&kata.path),
        )?;
    }
    rewrite(&dest.join("Cargo.toml"), without_left_out_members)?;
    if dest.join("Cargo.lock").is_file() {
        rewrite(&dest.join("Cargo.lock"), |text| {
            Ok(LEFT_OUT_MEMBERS
                .iter()
                .fold(text.to_string(), |text, (_, package)| {
                    without_locked_package(&text, package)
                }))
        })?;
    }
    check_no_solution_text(workbook, &dest)?;

    println!(
        "Wrote the handout to `{}` ({} katas, no solutions).",
        dest.display(),
        workbook.catalog.katas.len()
    );
    println!("\nTo publish it as the assignment's starter code:");
    println!("  cd {}", dest.display());
    println!("  git init -b main && git add . && git commit -m \"Starter code\"");
    println!("  git remote add origin <new repository> && git push -u origin main");
    println!(
        "Then mark the repository as a template and create the Classroom assignment (docs/teachers.md)."
    );
    Ok(Outcome::Passed)
}

fn copy_tree(from: &Path, to: &Path, root: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("Failed to create `{}`", to.display()))?;
    let entries =
        std::fs::read_dir(from).with_context(|| format!("Failed to read `{}`", from.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("Failed to read `{}`", from.display()))?;
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
        std::fs::create_dir_all(dir)
            .with_context(|| format!("Failed to create `{}`", dir.display()))?;
    }
    std::fs::copy(from, to)
        .with_context(|| format!("Failed to copy `{}` to `{}`", from.display(), to.display()))?;
    Ok(())
}

fn rewrite(path: &Path, change: impl FnOnce(&str) -> Result<String>) -> Result<()> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("Failed to read `{}`", path.display()))?;
    let changed =
        change(&text).with_context(|| format!("Failed to adjust `{}`", path.display()))?;
    std::fs::write(path, changed).with_context(|| format!("Failed to write `{}`", path.display()))
}

/// The workspace manifest without the left-out members in `members` and
/// `default-members`; every other line (and comment) is kept as it is.
fn without_left_out_members(text: &str) -> Result<String> {
    let left_out = |m: &str| LEFT_OUT_MEMBERS.iter().any(|(dir, _)| *dir == m);
    let mut out = String::new();
    for line in text.lines() {
        let key = line.split('=').next().unwrap_or("").trim();
        if matches!(key, "members" | "default-members") {
            let value: toml::Table = toml::from_str(line)
                .with_context(|| format!("Failed to read `{line}` (it should fit on one line)"))?;
            let members: Vec<String> = value[key]
                .as_array()
                .context("members is not a list")?
                .iter()
                .filter_map(|m| m.as_str())
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
                leaks.push(format!(
                    "`{}` holds the solution of `{kata}`",
                    file.display()
                ));
            }
        }
    }
    if !leaks.is_empty() {
        bail!(
            "the handout is not safe to publish:\n  {}",
            leaks.join("\n  ")
        );
    }
    Ok(())
}

fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)
            .with_context(|| format!("Failed to read `{}`", dir.display()))?
        {
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
