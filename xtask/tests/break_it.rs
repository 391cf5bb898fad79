//! "Break it" (`cargo xtask step <kata> --break-it`): every explored kata of
//! the chapters "Flow control" and "Shutdown and deadlock" has a wrong
//! variant of its solution, and the explorer finds a schedule that breaks the
//! variant's check, which the correct solution passes on the same seed.

use std::path::Path;

use xtask::core::checks::{self, Params};
use xtask::core::judge::explore_stage::{self, Depth, Exploration, Finding};
use xtask::core::judge::step;
use xtask::core::judge::trace::{self, Tracing};
use xtask::core::workbook::Workbook;
use xtask::render::not_run;

fn workbook() -> Workbook {
    Workbook::open(xtask::core::workbook::runner_root()).expect("the catalog is valid")
}

/// The lowest value of each parameter: the smallest program, the fastest search.
fn smallest(workbook: &Workbook, name: &str) -> Params {
    let kata = workbook.catalog.find(name).unwrap();
    let low: Vec<(String, usize)> = kata
        .params
        .iter()
        .map(|(k, range)| (k.clone(), range.low))
        .collect();
    checks::params_with(kata, &low).unwrap()
}

/// The first failing schedule the explorer finds for `source`, if any.
fn search(workbook: &Workbook, name: &str, source: &Path, params: &Params) -> Option<Finding> {
    let kata = workbook.catalog.find(name).unwrap();
    let settings = explore_stage::check_settings(Depth::Quick, 1);
    match explore_stage::explore(workbook, kata, source, params, &settings).unwrap() {
        Exploration::Explored(explored) => explored.finding,
        Exploration::Unavailable { reason } => {
            panic!("`{name}` is not explored: {}", not_run::reason(&reason))
        }
    }
}

/// The verdict of `kata`'s check on the one schedule `finding` names.
fn fails_on(workbook: &Workbook, name: &str, source: &Path, params: &Params, f: &Finding) -> bool {
    let kata = workbook.catalog.find(name).unwrap();
    match trace::trace(workbook, kata, source, params, f.seed, f.scheduler, &[]).unwrap() {
        Tracing::Traced(traced) => traced.finding.is_some(),
        Tracing::Unavailable { reason } => panic!("not traced: {}", not_run::reason(&reason)),
    }
}

/// Writes `name`'s break-it variant under the temporary root `dir`, from a
/// copy of the kata whose solution is the workbook's own file, by its full
/// path; returns the variant's path.
fn write_variant(workbook: &Workbook, name: &str, dir: &Path) -> std::path::PathBuf {
    let kata = workbook.catalog.find(name).unwrap();
    let flaw = step::break_it(name).expect("a break-it variant");
    let mut copy = kata.clone();
    copy.solution = workbook.root.join(&kata.solution);
    dir.join(step::write_variant(dir, &copy, &flaw).unwrap())
}

fn breaking_schedule_exists_and_the_solution_passes_on_it(name: &str) {
    let workbook = workbook();
    let kata = workbook.catalog.find(name).unwrap();
    assert!(kata.explore, "`{name}` is explored");
    let flaw = step::break_it(name).expect("a break-it variant");
    let dir = tempfile::tempdir().unwrap();
    let variant = write_variant(&workbook, name, dir.path());
    let text = std::fs::read_to_string(&variant).unwrap();
    assert!(text.contains(flaw.to), "{text}");
    let params = smallest(&workbook, name);

    let finding = search(&workbook, name, &variant, &params)
        .unwrap_or_else(|| panic!("no schedule breaks the `{name}` variant ({})", flaw.flaw));
    assert!(
        fails_on(&workbook, name, &variant, &params, &finding),
        "seed {} does not replay the variant's failure",
        finding.seed
    );
    assert!(
        !fails_on(&workbook, name, &kata.solution, &params, &finding),
        "the solution of `{name}` fails on seed {}",
        finding.seed
    );
    // And the solution holds on the whole search, not only on that seed.
    assert!(
        search(&workbook, name, &kata.solution, &params).is_none(),
        "the explorer found a schedule that fails the solution of `{name}`"
    );
}

#[test]
fn every_explored_flow_control_and_shutdown_kata_has_a_break_it_variant() {
    let workbook = workbook();
    let mut expected: Vec<&str> = workbook
        .catalog
        .katas
        .iter()
        .filter(|k| k.chapter == "Flow control" || k.chapter == "Shutdown and deadlock")
        .filter(|k| k.explore)
        .map(|k| k.name.as_str())
        .collect();
    let mut listed = step::BREAK_IT.to_vec();
    expected.sort_unstable();
    listed.sort_unstable();
    assert_eq!(listed, expected);
    for name in step::BREAK_IT {
        assert!(step::break_it(name).is_some(), "{name}");
    }
    // The one that is not explored says why in the catalog.
    for kata in workbook.catalog.katas.iter().filter(|k| {
        (k.chapter == "Flow control" || k.chapter == "Shutdown and deadlock") && !k.explore
    }) {
        let why = kata.unexplored.as_deref().unwrap_or_default();
        assert!(why.contains("break it"), "{}: {why}", kata.name);
        assert!(not_run::reason(&trace::not_explored(kata)).contains(why.trim_end_matches('.')));
    }
}

#[test]
fn break_it_bounded_producer() {
    breaking_schedule_exists_and_the_solution_passes_on_it("bounded_producer");
}

#[test]
fn break_it_rendezvous() {
    breaking_schedule_exists_and_the_solution_passes_on_it("rendezvous");
}

#[test]
fn break_it_unbounded_backlog() {
    breaking_schedule_exists_and_the_solution_passes_on_it("unbounded_backlog");
}

#[test]
fn break_it_clean_shutdown() {
    breaking_schedule_exists_and_the_solution_passes_on_it("clean_shutdown");
}

/// A challenge, not a given: clean_shutdown's variant passes on some
/// schedules (every producer done before `main` first polls) and fails on
/// others, so breaking it takes a choice of schedule.
#[test]
fn clean_shutdown_s_variant_passes_on_some_schedules() {
    let workbook = workbook();
    let name = "clean_shutdown";
    let kata = workbook.catalog.find(name).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let variant = write_variant(&workbook, name, dir.path());
    let params = smallest(&workbook, name);
    let finding = search(&workbook, name, &variant, &params).expect("a breaking schedule");
    let passing = (1..=100).find(|&seed| {
        match trace::trace(
            &workbook,
            kata,
            &variant,
            &params,
            seed,
            finding.scheduler,
            &[],
        )
        .unwrap()
        {
            Tracing::Traced(traced) => traced.finding.is_none(),
            Tracing::Unavailable { reason } => panic!("not traced: {}", not_run::reason(&reason)),
        }
    });
    assert!(
        passing.is_some(),
        "every schedule of 100 breaks the variant: no challenge"
    );
}

#[test]
fn break_it_drop_before_iterating() {
    breaking_schedule_exists_and_the_solution_passes_on_it("drop_before_iterating");
}

#[test]
fn break_it_recv_before_send() {
    breaking_schedule_exists_and_the_solution_passes_on_it("recv_before_send");
}

#[test]
fn break_it_same_thread_rendezvous() {
    breaking_schedule_exists_and_the_solution_passes_on_it("same_thread_rendezvous");
}

#[test]
fn a_copy_without_the_solutions_says_why_there_is_no_variant() {
    let workbook = workbook();
    let kata = workbook.catalog.find("rendezvous").unwrap();
    let flaw = step::break_it("rendezvous").unwrap();
    let empty = tempfile::tempdir().unwrap();
    let err = step::write_variant(empty.path(), kata, &flaw).unwrap_err();
    let said = format!("{err:#}");
    assert!(said.contains("made from its reference solution"), "{said}");
    assert!(said.contains("handout leaves the solutions out"), "{said}");
}
