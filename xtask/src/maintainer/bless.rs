//! `dev bless`: record each kata's snapshot (and the pinned compiler
//! diagnostics) from the reference solutions.

use anyhow::{Result, bail};

use crate::base::build::{self, BinBuild, Package};
use crate::cli::Outcome;
use crate::core::catalog::ShippedFailure;
use crate::core::checks;
use crate::core::workbook::{Target, Workbook};
use crate::render::maintainer::{self as words, Unblessed};
use crate::render::verdict as show;

/// Records each kata's snapshot from its reference solution, then re-judges
/// the solution against it so a non-deterministic fact is caught at once.
pub fn bless(workbook: &Workbook, names: &[String]) -> Result<Outcome> {
    let katas = workbook.catalog.select(names)?;
    let bins: Vec<String> = katas.iter().map(|k| k.solution_bin()).collect();
    let bin_refs: Vec<&str> = bins.iter().map(String::as_str).collect();
    let builds = build::build(&workbook.root, Package::Solutions, &bin_refs, false)?;
    let mut rng = fastrand::Rng::new();
    for (kata, bin) in katas.iter().zip(&bins) {
        let BinBuild::Built { executable, .. } = &builds[bin] else {
            bail!(
                "{}",
                words::unblessed(&kata.name, Unblessed::DoesNotCompile)
            );
        };
        let params = checks::draw_params(kata, &mut rng);
        let output = workbook.run_once(kata, executable, &params, None)?;
        if output.exit.stopped() {
            bail!("{}", words::unblessed(&kata.name, Unblessed::DidNotFinish));
        }
        let facts = checks::facts(kata, &params, &output);
        if !facts.problems.is_empty() {
            let problems = crate::render::problem::problems(&facts.problems);
            bail!(
                "{}",
                words::unblessed(&kata.name, Unblessed::BreaksItsCheck(&problems))
            );
        }
        checks::write_snapshot(&workbook.snapshot_dir(), &kata.name, &facts.text)?;
        print!(
            "{}",
            words::recorded(&kata.snapshot_path(&workbook.catalog.checks_dir))
        );
    }
    if katas
        .iter()
        .any(|k| k.shipped == ShippedFailure::CompileError)
    {
        bless_diagnostics(workbook)?;
    }
    // Judged again against what was just recorded: a fact that differs from
    // one run to the next fails here, not in a learner's check.
    let judged = workbook.judge_many(&katas, Target::Solution)?;
    let mut passed = 0;
    for (kata, judged) in katas.iter().zip(&judged) {
        let ok = judged.verdict.passed();
        passed += usize::from(ok);
        print!("{}", show::verify_line(kata, judged, Target::Solution, ok));
    }
    print!("{}", show::tally(passed, katas.len() - passed));
    Ok(Outcome::from_pass(passed == katas.len()))
}

/// Re-records the pinned compiler diagnostics (`checks/shipped/*.stderr`) with
/// trybuild, through the same test that `cargo test` runs to compare them.
fn bless_diagnostics(workbook: &Workbook) -> Result<()> {
    print!("{}", words::recording_diagnostics());
    // The pinned text belongs to this toolchain; say which, before recording.
    let version = build::rustc_version()?;
    let minor: Vec<&str> = version
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
    let (recorded, said) = build::pinned_diagnostics(&workbook.root, true)?;
    if !recorded {
        print!("{said}");
    }
    if !recorded {
        bail!("{}", words::diagnostics_not_recorded());
    }
    Ok(())
}
