//! `verify`: every kata (or the named ones) checked at once, one line each,
//! ending with `N passed, M failed`; with `--report`, a grade as JSON or JUnit.

use std::path::Path;

use anyhow::{Context, Result};

use crate::base::build;
use crate::cli::{Outcome, ReportFormat};
use crate::core::catalog::ShippedFailure;
use crate::core::grading;
use crate::core::judge::Status;
use crate::core::track::kata_file;
use crate::core::workbook::{Target, Workbook};
use crate::learner::update_progress;
use crate::render::failed::{self, Doing, Thing};
use crate::render::verdict as show;
use crate::render::{self, junit};

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
                print!("{}", show::missing_kata(kata));
            }
            here
        });
    }
    let files: Vec<Option<Vec<u8>>> = katas.iter().map(|k| kata_file(workbook, k)).collect();
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
        passed += usize::from(ok);
        print!("{}", show::verify_line(kata, judged, target, ok));
    }
    if target == Target::Exercise && judged.iter().any(|j| j.verdict.passed()) {
        update_progress(&workbook.root, |p| {
            for ((kata, judged), file) in katas.iter().zip(&judged).zip(&files) {
                if judged.verdict.passed() {
                    p.mark_passed(&kata.name, file.as_deref());
                }
            }
        })?;
    }
    let mut total = katas.len() + missing;
    let pinned = katas
        .iter()
        .any(|k| k.shipped == ShippedFailure::CompileError);
    if target == Target::Shipped && pinned {
        total += 1;
        let (pinned_match, said) = build::pinned_diagnostics(&workbook.root, false)?;
        if !pinned_match {
            println!("{}", &said);
        }
        passed += usize::from(pinned_match);
        print!(
            "{}",
            show::check_line(
                if pinned_match {
                    "pinned compiler diagnostics (trybuild)"
                } else {
                    "pinned compiler diagnostics (trybuild): see above"
                },
                Some(pinned_match),
                None,
            )
        );
    }
    print!("{}", show::tally(passed, total - passed));
    Ok(Outcome::from_pass(passed == total))
}

/// `cargo xtask verify --report <format> [--out FILE]`.
///
/// Without `--out` the report is all that is printed, so it can be piped;
/// with it, the usual one line per kata is printed and the report written.
pub fn report(
    workbook: &Workbook,
    names: &[String],
    target: Target,
    format: ReportFormat,
    out: Option<&Path>,
) -> Result<Outcome> {
    let katas = workbook.catalog.select(names)?;
    // With `--out`, each result is also kept as it comes (beside the
    // report, removed once it is written): a grading stopped half-way
    // keeps what was judged.
    let progress = out.map(grading::progress_file);
    if let Some(progress) = &progress {
        let _ = std::fs::remove_file(progress);
    }
    let report = grading::grade_as_it_goes(
        workbook,
        &katas,
        target,
        progress.as_deref(),
        &render::grading::WORDS,
    );
    let text = match format {
        ReportFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
        ReportFormat::Junit => junit::to_junit(&report),
    };
    match out {
        None => print!("{text}"),
        Some(path) => {
            std::fs::write(path, &text)
                .with_context(|| failed::on_the(Doing::Write, Thing::Report, path))?;
            let _ = std::fs::remove_file(grading::progress_file(path));
            for test in &report.tests {
                print!("{}", render::grading::report_line(test));
            }
            print!("{}", render::learner::report_written(&report, path));
        }
    }
    Ok(if report.status == Status::Pass {
        Outcome::Passed
    } else {
        Outcome::Failed
    })
}
