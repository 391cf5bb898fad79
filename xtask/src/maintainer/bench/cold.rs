//! `dev bench --cold`: a fresh clone to its first verdict, as a learner
//! meets it, and what follows (the explorer's background build, the first
//! explored kata, the first `verify --solutions`, the target directory).

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};

use super::{copy_sources, disk_usage, median, say, text};
use crate::base::build;
use crate::core::catalog::{Catalog, ShippedFailure};
use crate::render::bench::{self as words, Measure, Stopped};
use crate::render::failed::{self, Doing, Task};

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
        .with_context(|| failed::task(Task::TempDir))?;
    copy_sources(root, dir.path())?;
    let catalog = Catalog::load(&dir.path().join("checks"))?;
    say(&words::timing_fresh_clone());
    let first = time_cargo(dir.path(), &["xtask", "next"])?;
    let shown = Instant::now();
    print!("{}", words::timed(Measure::FreshClone, first));
    // A hang while the explorer is still being built in the background: the
    // first kata's shipped file, run again now that the runner is compiled.
    if let Some(kata) = catalog
        .katas
        .first()
        .filter(|k| k.shipped == ShippedFailure::Hang)
    {
        let hang = time_cargo(dir.path(), &["xtask", "run", kata.name.as_str()])?;
        let measure = Measure::HangMeanwhile {
            kata: &kata.name,
            limit: kata.timeout(),
        };
        print!("{}", words::timed(measure, hang));
    }
    // The copy's runner keeps its explorer in the copy's target directory.
    let explorer = crate::core::explore::Explorer {
        runner_root: dir.path().to_path_buf(),
        dir: dir.path().join("target").join("explore"),
    };
    if let Some(kata) = catalog.katas.iter().find(|k| k.explore) {
        say(&words::waiting_for_explorer());
        while !explorer.ready() {
            ensure!(
                shown.elapsed() < Duration::from_secs(900),
                "{}",
                words::stopped(&Stopped::ExplorerBuild(&explorer.background_log()))
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        print!("{}", words::timed(Measure::ExplorerReady, shown.elapsed()));
        let file = dir.path().join(&kata.path);
        let shipped = std::fs::read(&file).with_context(|| failed::on(Doing::Read, &file))?;
        std::fs::copy(dir.path().join(&kata.solution), &file)
            .with_context(|| failed::on(Doing::Solve, &file))?;
        let run = ["xtask", "run", kata.name.as_str()];
        let first_explored = time_cargo(dir.path(), &run)?;
        let warm = median(3, |_| time_cargo(dir.path(), &run))?;
        print!(
            "{}",
            words::timed(Measure::FirstExplored(&kata.name), first_explored)
        );
        print!("{}", words::timed(Measure::Warm, warm));
        std::fs::write(&file, &shipped).with_context(|| failed::on(Doing::Restore, &file))?;
    }
    // A hang the explorer explains, now that it is built.
    if let Some(kata) = catalog
        .katas
        .iter()
        .find(|k| k.explore && k.shipped == ShippedFailure::Hang)
    {
        let hang = time_cargo(dir.path(), &["xtask", "run", kata.name.as_str()])?;
        let measure = Measure::HangExplained {
            kata: &kata.name,
            limit: kata.timeout(),
        };
        print!("{}", words::timed(measure, hang));
    }
    let all = time_cargo(dir.path(), &["xtask", "verify", "--solutions"])?;
    print!("{}", words::timed(Measure::FirstVerify, all));
    let size = disk_usage(&dir.path().join("target"));
    print!("{}", words::size_row(Measure::TargetDir, size));
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
        .with_context(|| failed::task(Task::RunCargo))?;
    ensure!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        words::stopped(&Stopped::Cargo {
            args: &args.join(" "),
            fresh: true,
            said: &text(&output)
        })
    );
    Ok(start.elapsed())
}
