//! `explore`: any kata under many thread schedules, with a report of what
//! was found, a deadlock or an interleaving that breaks the check.

use std::time::Duration;

use anyhow::{Result, bail};

use crate::base::build;
use crate::cli::{ExploreArgs, Outcome};
use crate::core::checks;
use crate::core::explore::{Scheduler, Settings};
use crate::core::judge::Verdict;
use crate::core::judge::explore_stage::{self, Exploration};
use crate::core::workbook::{Target, Workbook};
use crate::render::{not_run, track, verdict as show};

/// Upper bound on the time `cargo xtask explore` spends searching.
pub const COMMAND_BUDGET: Duration = Duration::from_secs(60);

/// `cargo xtask explore <kata>`: any kata, any number of schedules.
pub fn explore(workbook: &Workbook, request: &ExploreArgs) -> Result<Outcome> {
    let kata = workbook.catalog.find(&request.name)?;
    let target = if request.solution {
        Target::Solution
    } else {
        Target::Exercise
    };
    let source = if request.solution {
        &kata.solution
    } else {
        &kata.path
    };
    let mut params = checks::params_with(kata, &request.params)?;
    if request.bounded {
        // The bounded search's own parameters, except those given.
        for (name, value) in explore_stage::bounded_params(kata) {
            if !request.params.iter().any(|(given, _)| *given == name) {
                params.insert(name, value);
            }
        }
    }
    let index = workbook.catalog.position(&kata.name).unwrap_or(0);
    print!(
        "{}",
        track::heading(kata, index, workbook.catalog.katas.len())
    );
    // Compile errors read better from the program as written than from its
    // rewritten copy.
    let bin = target.bin(kata);
    let package = if request.solution {
        build::Package::Solutions
    } else {
        build::Package::Exercises
    };
    if let Some(build::BinBuild::Failed { errors }) =
        build::build(&workbook.root, package, &[bin.as_str()], workbook.color)?.remove(&bin)
    {
        print!(
            "{}",
            show::verdict(kata, &Verdict::CompileError { errors }, &[])
        );
        return Ok(Outcome::Failed);
    }
    let settings = Settings {
        scheduler: if request.bounded {
            Scheduler::Bounded
        } else if request.pct {
            Scheduler::Pct
        } else {
            Scheduler::Random
        },
        seed: request.seed.unwrap_or_else(explore_stage::fresh_seed),
        iterations: request.iterations,
        budget: COMMAND_BUDGET,
    };
    match explore_stage::explore(workbook, kata, source, &params, &settings)? {
        Exploration::Unavailable { reason } => {
            bail!("{}", not_run::cannot_explore(source, &reason))
        }
        Exploration::Explored(explored) => {
            print!("{}", show::exploration(kata, source, &explored));
            Ok(if explored.finding.is_none() {
                Outcome::Passed
            } else {
                Outcome::Failed
            })
        }
    }
}
