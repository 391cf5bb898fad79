//! A check's schedule search is certain within its bound and the same on
//! every run: every schedule with few preemptions at the smallest numbers,
//! then random ones seeded from the program's text. A wrong attempt that
//! only some schedules catch is caught on every check, on a schedule with
//! the fewest preemptions, which its choices replay.

use std::path::Path;

use xtask::core::explore::Scheduler;
use xtask::core::judge::explore_stage::{self, Depth, Exploration, Explored};
use xtask::core::judge::trace::{self, Tracing};
use xtask::core::workbook::Workbook;
use xtask::maintainer::attempts;
use xtask::render::not_run;

fn workbook() -> Workbook {
    Workbook::open(xtask::core::workbook::runner_root()).expect("the catalog is valid")
}

fn search(workbook: &Workbook, kata: &str, source: &Path) -> Explored {
    let kata = workbook.catalog.find(kata).expect("a kata");
    match explore_stage::check_search_file(workbook, kata, source, Depth::Quick)
        .expect("the explorer runs")
    {
        Exploration::Explored(explored) => explored,
        Exploration::Unavailable { reason } => panic!("not explored: {}", not_run::reason(&reason)),
    }
}

#[test]
fn a_race_some_schedules_show_is_caught_on_every_check_and_replays() {
    let wb = workbook();
    let source = Path::new(attempts::DIR).join("fan_in/done_counter_race.rs");
    if !wb.root.join(&source).is_file() {
        eprintln!("note: this copy has no attempt corpus (a handout)");
        return;
    }
    let mut seen = Vec::new();
    for _ in 0..3 {
        let explored = search(&wb, "fan_in", &source);
        let finding = explored.finding.expect("the race is caught");
        assert_eq!(finding.scheduler, Scheduler::Bounded);
        let bounded = finding
            .bounded
            .clone()
            .expect("found by the bounded search");
        // One preemption: between main's empty `try_recv` and its look at
        // the counter. None fails without one.
        assert_eq!(bounded.preemptions, 1);
        assert_eq!(
            explored.params,
            explore_stage::bounded_params(wb.catalog.find("fan_in").unwrap())
        );
        seen.push((finding.seed, bounded.choices.clone()));
        // Its choices replay it, and it fails again.
        let kata = wb.catalog.find("fan_in").unwrap();
        let traced = trace::trace(
            &wb,
            kata,
            &source,
            &explored.params,
            finding.seed,
            finding.scheduler,
            &finding.replay_env(),
        )
        .expect("the explorer runs");
        match traced {
            Tracing::Traced(traced) => assert!(traced.finding.is_some(), "the replay fails too"),
            Tracing::Unavailable { reason } => panic!("no trace: {}", not_run::reason(&reason)),
        }
    }
    seen.dedup();
    assert_eq!(seen.len(), 1, "the same schedule on every check: {seen:?}");
}

#[test]
fn a_solution_passes_every_schedule_within_the_bound_and_the_same_random_ones() {
    let wb = workbook();
    let kata = wb.catalog.find("fan_in").unwrap();
    if !wb.root.join(&kata.solution).is_file() {
        eprintln!("note: this copy has no solutions (a handout)");
        return;
    }
    let first = search(&wb, "fan_in", &kata.solution);
    let again = search(&wb, "fan_in", &kata.solution);
    assert!(first.finding.is_none());
    let searched = first.searched();
    let bounded = searched.bounded.clone().expect("a bounded search ran");
    assert_eq!(bounded.params, explore_stage::bounded_params(kata));
    let (k, schedules) = bounded
        .bound
        .expect("at least every schedule without a preemption");
    assert!(
        k >= 1,
        "fan_in at its smallest numbers is searched to one preemption or more"
    );
    assert!(schedules > 1);
    // The same file: the same numbers and the same schedules.
    assert_eq!(searched, again.searched());
    assert_eq!(first.distinct, again.distinct);
}
