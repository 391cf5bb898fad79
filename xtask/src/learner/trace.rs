//! `trace`: one schedule of a kata drawn, in the terminal and, with
//! `--html`, as a web page.

use anyhow::{Context, Result, bail};

use crate::base::build;
use crate::cli::{Outcome, TraceArgs};
use crate::core::checks;
use crate::core::explore::Scheduler;
use crate::core::judge::explore_stage::{self, Depth, Exploration};
use crate::core::judge::trace::{self, Tracing};
use crate::core::judge::{Verdict, last_failure};
use crate::core::workbook::{Target, Workbook};
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
    // Compile errors read better from the program as written.
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
        return Ok(Outcome::Failed);
    }
    let mut scheduler = if request.pct {
        Scheduler::Pct
    } else {
        Scheduler::Random
    };
    // Without a seed, the schedule the last check of this very file failed
    // on, if it failed on one.
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
    let mut params = last.as_ref().map_or(params, |last| last.params.clone());
    // What replays a schedule of the bounded search: its choices.
    let mut replay = Vec::new();
    let seed = match (request.seed, &last) {
        (Some(seed), _) => seed,
        (None, Some(last)) => {
            scheduler = last.scheduler;
            replay = last.replay_env();
            print!("{}", draw::replaying_last_failure(&kata.name));
            last.seed
        }
        (None, None) if request.fresh => explore_stage::fresh_seed(),
        (None, None) => {
            // The schedule a check would find: search as a check does, and
            // draw the first one that fails (or the first one tried).
            match explore_stage::check_search_file(workbook, kata, source, Depth::Quick)? {
                Exploration::Explored(explored) => match explored.finding {
                    Some(finding) => {
                        scheduler = finding.scheduler;
                        replay = finding.replay_env();
                        params = explored.params.clone();
                        finding.seed
                    }
                    None => {
                        params = explored.params.clone();
                        explore_stage::check_settings(
                            Depth::Quick,
                            explore_stage::content_seed(
                                &crate::core::explore::generate(
                                    &std::fs::read_to_string(workbook.root.join(source))?,
                                    &source.display().to_string(),
                                ),
                                Some(&params),
                            ),
                        )
                        .seed
                    }
                },
                Exploration::Unavailable { reason } => {
                    bail!("{}", not_run::cannot_trace(source, &reason))
                }
            }
        }
    };
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
            .with_context(|| format!("Failed to write `{}`", file.display()))?;
        println!("\nWrote the page: {}", file.display());
    }
    Ok(if traced.finding.is_none() {
        Outcome::Passed
    } else {
        Outcome::Failed
    })
}
