//! `dev bench --cold`: a fresh clone to its first verdict, as a learner
//! meets it, and what follows (the explorer's background build, the first
//! explored kata, the first `verify --solutions`, the target directory).

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};

use super::{copy_sources, disk_usage, median, say, seconds, text};
use crate::base::build;
use crate::core::catalog::{Catalog, ShippedFailure};

/// Fresh clone to first verdict, as a learner meets it: a copy without a
/// target directory, `cargo xtask next` there as typed, the runner's own
/// compile included. Then the explorer's background build that verdict
/// started, until it is done; the first explored kata (solved) checked twice,
/// the first time against a warm second; its shipped file, which hangs, against
/// its time limit; the first `verify --solutions`; and the size of the target
/// directory all that leaves.
pub(super) fn cold(root: &Path) -> Result<()> {
    let dir = tempfile::Builder::new()
        .prefix("workbook-cold-")
        .tempdir()
        .context("Failed to create a temporary directory")?;
    copy_sources(root, dir.path())?;
    let catalog = Catalog::load(&dir.path().join("checks"))?;
    say(
        "\nfresh clone: `cargo xtask next` with an empty target directory (compiles the runner) ...",
    );
    let first = time_cargo(dir.path(), &["xtask", "next"])?;
    let shown = Instant::now();
    println!(
        "{:<52}{:>9}{:>9}  ≤ 45 s",
        "fresh clone to first verdict",
        seconds(first),
        ""
    );
    // A hang while the explorer is still being built in the background: the
    // first kata's shipped file, run again now that the runner is compiled.
    if let Some(kata) = catalog
        .katas
        .first()
        .filter(|k| k.shipped == ShippedFailure::Hang)
    {
        let hang = time_cargo(dir.path(), &["xtask", "run", kata.name.as_str()])?;
        println!(
            "{:<52}{:>9}{:>9}  ≤ limit + 0.5 s",
            format!(
                "  a hang meanwhile, `run {}` (limit {})",
                kata.name,
                seconds(kata.timeout())
            ),
            seconds(hang),
            ""
        );
    }
    // The copy's runner keeps its explorer in the copy's target directory.
    let explorer = crate::core::explore::Explorer {
        runner_root: dir.path().to_path_buf(),
        dir: dir.path().join("target").join("explore"),
    };
    if let Some(kata) = catalog.katas.iter().find(|k| k.explore) {
        say("waiting for the explorer's background build ...");
        while !explorer.ready() {
            ensure!(
                shown.elapsed() < Duration::from_secs(900),
                "the explorer's background build did not finish in 15 minutes; see `{}`",
                explorer.background_log().display()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        println!(
            "{:<52}{:>9}",
            "  explorer ready in the background after it",
            seconds(shown.elapsed())
        );
        let file = dir.path().join(&kata.path);
        let shipped =
            std::fs::read(&file).with_context(|| format!("Failed to read `{}`", file.display()))?;
        std::fs::copy(dir.path().join(&kata.solution), &file)
            .with_context(|| format!("Failed to solve `{}`", file.display()))?;
        let run = ["xtask", "run", kata.name.as_str()];
        let first_explored = time_cargo(dir.path(), &run)?;
        let warm = median(3, |_| time_cargo(dir.path(), &run))?;
        println!(
            "{:<52}{:>9}{:>9}  ≤ warm + 1 s",
            format!("first explored kata, `run {}`", kata.name),
            seconds(first_explored),
            ""
        );
        println!("{:<52}{:>9}", "  the same, warm", seconds(warm));
        std::fs::write(&file, &shipped)
            .with_context(|| format!("Failed to restore `{}`", file.display()))?;
    }
    // A hang the explorer explains, now that it is built.
    if let Some(kata) = catalog
        .katas
        .iter()
        .find(|k| k.explore && k.shipped == ShippedFailure::Hang)
    {
        let hang = time_cargo(dir.path(), &["xtask", "run", kata.name.as_str()])?;
        println!(
            "{:<52}{:>9}{:>9}  ≤ limit + 0.5 s",
            format!(
                "a hang explained, `run {}` (limit {})",
                kata.name,
                seconds(kata.timeout())
            ),
            seconds(hang),
            ""
        );
    }
    let all = time_cargo(dir.path(), &["xtask", "verify", "--solutions"])?;
    println!(
        "{:<52}{:>9}",
        "then the first verify --solutions (builds them all)",
        seconds(all)
    );
    let size = disk_usage(&dir.path().join("target"));
    println!(
        "{:<52}{:>6} MB{:>9}  ≤ 300 MB",
        "target directory after that",
        size / 1_000_000,
        ""
    );
    Ok(())
}

/// Runs `cargo <args>` in a fresh copy and times it; a kata verdict (exit 0
/// or 1) is fine, anything else is a failure of the copy.
fn time_cargo(dir: &Path, args: &[&str]) -> Result<Duration> {
    let start = Instant::now();
    let output = build::cargo(dir)
        .args(args)
        .env_remove("WORKBOOK_ROOT")
        .env("NO_COLOR", "1")
        .output()
        .context("Failed to run cargo")?;
    ensure!(
        matches!(output.status.code(), Some(0 | 1)),
        "`cargo {}` failed in the fresh copy:\n{}",
        args.join(" "),
        text(&output)
    );
    Ok(start.elapsed())
}
