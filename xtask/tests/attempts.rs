//! The checks tell wrong programs from right ones: every attempt of the corpus
//! (`xtask/attempts/`) gets the verdict `attempts.toml` declares for it.
//!
//! The reference solutions prove that a check accepts one correct program;
//! these prove that it rejects the usual mistakes and still accepts correct
//! programs written another way.

use std::collections::BTreeSet;
use std::path::Path;

use xtask::base::build::Package;
use xtask::core::judge::explore_stage::{self, Depth, Problem};
use xtask::core::judge::{Candidate, Status, Verdict};
use xtask::core::workbook::Workbook;
use xtask::maintainer::attempts::{self, Attempt};
use xtask::render::problem;

/// The concurrent katas every workbook must cover with wrong and right attempts.
const CORE_KATAS: &[&str] = &["fan_in", "bounded_producer", "rendezvous", "clean_shutdown"];

fn workbook() -> Workbook {
    Workbook::open(xtask::core::workbook::runner_root()).expect("the catalog is valid")
}

fn corpus(workbook: &Workbook) -> Vec<Attempt> {
    attempts::load(&workbook.root, &workbook.catalog).expect("attempts.toml is valid")
}

/// The corpus, or only the katas `ATTEMPTS_KATAS` names (comma-separated),
/// for a quick look at the attempts of the katas one is working on.
fn judged_corpus(workbook: &Workbook) -> Vec<Attempt> {
    let only = std::env::var("ATTEMPTS_KATAS").unwrap_or_default();
    let only: Vec<&str> = only.split(',').filter(|k| !k.is_empty()).collect();
    corpus(workbook)
        .into_iter()
        .filter(|a| only.is_empty() || only.contains(&a.kata.as_str()))
        .collect()
}

/// One cargo build of the whole package, then every check in parallel.
#[test]
fn every_attempt_gets_its_expected_verdict() {
    let wb = workbook();
    let corpus = judged_corpus(&wb);
    let candidates: Vec<Candidate> = corpus
        .iter()
        .map(|a| Candidate {
            kata: wb.catalog.find(&a.kata).expect("checked by load"),
            bin: a.bin(),
            give_up: None,
        })
        .collect();
    let mut judged = wb
        .judge_bins(Package::Attempts, &candidates)
        .expect("cargo builds the attempts");
    // Then under many thread schedules, as a learner's file of an explored
    // kata is: a wrong attempt that real threads catch only when a race goes
    // one way (a buffer of one posing as a rendezvous) is caught every time.
    for (attempt, judged) in corpus.iter().zip(judged.iter_mut()) {
        let kata = wb.catalog.find(&attempt.kata).expect("checked by load");
        let source = Path::new(attempts::DIR).join(&attempt.file);
        explore_stage::refine_source(&wb, kata, &source, judged, Depth::Thorough)
            .expect("the explorer runs");
    }
    let wrong: Vec<String> = corpus
        .iter()
        .zip(&judged)
        .filter(|(attempt, judged)| {
            !attempts::accepts(attempt.expect, &judged.verdict)
                || !attempt
                    .says
                    .iter()
                    .all(|words| explain(&judged.verdict).contains(words.as_str()))
        })
        .map(|(attempt, judged)| {
            format!(
                "{} ({}): expected {}{}, got {}\n  {}",
                attempt.bin(),
                attempt.reason,
                attempt.expect,
                if attempt.says.is_empty() {
                    String::new()
                } else {
                    format!(" saying {:?}", attempt.says)
                },
                judged.verdict.status(),
                explain(&judged.verdict)
            )
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "attempts judged otherwise than declared:\n{}",
        wrong.join("\n")
    );
}

/// What a verdict found, for the failure message of a test.
fn explain(verdict: &Verdict) -> String {
    match verdict {
        Verdict::Pass => "the check found nothing wrong".to_string(),
        Verdict::CompileError { errors } => errors
            .iter()
            .map(|e| e.rendered.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        Verdict::Timeout { output, .. } => {
            format!("still running; stdout: {}", output.stdout_text())
        }
        Verdict::Fail {
            facts, expected, ..
        } if facts.problems.is_empty() => format!(
            "facts:\n{}snapshot:\n{}",
            facts.text,
            expected.as_deref().unwrap_or("(none recorded)\n")
        ),
        Verdict::Fail { facts, .. } => problem::problems(&facts.problems),
        Verdict::Recorded { problems, .. } => problem::problems(problems),
        Verdict::Schedule { finding, .. } => match &finding.problem {
            Problem::Channels { problems } => problem::problems(problems),
            Problem::Broken { facts, .. } => problem::problems(&facts.problems),
            other => format!("{other:?}"),
        },
        other => format!("{other:?}"),
    }
}

/// `attempts.toml` and the package's `[[bin]]` list name the same programs.
#[test]
fn every_listed_attempt_is_a_binary_of_the_package_and_back() {
    let wb = workbook();
    let listed: BTreeSet<(String, String)> = corpus(&wb)
        .iter()
        .map(|a| (a.bin(), format!("{}", a.file.display())))
        .collect();
    let manifest = wb.root.join(attempts::DIR).join("Cargo.toml");
    let manifest: toml::Table = std::fs::read_to_string(&manifest)
        .expect("the package has a manifest")
        .parse()
        .expect("the manifest is TOML");
    let bins: BTreeSet<(String, String)> = manifest["bin"]
        .as_array()
        .expect("[[bin]] entries")
        .iter()
        .map(|bin| {
            (
                bin["name"].as_str().unwrap().to_string(),
                bin["path"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        listed.difference(&bins).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "listed, no [[bin]]"
    );
    assert_eq!(
        bins.difference(&listed).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "[[bin]], not listed"
    );
    for (_, path) in &bins {
        assert!(
            wb.root.join(attempts::DIR).join(path).is_file(),
            "{path} is missing"
        );
    }
}

/// Each core concurrent kata of the track has a correct attempt written
/// differently from the reference, and a wrong one its check must reject.
#[test]
fn every_core_kata_has_right_and_wrong_attempts() {
    let wb = workbook();
    let corpus = corpus(&wb);
    for kata in CORE_KATAS
        .iter()
        .filter(|k| wb.catalog.position(k).is_some())
    {
        let expects: Vec<Status> = corpus
            .iter()
            .filter(|a| a.kata == *kata)
            .map(|a| a.expect)
            .collect();
        assert!(
            expects.contains(&Status::Pass),
            "{kata} has no correct attempt"
        );
        assert!(
            expects.iter().any(|e| *e != Status::Pass),
            "{kata} has no wrong attempt"
        );
    }
}

/// The katas whose corpus is short of two wrong attempts that print a
/// correct output and one right attempt, and why.
const SHORT: &[(&str, &str)] = &[(
    "restore_order",
    "printing its own copy of the sentence after draining the channel cannot be observed",
)];

/// Every kata has at least two wrong attempts and one right one written
/// differently from the reference, but for the few listed with a reason.
#[test]
fn every_kata_has_two_wrong_attempts_and_a_right_one() {
    let wb = workbook();
    let corpus = corpus(&wb);
    for kata in &wb.catalog.katas {
        let expects: Vec<Status> = corpus
            .iter()
            .filter(|a| a.kata == kata.name)
            .map(|a| a.expect)
            .collect();
        let right = expects.iter().filter(|e| **e == Status::Pass).count();
        let wrong = expects.len() - right;
        let complete = right >= 1 && wrong >= 2;
        let excused = SHORT.iter().any(|(name, _)| *name == kata.name);
        assert!(
            complete != excused,
            "{}: {wrong} wrong and {right} right attempts, {}",
            kata.name,
            if excused {
                "but it is listed as short: take it off the list"
            } else {
                "and it is not listed as short"
            }
        );
    }
}
