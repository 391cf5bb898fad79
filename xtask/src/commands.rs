//! One function per `cargo xtask` command.
//!
//! Each returns an `Outcome` (did the learner's code pass?) or an error (the
//! runner could not do its job), and `main` turns that into the exit code.
//! Where `next` decides what is next: `current_kata`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use colored::Colorize;

use crate::catalog::Kata;
use crate::checks;
use crate::judge::{Target, Verdict, Workbook};
use crate::progress::{self, Progress};
use crate::report;

/// What a command found, as opposed to an error in running it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Outcome {
    /// Everything checked passed (exit 0).
    Passed,
    /// Some kata failed its check (exit 1).
    Failed,
}

impl Outcome {
    fn from_pass(passed: bool) -> Self {
        if passed { Self::Passed } else { Self::Failed }
    }
}

/// Loads progress, telling the learner if an unreadable file was set aside.
fn load_progress(root: &Path) -> Result<Progress> {
    Ok(warn_if_recovered(Progress::load(root)?))
}

/// Applies a change to the saved progress (see `Progress::update`: another
/// runner's change saved meanwhile is kept), and returns the progress now saved.
fn update_progress(root: &Path, change: impl FnOnce(&mut Progress)) -> Result<Progress> {
    Ok(warn_if_recovered(Progress::update(root, change)?))
}

fn warn_if_recovered(loaded: progress::Loaded) -> Progress {
    if let Some(aside) = loaded.recovered_from {
        eprintln!(
            "{} The progress file could not be read; it was moved to `{}` and progress starts \
             over. Your kata files are untouched: `cargo xtask verify` marks every kata that \
             already passes as done.",
            "warning:".yellow().bold(),
            aside.display()
        );
    }
    loaded.progress
}

/// The kata `next` works on: the first one in track order that is not done.
pub fn current_kata<'a>(workbook: &'a Workbook, progress: &Progress) -> Option<&'a Kata> {
    workbook
        .catalog
        .katas
        .iter()
        .find(|k| !progress.is_done(&k.name))
}

pub fn next(workbook: &Workbook) -> Result<Outcome> {
    let progress = load_progress(&workbook.root)?;
    let katas = &workbook.catalog.katas;
    let Some(kata) = current_kata(workbook, &progress) else {
        println!("{}", workbook.catalog.complete.trim().green().bold());
        return Ok(Outcome::Passed);
    };
    if progress.done.is_empty() && progress.hints_shown.is_empty() {
        println!("{}\n", workbook.catalog.welcome.trim());
    }
    let index = workbook.catalog.position(&kata.name).unwrap_or(0);
    report::heading(kata, index, katas.len());
    let verdict = judge_exercise(workbook, kata)?;
    report::verdict(kata, &verdict);
    if !verdict.passed() {
        return Ok(Outcome::Failed);
    }
    let progress = update_progress(&workbook.root, |p| {
        p.done.insert(kata.name.clone());
    })?;
    report::why_it_works(&workbook.root.join(&kata.solution));
    match current_kata(workbook, &progress) {
        Some(next) => println!(
            "\n{} {} - {}\n      {}\n      Run `cargo xtask next` when you have a go at it.",
            "Next:".bold(),
            next.name.bold(),
            next.topic,
            next.path.display().to_string().underline()
        ),
        None => println!("\n{}", workbook.catalog.complete.trim().green().bold()),
    }
    Ok(Outcome::Passed)
}

/// Judges the learner's file, first making sure it is there and readable.
fn judge_exercise(workbook: &Workbook, kata: &Kata) -> Result<Verdict> {
    let file = workbook.root.join(&kata.path);
    match std::fs::read(&file) {
        Ok(bytes) if std::str::from_utf8(&bytes).is_err() => bail!(
            "`{}` is not valid UTF-8 text, so it cannot be compiled. Was it saved in another \
             encoding? `cargo xtask reset {}` restores the shipped file (your version is backed up).",
            kata.path.display(),
            kata.name
        ),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "`{}` is missing. `cargo xtask reset {}` brings the shipped file back.",
            kata.path.display(),
            kata.name
        ),
        Err(e) => return Err(e).with_context(|| format!("Failed to read `{}`", file.display())),
    }
    workbook.judge(kata, Target::Exercise)
}

pub fn run(workbook: &Workbook, name: &str) -> Result<Outcome> {
    let kata = workbook.catalog.find(name)?;
    let index = workbook.catalog.position(name).unwrap_or(0);
    report::heading(kata, index, workbook.catalog.katas.len());
    let verdict = judge_exercise(workbook, kata)?;
    report::verdict(kata, &verdict);
    if verdict.passed() {
        update_progress(&workbook.root, |p| {
            p.done.insert(kata.name.clone());
        })?;
    }
    Ok(Outcome::from_pass(verdict.passed()))
}

pub fn hint(workbook: &Workbook, name: Option<&str>, all: bool) -> Result<Outcome> {
    let progress = load_progress(&workbook.root)?;
    let kata = match name {
        Some(name) => workbook.catalog.find(name)?,
        None => match current_kata(workbook, &progress) {
            Some(kata) => kata,
            None => bail!("every kata is done; name one: `cargo xtask hint <name>`"),
        },
    };
    let total = kata.hints.len();
    let shown = progress.hints_shown.get(&kata.name).copied().unwrap_or(0);
    let upto = if all { total } else { (shown + 1).min(total) };
    println!("{} {}", "Hints for".bold(), kata.name.bold());
    for (i, hint) in kata.hints.iter().enumerate().take(upto) {
        println!("  {} {hint}", format!("{}/{total}", i + 1).cyan().bold());
    }
    if upto < total {
        println!(
            "{}",
            "Ask again (`cargo xtask hint`, or `h` in watch) for the next one.".dimmed()
        );
    } else if !kata.docs.is_empty() {
        println!("{}", "Read more:".bold());
        for doc in &kata.docs {
            println!("  {doc}");
        }
    }
    if upto > shown {
        update_progress(&workbook.root, |p| {
            let seen = p.hints_shown.entry(kata.name.clone()).or_default();
            *seen = upto.max(*seen);
        })?;
    }
    Ok(Outcome::Passed)
}

pub fn list(workbook: &Workbook, json: bool) -> Result<Outcome> {
    let progress = load_progress(&workbook.root)?;
    let current = current_kata(workbook, &progress).map(|k| k.name.as_str());
    if json {
        let rows: Vec<serde_json::Value> = workbook
            .catalog
            .katas
            .iter()
            .map(|k| {
                serde_json::json!({
                    "name": k.name,
                    "chapter": k.chapter,
                    "topic": k.topic,
                    "path": k.path,
                    "solution": k.solution,
                    "done": progress.is_done(&k.name),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(Outcome::Passed);
    }
    let mut chapter = "";
    for kata in &workbook.catalog.katas {
        if kata.chapter != chapter {
            chapter = &kata.chapter;
            println!("\n{}", chapter.bold());
        }
        let mark = if progress.is_done(&kata.name) {
            "✓".green().bold()
        } else if Some(kata.name.as_str()) == current {
            "→".cyan().bold()
        } else {
            "·".dimmed()
        };
        println!("  {mark} {:<24} {}", kata.name, kata.topic.dimmed());
    }
    let done = workbook
        .catalog
        .katas
        .iter()
        .filter(|k| progress.is_done(&k.name))
        .count();
    println!("\n{done}/{} done", workbook.catalog.katas.len());
    Ok(Outcome::Passed)
}

pub fn reset(workbook: &Workbook, name: &str) -> Result<Outcome> {
    let kata = workbook.catalog.find(name)?;
    let shipped = kata.shipped_path(&workbook.catalog.checks_dir);
    let pristine = std::fs::read(&shipped)
        .with_context(|| format!("Failed to read the shipped copy `{}`", shipped.display()))?;
    let file = workbook.root.join(&kata.path);
    let backup = match std::fs::read(&file) {
        Ok(current) if current == pristine => None,
        Ok(current) => Some(write_backup(&workbook.root, kata, &current)?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("Failed to read `{}`", file.display())),
    };
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&file, &pristine)
        .with_context(|| format!("Failed to restore `{}`", file.display()))?;
    update_progress(&workbook.root, |p| {
        p.done.remove(&kata.name);
    })?;
    println!("Restored `{}` as shipped.", kata.path.display());
    match backup {
        Some(path) => println!("Your attempt is saved in `{}`.", path.display()),
        None => println!("(It was unchanged, so no backup was needed.)"),
    }
    Ok(Outcome::Passed)
}

/// Copies an attempt to `.workbook/backups/<kata>-<n>.rs`, never overwriting one.
fn write_backup(root: &Path, kata: &Kata, contents: &[u8]) -> Result<PathBuf> {
    let dir = progress::state_dir(root).join("backups");
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("Failed to create `{}`", dir.display()))?;
    for n in 1.. {
        let path = dir.join(format!("{}-{n}.rs", kata.name));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                std::io::Write::write_all(&mut f, contents)
                    .with_context(|| format!("Failed to write the backup `{}`", path.display()))?;
                return Ok(path.strip_prefix(root).unwrap_or(&path).to_path_buf());
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("Failed to create the backup `{}`", path.display()));
            }
        }
    }
    unreachable!("the loop only ends by returning")
}

pub fn solution(workbook: &Workbook, name: &str, force: bool) -> Result<Outcome> {
    let kata = workbook.catalog.find(name)?;
    let progress = load_progress(&workbook.root)?;
    if !force && !progress.is_done(&kata.name) {
        bail!(
            "`{}` is not done yet. Try `cargo xtask hint {}` first, or look anyway with \
             `cargo xtask solution {} --force`.",
            kata.name,
            kata.name,
            kata.name
        );
    }
    let path = workbook.root.join(&kata.solution);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            println!("{}\n", kata.solution.display().to_string().bold());
            print!("{text}");
            Ok(Outcome::Passed)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "the reference solutions are not part of this copy of the workbook \
             (ask your teacher once the assignment is over)"
        ),
        Err(e) => Err(e).with_context(|| format!("Failed to read `{}`", path.display())),
    }
}

pub fn verify(workbook: &Workbook, names: &[String], target: Target) -> Result<Outcome> {
    let mut katas = workbook.catalog.select(names)?;
    // A deleted kata file stops cargo from building any binary of the package,
    // so it fails on its own here and the other katas are judged as usual.
    let mut missing = 0;
    if target == Target::Exercise {
        katas.retain(|kata| {
            let here = workbook.root.join(&kata.path).exists();
            if !here {
                missing += 1;
                println!("{} {} (missing)", "✗".red().bold(), kata.name);
                println!(
                    "    `{}` is gone; `cargo xtask reset {}` brings the shipped file back.",
                    kata.path.display(),
                    kata.name
                );
            }
            here
        });
    }
    let judged = if katas.is_empty() {
        Vec::new()
    } else {
        workbook.judge_many(&katas, target)?
    };
    let mut passed = 0;
    for (kata, judged) in katas.iter().zip(&judged) {
        let ok = match target {
            Target::Shipped => judged.verdict.is_declared_failure(kata),
            Target::Exercise | Target::Solution => judged.verdict.passed(),
        };
        if ok {
            passed += 1;
            let note = match target {
                Target::Shipped => format!(" (fails as declared: {})", kata.shipped),
                _ => String::new(),
            };
            println!("{} {}{}", "✓".green().bold(), kata.name, note.dimmed());
        } else {
            println!(
                "{} {} ({})",
                "✗".red().bold(),
                kata.name,
                judged.verdict.status()
            );
            if target == Target::Shipped {
                println!("    declared: {}", kata.shipped);
            } else {
                report::verdict(kata, &judged.verdict);
            }
        }
    }
    if target == Target::Exercise && judged.iter().any(|j| j.verdict.passed()) {
        update_progress(&workbook.root, |p| {
            for (kata, judged) in katas.iter().zip(&judged) {
                if judged.verdict.passed() {
                    p.done.insert(kata.name.clone());
                }
            }
        })?;
    }
    let mut total = katas.len() + missing;
    let pinned = katas
        .iter()
        .any(|k| k.shipped == crate::catalog::ShippedFailure::CompileError);
    if target == Target::Shipped && pinned {
        total += 1;
        if pinned_diagnostics_match(workbook)? {
            passed += 1;
            println!(
                "{} pinned compiler diagnostics (trybuild)",
                "✓".green().bold()
            );
        } else {
            println!(
                "{} pinned compiler diagnostics (trybuild): see above",
                "✗".red().bold()
            );
        }
    }
    println!("{passed} passed, {} failed", total - passed);
    Ok(Outcome::from_pass(passed == total))
}

/// Compares the compile-error katas' full diagnostics with their pinned
/// `.stderr` files, through the trybuild test that `cargo test` runs too.
fn pinned_diagnostics_match(workbook: &Workbook) -> Result<bool> {
    let output = crate::build::cargo(&workbook.root)
        .args([
            "test",
            "--quiet",
            "--package",
            "xtask",
            "--test",
            "curriculum",
            "--",
        ])
        .arg("shipped_compile_errors")
        .output()
        .context("Failed to run cargo test")?;
    if !output.status.success() {
        print!("{}", String::from_utf8_lossy(&output.stdout));
        eprint!("{}", String::from_utf8_lossy(&output.stderr));
    }
    Ok(output.status.success())
}

/// Records each kata's snapshot from its reference solution, then re-judges
/// the solution against it so a non-deterministic fact is caught at once.
pub fn bless(workbook: &Workbook, names: &[String]) -> Result<Outcome> {
    let katas = workbook.catalog.select(names)?;
    let bins: Vec<String> = katas.iter().map(|k| k.solution_bin()).collect();
    let bin_refs: Vec<&str> = bins.iter().map(String::as_str).collect();
    let builds = crate::build::build(
        &workbook.root,
        crate::build::Package::Solutions,
        &bin_refs,
        false,
    )?;
    let mut rng = fastrand::Rng::new();
    for (kata, bin) in katas.iter().zip(&bins) {
        let crate::build::BinBuild::Built { executable } = &builds[bin] else {
            bail!("the solution of `{}` does not compile", kata.name);
        };
        let params = checks::draw_params(kata, &mut rng);
        let output = workbook.run_once(kata, executable, &params, None)?;
        if output.exit == crate::execute::Exit::TimedOut {
            bail!("the solution of `{}` did not finish in time", kata.name);
        }
        let facts = checks::facts(kata, &params, &output);
        if !facts.problems.is_empty() {
            bail!(
                "the solution of `{}` breaks its own check: {:?}",
                kata.name,
                facts.problems
            );
        }
        checks::write_snapshot(&workbook.snapshot_dir(), &kata.name, &facts.text)?;
        println!(
            "recorded {}",
            kata.snapshot_path(&workbook.catalog.checks_dir).display()
        );
    }
    if katas
        .iter()
        .any(|k| k.shipped == crate::catalog::ShippedFailure::CompileError)
    {
        bless_diagnostics(workbook)?;
    }
    verify(
        workbook,
        &katas.iter().map(|k| k.name.clone()).collect::<Vec<_>>(),
        Target::Solution,
    )
}

/// Re-records the pinned compiler diagnostics (`checks/shipped/*.stderr`) with
/// trybuild, through the same test that `cargo test` runs to compare them.
fn bless_diagnostics(workbook: &Workbook) -> Result<()> {
    println!("recording compiler diagnostics of the compile-error katas (trybuild)...");
    // The pinned text belongs to this toolchain; say which, before recording.
    let version = std::process::Command::new("rustc")
        .arg("--version")
        .output()
        .context("Failed to run rustc --version")?;
    let text = String::from_utf8_lossy(&version.stdout);
    let minor: Vec<&str> = text
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .split('.')
        .take(2)
        .collect();
    std::fs::write(
        workbook.catalog.checks_dir.join("shipped/rustc-version"),
        format!("{}\n", minor.join(".")),
    )?;
    let status = crate::build::cargo(&workbook.root)
        .args([
            "test",
            "--package",
            "xtask",
            "--test",
            "curriculum",
            "--",
            "shipped_compile_errors",
        ])
        .env("TRYBUILD", "overwrite")
        .status()
        .context("Failed to run cargo test")?;
    if !status.success() {
        bail!("recording the diagnostics failed (see above)");
    }
    Ok(())
}
