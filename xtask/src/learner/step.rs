//! `step`: the learner is the scheduler. Each time more than one thread could
//! go on, the threads' next operations and the channels' buffers are shown
//! and the learner picks; the explorer runs again with one more choice (a few
//! milliseconds). At the end the kata's check judges the schedule made, and
//! it is drawn as `trace` draws one.

use std::io::{BufRead, IsTerminal, Read, Write};

use anyhow::{Result, bail};

use crate::cli::{Outcome, StepArgs};
use crate::core::checks;
use crate::core::judge::step::{self, Step};
use crate::core::judge::trace;
use crate::core::workbook::Workbook;
use crate::render::{step as draw_step, trace as draw, track};
use explore_protocol::choices_text;

/// `cargo xtask step <kata>`.
pub fn step(workbook: &Workbook, request: &StepArgs) -> Result<Outcome> {
    let kata = workbook.catalog.find(&request.name)?;
    if !kata.explore {
        bail!("{}", trace::not_explored(kata));
    }
    let params = checks::params_with(kata, &request.params)?;
    let index = workbook.catalog.position(&kata.name).unwrap_or(0);
    track::heading(kata, index, workbook.catalog.katas.len());
    let flaw = if request.break_it {
        match step::break_it(&kata.name) {
            Some(flaw) => Some(flaw),
            None => bail!(
                "`{}` has no \"break it\" challenge; the flow-control and shutdown katas have: \
                 bounded_producer, rendezvous, clean_shutdown",
                kata.name
            ),
        }
    } else {
        None
    };
    let source = match &flaw {
        Some(flaw) => {
            let variant = step::write_variant(&workbook.root, kata, flaw)?;
            println!(
                "Break it: `{}` is the solution with {} (`{}` instead of `{}`).\n\
                 Make a schedule on which the check fails.",
                variant.display(),
                flaw.flaw,
                flaw.to.trim(),
                flaw.from.trim()
            );
            variant
        }
        None if request.solution => kata.solution.clone(),
        None => kata.path.clone(),
    };
    let mut choices = match (&request.replay, &request.choices) {
        (Some(name), _) => step::load(&workbook.root, kata, name)?,
        (None, Some(text)) => match explore_protocol::parse_choices(text) {
            Some(choices) => choices,
            None => bail!("`{text}` is not a list of thread numbers like `0,1,1`"),
        },
        (None, None) => Vec::new(),
    };
    let replayed = choices.len();
    let mut input = Input::new();
    // Where the input ended, if it did: from there on the lowest-numbered
    // thread that can run goes next.
    let mut ended_at: Option<usize> = None;
    let traced = loop {
        match step::step(workbook, kata, &source, &params, &choices)? {
            Step::Ask(point) => {
                if point.index < choices.len() {
                    println!(
                        "Choice {} ({}) names a thread that cannot run there; choose again.",
                        point.index + 1,
                        choices[point.index]
                    );
                    choices.truncate(point.index);
                } else if let Some(&first) = point.runnable().iter().min()
                    && ended_at.is_some()
                {
                    choices.push(first);
                    continue;
                } else if replayed > 0 && point.index == replayed {
                    println!("The replayed choices end here; go on choosing.");
                }
                draw_step::print(&point, &kata.name, input.single_keys());
                match input.pick(&point.runnable())? {
                    Pick::Task(task) => choices.push(task),
                    Pick::Ended => {
                        println!(
                            "The input ended after {} choices; the rest of the schedule runs \
                             the lowest-numbered thread that can go on, each time.",
                            choices.len()
                        );
                        ended_at = Some(choices.len());
                    }
                    Pick::Quit => {
                        drop(input);
                        println!(
                            "Stopped. Your choices so far:{} --choices {}",
                            param_args(kata, &params),
                            choices_text(&choices)
                        );
                        return Ok(Outcome::Failed);
                    }
                }
            }
            Step::Done(traced) => break traced,
            Step::Unavailable { reason } => {
                bail!("`{}` cannot be stepped: {reason}", source.display())
            }
        }
    };
    drop(input);
    println!();
    draw::print(&traced);
    println!(
        "\nYour schedule: `cargo xtask step {}{}{} --choices {}`",
        kata.name,
        if flaw.is_some() { " --break-it" } else { "" },
        param_args(kata, &params),
        choices_text(&choices)
    );
    if let Some(name) = &request.save {
        let file = step::save(&workbook.root, kata, name, &choices)?;
        println!("Saved: {} (replay it with --replay {name})", file.display());
    }
    let broken = traced.finding.is_some();
    Ok(match (flaw, broken) {
        (Some(flaw), true) => {
            println!("You broke it: your schedule shows {}.", flaw.flaw);
            Outcome::Passed
        }
        (Some(_), false) => {
            println!("The check holds on this schedule. Try another: the flaw is still there.");
            Outcome::Failed
        }
        (None, false) => Outcome::Passed,
        (None, true) => Outcome::Failed,
    })
}

/// ` --param messages=17`: the numbers this schedule was made with, so that
/// its choices replay the same program.
fn param_args(kata: &crate::core::catalog::Kata, params: &checks::Params) -> String {
    crate::render::verdict::shown_params(kata, params)
        .map(|(name, value)| format!(" --param {name}={value}"))
        .collect()
}

/// What the learner answered at a choice.
enum Pick {
    Task(usize),
    Quit,
    /// The input ended (a closed or exhausted pipe).
    Ended,
}

/// The learner's picks: a digit key in a terminal, a line otherwise.
struct Input {
    #[cfg(unix)]
    raw: Option<super::watch::input::raw::RawMode>,
    lines: std::io::Lines<std::io::StdinLock<'static>>,
}

impl Input {
    fn new() -> Self {
        let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
        Self {
            #[cfg(unix)]
            raw: if terminal {
                super::watch::input::raw::RawMode::enter().ok()
            } else {
                None
            },
            lines: std::io::stdin().lock().lines(),
        }
    }

    fn single_keys(&self) -> bool {
        #[cfg(unix)]
        return self.raw.is_some();
        #[cfg(not(unix))]
        return false;
    }

    /// The thread picked among `runnable`, a stop, or the end of the input.
    fn pick(&mut self, runnable: &[usize]) -> Result<Pick> {
        loop {
            let _ = std::io::stdout().flush();
            let answer = if self.single_keys() {
                let mut byte = [0u8];
                if std::io::stdin().read(&mut byte)? == 0 {
                    return Ok(Pick::Quit);
                }
                (byte[0] as char).to_string()
            } else {
                match self.lines.next() {
                    Some(line) => line?,
                    None => return Ok(Pick::Ended),
                }
            };
            let answer = answer.trim().to_ascii_lowercase();
            if answer == "q" || answer == "quit" {
                return Ok(Pick::Quit);
            }
            match answer.parse::<usize>() {
                Ok(task) if runnable.contains(&task) => {
                    if self.single_keys() {
                        println!("{task}");
                    }
                    return Ok(Pick::Task(task));
                }
                _ if answer.is_empty() => {}
                _ => println!(
                    "`{answer}` is not a thread that can run now ({})",
                    choices_text(runnable)
                ),
            }
        }
    }
}
