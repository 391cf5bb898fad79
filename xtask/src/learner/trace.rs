//! `trace`: one schedule of a kata drawn, in the terminal and, with
//! `--html`, as a web page.

use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::base::build;
use crate::cli::{Outcome, TraceArgs};
use crate::core::catalog::Kata;
use crate::core::checks;
use crate::core::explore::Scheduler;
use crate::core::judge::explore_stage::{self, Depth, Exploration};
use crate::core::judge::trace::{self, Tracing};
use crate::core::judge::{Verdict, last_failure};
use crate::core::workbook::{Target, Workbook};
use crate::render::failed::{self, Doing};
use crate::render::{not_run, trace as draw, trace_html, track, verdict as show};

/// `cargo xtask trace <kata>`.
pub fn trace(workbook: &Workbook, request: &TraceArgs) -> Result<Outcome> {
    let kata = workbook.catalog.find(&request.name)?;
    if !kata.explore {
        bail!("{}", not_run::reason(&trace::not_explored(kata)));
    }
    let params = checks::params_with(kata, &request.params)?;
    let index = workbook.catalog.position(&kata.name).unwrap_or(0);
    print!(
        "{}",
        track::heading(kata, index, workbook.catalog.katas.len())
    );
    let (target, source) = if request.solution {
        (Target::Solution, &kata.solution)
    } else {
        (Target::Exercise, &kata.path)
    };
    if !compiles(workbook, kata, target)? {
        return Ok(Outcome::Failed);
    }
    let chosen = choose_schedule(workbook, kata, request, source, params)?;
    let Chosen {
        seed,
        scheduler,
        replay,
        params,
    } = chosen;
    let mut traced = match trace::trace(workbook, kata, source, &params, seed, scheduler, &replay)?
    {
        Tracing::Unavailable { reason } => {
            bail!("{}", not_run::cannot_trace(source, &reason))
        }
        Tracing::Traced(traced) => traced,
    };
    // A schedule of the bounded search is replayed by its choices.
    if let Some((_, choices)) = replay.first() {
        let choices = explore_protocol::parse_choices(choices).unwrap_or_default();
        traced.stepped = Some(crate::render::schedule::step_command(
            kata,
            &params,
            &choices,
            request.solution,
        ));
    }
    print!("{}", draw::view(&traced, request.all));
    if let Some(file) = &request.html {
        std::fs::write(file, trace_html::page(&traced))
            .with_context(|| failed::on(Doing::Write, file))?;
        print!("{}", crate::render::learner::wrote_page(file));
    }
    Ok(if traced.finding.is_none() {
        Outcome::Passed
    } else {
        Outcome::Failed
    })
}

/// Builds the program; on compile errors prints their verdict and says no.
/// Compile errors read better from the program as written.
fn compiles(workbook: &Workbook, kata: &Kata, target: Target) -> Result<bool> {
    let bin = target.bin(kata);
    if let Some(build::BinBuild::Failed { errors }) = build::build(
        &workbook.root,
        target.package(),
        &[bin.as_str()],
        workbook.color,
    )?
    .remove(&bin)
    {
        print!(
            "{}",
            show::verdict(kata, &Verdict::CompileError { errors }, &[])
        );
        return Ok(false);
    }
    Ok(true)
}

/// The schedule to draw: its seed, scheduler, the bounded search's choices
/// that replay it (if it is one of those), and the parameters it ran with.
struct Chosen {
    seed: u64,
    scheduler: Scheduler,
    replay: Vec<(String, String)>,
    params: checks::Params,
}

/// The seed asked for; without one, the schedule the last check of this
/// very file failed on, if it failed on one; else a fresh one (`--fresh`)
/// or the schedule a check would find.
fn choose_schedule(
    workbook: &Workbook,
    kata: &Kata,
    request: &TraceArgs,
    source: &Path,
    params: checks::Params,
) -> Result<Chosen> {
    let scheduler = if request.pct {
        Scheduler::Pct
    } else {
        Scheduler::Random
    };
    let last = (request.seed.is_none() && !request.fresh && !request.solution)
        .then(|| std::fs::read(workbook.root.join(&kata.path)).ok())
        .flatten()
        .and_then(|file| last_failure::load(&workbook.root, kata, &file))
        .filter(|last| {
            request
                .params
                .iter()
                .all(|(k, v)| last.params.get(k) == Some(v))
        });
    Ok(match (request.seed, last) {
        (Some(seed), last) => Chosen {
            seed,
            scheduler,
            replay: Vec::new(),
            params: last.map_or(params, |last| last.params),
        },
        (None, Some(last)) => {
            print!("{}", draw::replaying_last_failure(&kata.name));
            Chosen {
                seed: last.seed,
                scheduler: last.scheduler,
                replay: last.replay_env(),
                params: last.params,
            }
        }
        (None, None) if request.fresh => Chosen {
            seed: explore_stage::fresh_seed(),
            scheduler,
            replay: Vec::new(),
            params,
        },
        (None, None) => check_schedule(workbook, kata, source, scheduler)?,
    })
}

/// The schedule a check would find: search as a check does, and take the
/// first one that fails (or the first one tried).
fn check_schedule(
    workbook: &Workbook,
    kata: &Kata,
    source: &Path,
    scheduler: Scheduler,
) -> Result<Chosen> {
    match explore_stage::check_search_file(workbook, kata, source, Depth::Quick)? {
        Exploration::Explored(explored) => Ok(match explored.finding {
            Some(finding) => Chosen {
                seed: finding.seed,
                scheduler: finding.scheduler,
                replay: finding.replay_env(),
                params: explored.params.clone(),
            },
            None => {
                let program = crate::core::explore::generate(
                    &std::fs::read_to_string(workbook.root.join(source))?,
                    &source.display().to_string(),
                );
                let seed = explore_stage::content_seed(&program, Some(&explored.params));
                Chosen {
                    seed: explore_stage::check_settings(Depth::Quick, seed).seed,
                    scheduler,
                    replay: Vec::new(),
                    params: explored.params.clone(),
                }
            }
        }),
        Exploration::Unavailable { reason } => {
            bail!("{}", not_run::cannot_trace(source, &reason))
        }
    }
}
