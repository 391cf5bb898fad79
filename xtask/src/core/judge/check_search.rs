//! The schedule search a check makes of a passing program of an explored
//! kata: first every schedule with few preemptions at small numbers (the
//! kata's `bounded_search` in the catalog), then random schedules at larger
//! numbers. Both are seeded from the program's text and its numbers, and
//! both stop at a number of schedules, not at a time (but for a program far
//! slower than the solution): the same file gets the same search, and so
//! the same verdict, on every check and every machine.

use std::path::Path;
use std::time::Duration;

use anyhow::Result;

use crate::core::catalog::Kata;
use crate::core::checks::{self, Params};
use crate::core::explore::{Scheduler, Settings};
use crate::core::workbook::Workbook;

use super::explore_stage::{
    Depth, Exploration, Explored, check_settings, explore_program, program_of,
};

/// Preemptions of the bounded search of a kata the catalog gives none for
/// (`cargo xtask explore --bounded` of a kata not explored, say).
pub const DEFAULT_PREEMPTIONS: usize = 2;

/// Schedules of the bounded search of a kata the catalog gives no count for.
const DEFAULT_SCHEDULES: u64 = 300;

/// The bounded search runs at most this many times the schedules it takes on
/// the solution (and at least [`MIN_SCHEDULES`]): a program with more
/// points where threads meet than the solution has is searched as far as
/// that allows, and its verdict says which bound it completed.
const SCHEDULES_PER_SOLUTIONS: u64 = 3;

const MIN_SCHEDULES: u64 = 300;

/// What a check's schedule search covered, for the verdict to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Searched {
    /// The bounded search, if one ran.
    pub bounded: Option<BoundedCovered>,
    /// The random part: its parameters and schedules run.
    pub random: (Params, u64),
}

/// What a bounded search covered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundedCovered {
    pub params: Params,
    /// Schedules run.
    pub run: u64,
    /// The largest `k` such that every schedule with at most `k`
    /// preemptions was run, and how many those were.
    pub bound: Option<(usize, u64)>,
}

impl Explored {
    /// What this search (and the bounded one before it) covered.
    pub fn searched(&self) -> Searched {
        let bounded = self.bounded_first.as_ref().map(|b| BoundedCovered {
            params: b.params.clone(),
            run: b.executions,
            bound: b.bound,
        });
        Searched {
            bounded,
            random: (self.params.clone(), self.executions),
        }
    }
}

/// The bounded search's parameters: the catalog's `bounded_search`, and the
/// low end of its range for a parameter it does not name.
pub fn bounded_params(kata: &Kata) -> Params {
    let named = kata.bounded_search.as_ref().map(|s| &s.params);
    kata.params
        .iter()
        .map(|(name, range)| {
            let value = named.and_then(|p| p.get(name)).copied();
            (name.clone(), value.unwrap_or(range.low))
        })
        .collect()
}

/// The most preemptions the bounded search of `kata` raises its bound to.
pub fn bounded_preemptions(kata: &Kata) -> usize {
    kata.bounded_search
        .as_ref()
        .map_or(DEFAULT_PREEMPTIONS, |s| s.preemptions)
}

/// The bounded search of a check of `kata`: every schedule with no
/// preemption, then every one with at most one, two, up to
/// [`bounded_preemptions`], as far as its schedules go. The same at both
/// depths: a pass proves the same in `run` as in `verify`.
pub fn bounded_settings(kata: &Kata, depth: Depth) -> Settings {
    let solution = kata
        .bounded_search
        .as_ref()
        .map_or(DEFAULT_SCHEDULES, |s| s.schedules);
    Settings {
        scheduler: Scheduler::Bounded,
        seed: 0,
        iterations: (solution * SCHEDULES_PER_SOLUTIONS).max(MIN_SCHEDULES),
        // Only a program far slower than the solution gets near it.
        budget: match depth {
            Depth::Quick => Duration::from_secs(1),
            Depth::Thorough => Duration::from_secs(4),
        },
    }
}

/// A seed from the program's text and, once drawn, its parameters (FNV-1a,
/// the same on every machine): a re-run, a second grading or another
/// machine searches the same schedules of the same file.
pub fn content_seed(program: &str, params: Option<&Params>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    eat(program.as_bytes());
    for (name, value) in params.into_iter().flatten() {
        eat(format!("\n{name}={value}").as_bytes());
    }
    hash
}

/// The random part's parameters, drawn from `rng`: never the bounded
/// search's own, where the kata's ranges leave any other (every schedule
/// with few preemptions there has been run already).
fn random_params(kata: &Kata, small: &Params, rng: &mut fastrand::Rng) -> Params {
    let mut params = checks::draw_search_params(kata, rng);
    for _ in 0..16 {
        if params != *small {
            break;
        }
        params = checks::draw_search_params(kata, rng);
    }
    if params == *small {
        // A range's lower half may be one number: the upper half, then.
        params = checks::draw_params(kata, rng);
    }
    params
}

/// The search a check makes of a passing `program`: every schedule with few
/// preemptions at the bounded search's parameters, then, if none fails,
/// random ones at larger parameters; both seeded from the program's text,
/// so the same file gets the same search.
pub fn check_search(
    workbook: &Workbook,
    kata: &Kata,
    program: &str,
    depth: Depth,
) -> Result<Exploration> {
    let small = bounded_params(kata);
    let settings = bounded_settings(kata, depth);
    let bounded = match explore_program(workbook, kata, program, &small, &settings)? {
        Exploration::Explored(explored) if explored.finding.is_none() => explored,
        decided => return Ok(decided),
    };
    let mut rng = fastrand::Rng::with_seed(content_seed(program, None));
    let params = random_params(kata, &small, &mut rng);
    let settings = check_settings(depth, content_seed(program, Some(&params)));
    let mut random = explore_program(workbook, kata, program, &params, &settings)?;
    if let Exploration::Explored(explored) = &mut random {
        explored.bounded_first = Some(Box::new(bounded));
    }
    Ok(random)
}

/// `check_search` of the file `source` of the workbook.
pub fn check_search_file(
    workbook: &Workbook,
    kata: &Kata,
    source: &Path,
    depth: Depth,
) -> Result<Exploration> {
    let program = program_of(workbook, source)?;
    check_search(workbook, kata, &program, depth)
}
