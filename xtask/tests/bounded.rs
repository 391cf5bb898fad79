//! A check's schedule search is certain within its bound and the same on
//! every run: every schedule with few preemptions at small numbers,
//! then random ones seeded from the program's text. A wrong attempt that
//! only some schedules catch is caught on every check, on a schedule with
//! the fewest preemptions, which its choices replay.

use std::path::Path;
use std::time::Instant;

use xtask::core::explore::Scheduler;
use xtask::core::judge::Status;
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
        "fan_in at its small numbers is searched to one preemption or more"
    );
    assert!(schedules > 1);
    // The same file: the same numbers and the same schedules.
    assert_eq!(searched, again.searched());
    assert_eq!(first.distinct, again.distinct);
}

/// Every explored kata's reference solution passes every schedule of its
/// bounded search, and that search is exactly what the catalog says:
/// every schedule with at most `preemptions` preemptions at its parameters,
/// `schedules` of them. The search is deterministic, so the counts are held
/// exactly; a change to the explorer or a solution that moves them is seen
/// here, and the catalog's figures are measured again (the table this prints).
#[test]
fn every_explored_solution_completes_the_catalogs_bounded_search() {
    let wb = workbook();
    let mut table = Vec::new();
    let mut wrong = Vec::new();
    for kata in wb.catalog.katas.iter().filter(|k| k.explore) {
        let Some(budget) = &kata.bounded_search else {
            wrong.push(format!("{}: no bounded_search in the catalog", kata.name));
            continue;
        };
        if !wb.root.join(&kata.solution).is_file() {
            eprintln!("note: this copy has no solutions (a handout)");
            return;
        }
        let params = explore_stage::bounded_params(kata);
        let settings = explore_stage::bounded_settings(kata, Depth::Thorough);
        // Built first, so that the time below is the search's alone.
        let _ = explore_stage::explore(&wb, kata, &kata.solution, &params, &{
            let mut one = settings.clone();
            one.iterations = 1;
            one
        });
        let started = Instant::now();
        let explored = match explore_stage::explore(&wb, kata, &kata.solution, &params, &settings)
            .expect("the explorer runs")
        {
            Exploration::Explored(explored) => explored,
            Exploration::Unavailable { reason } => {
                wrong.push(format!("{}: {}", kata.name, not_run::reason(&reason)));
                continue;
            }
        };
        let took = started.elapsed();
        let numbers: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
        table.push(format!(
            "{:<24} {:<34} K={} {:>6} schedules {:>6.0} ms",
            kata.name,
            numbers.join(", "),
            explored
                .bound
                .map_or("-".to_string(), |(k, _)| k.to_string()),
            explored.bound.map_or(explored.executions, |(_, n)| n),
            took.as_secs_f64() * 1000.0
        ));
        if explored.finding.is_some() {
            wrong.push(format!("{}: the solution fails a schedule", kata.name));
        }
        if explored.bound != Some((budget.preemptions, budget.schedules)) {
            wrong.push(format!(
                "{}: the catalog says every schedule with at most {} preemptions, {} of them; \
                 the search completed {:?} (bound, schedules) in {} executions",
                kata.name,
                budget.preemptions,
                budget.schedules,
                explored.bound,
                explored.executions
            ));
        }
    }
    eprintln!("{}", table.join("\n"));
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every wrong attempt of the corpus in an explored kata that runs is caught
/// by the schedule search alone, whatever its real runs did: the search is
/// seeded from the file, so it is caught on every check (100 of 100), not
/// only when a race on real threads goes its way. The table says which part
/// caught each one (`-- --nocapture`).
#[test]
fn every_wrong_attempt_is_caught_by_the_search_alone() {
    let wb = workbook();
    if !wb.root.join(attempts::DIR).is_dir() {
        eprintln!("note: this copy has no attempt corpus (a handout)");
        return;
    }
    let only = std::env::var("ATTEMPTS_KATAS").unwrap_or_default();
    let only: Vec<&str> = only.split(',').filter(|k| !k.is_empty()).collect();
    let corpus = attempts::load(&wb.root, &wb.catalog).expect("attempts.toml is valid");
    let mut table = Vec::new();
    let mut missed = Vec::new();
    for attempt in corpus {
        let kata = wb.catalog.find(&attempt.kata).expect("checked by load");
        let wrong = matches!(
            attempt.expect,
            Status::Fail | Status::Timeout | Status::Deadlock
        );
        if !kata.explore || !wrong || !(only.is_empty() || only.contains(&kata.name.as_str())) {
            continue;
        }
        let source = Path::new(attempts::DIR).join(&attempt.file);
        let caught = match explore_stage::check_search_file(&wb, kata, &source, Depth::Thorough)
            .expect("the explorer runs")
        {
            Exploration::Unavailable { reason } => {
                format!(
                    "not explored: {}",
                    not_run::reason(&reason).lines().next().unwrap_or("")
                )
            }
            Exploration::Explored(explored) => match &explored.finding {
                Some(finding) => match &finding.bounded {
                    Some(bounded) => format!(
                        "bounded search, {} preemption(s), {} of {} schedules fail",
                        bounded.preemptions, finding.failing, finding.explored
                    ),
                    None => format!(
                        "random part, {} of {} schedules fail",
                        finding.failing, finding.explored
                    ),
                },
                None => {
                    missed.push(attempt.bin());
                    "MISSED".to_string()
                }
            },
        };
        table.push(format!("{:<48} {caught}", attempt.bin()));
    }
    eprintln!("{}", table.join("\n"));
    assert!(missed.is_empty(), "not caught by the search: {missed:?}");
}

/// `verify` and grading search every explored solution alike twice: the
/// same bounded search, the same random numbers and schedules, the same
/// outcomes. (Their verdicts print what was searched, so the same file gets
/// the same words.)
#[test]
fn a_thorough_search_is_the_same_twice_for_every_explored_solution() {
    let wb = workbook();
    for kata in wb.catalog.katas.iter().filter(|k| k.explore) {
        if !wb.root.join(&kata.solution).is_file() {
            eprintln!("note: this copy has no solutions (a handout)");
            return;
        }
        let twice: Vec<(Option<_>, usize)> = (0..2)
            .map(|_| {
                match explore_stage::check_search_file(&wb, kata, &kata.solution, Depth::Thorough)
                    .expect("the explorer runs")
                {
                    Exploration::Explored(explored) => {
                        assert!(explored.finding.is_none(), "{} fails", kata.name);
                        (Some(explored.searched()), explored.distinct)
                    }
                    Exploration::Unavailable { .. } => (None, 0),
                }
            })
            .collect();
        assert_eq!(twice[0], twice[1], "{}", kata.name);
        let searched = twice[0].0.clone().expect("an explored kata is explored");
        let bounded = searched.bounded.expect("a bounded search ran");
        // Without numbers, the random part runs schedules with more preemptions.
        assert!(
            kata.params.is_empty() || bounded.params != searched.random.0,
            "{}: the random part searches other numbers",
            kata.name
        );
    }
}
