//! `step`: the learner is the scheduler. Each time more than one thread could
//! go on, the threads' next operations and the channels' buffers are shown
//! and the learner picks; the explorer runs again with one more choice (a few
//! milliseconds). At the end the kata's check judges the schedule made, and
//! it is drawn as `trace` draws one.

use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::Path;

use anyhow::{Result, bail};

use crate::base::terminal::RawMode;
use crate::cli::{Outcome, StepArgs};
use crate::core::catalog::Kata;
use crate::core::checks::{self, Params};
use crate::core::judge::step::{self, Step};
use crate::core::judge::trace::{self, Traced};
use crate::core::workbook::Workbook;
use crate::render::{not_run, step as draw_step, trace as draw, track};
use explore_protocol::choices_text;

/// `cargo xtask step <kata>`.
pub fn step(workbook: &Workbook, request: &StepArgs) -> Result<Outcome> {
    let kata = workbook.catalog.find(&request.name)?;
    if !kata.explore {
        bail!("{}", not_run::reason(&trace::not_explored(kata)));
    }
    // A saved schedule brings its parameters; the ones given here win.
    let saved = match &request.replay {
        Some(name) => Some(step::load(&workbook.root, kata, name)?),
        None => None,
    };
    let mut given: Vec<(String, usize)> = saved
        .iter()
        .flat_map(|s| s.params.iter().map(|(k, v)| (k.clone(), *v)))
        .collect();
    given.extend(request.params.iter().cloned());
    let params = checks::params_with(kata, &given)?;
    let flaw = if request.break_it {
        match step::break_it(&kata.name) {
            Some(flaw) => Some(flaw),
            None => bail!("{}", draw_step::no_break_it(&kata.name, &step::BREAK_IT)),
        }
    } else {
        None
    };
    let index = workbook.catalog.position(&kata.name).unwrap_or(0);
    print!(
        "{}",
        track::heading(kata, index, workbook.catalog.katas.len())
    );
    let source = match &flaw {
        Some(flaw) => {
            let variant = step::write_variant(&workbook.root, kata, flaw)?;
            print!("{}", draw_step::break_it(&variant, flaw.flaw, flaw.change));
            variant
        }
        None if request.solution => kata.solution.clone(),
        None => kata.path.clone(),
    };
    let mut choices = match (saved, &request.choices) {
        (Some(saved), _) => saved.choices,
        (None, Some(text)) => match explore_protocol::parse_choices(text) {
            Some(choices) => choices,
            None => bail!("{}", draw_step::not_choices(text)),
        },
        (None, None) => Vec::new(),
    };
    // The command that makes this schedule again: same program, parameters
    // and choices.
    let program = if flaw.is_some() {
        " --break-it"
    } else if request.solution {
        " --solution"
    } else {
        ""
    };
    // The numbers this schedule was made with (those the catalog fixes to
    // one value need no flag), so that its choices replay the same program.
    let fixed: String = crate::render::verdict::shown_params(kata, &params)
        .map(|(name, value)| format!(" --param {name}={value}"))
        .collect();
    // (No choices: the program never had two threads to choose between.)
    let command = |choices: &[usize]| {
        let chosen = if choices.is_empty() {
            String::new()
        } else {
            format!(" --choices {}", choices_text(choices))
        };
        format!("cargo xtask step {}{program}{fixed}{chosen}", kata.name)
    };
    let Some(mut traced) = make_schedule(workbook, kata, &source, &params, &mut choices, &command)?
    else {
        return Ok(Outcome::Failed);
    };
    println!();
    traced.stepped = Some(command(&choices));
    print!("{}", draw::view(&traced, true));
    println!();
    if let Some(name) = &request.save {
        let saved = step::Saved {
            params: params.clone(),
            choices: choices.clone(),
        };
        let replay = format!("cargo xtask step {}{program} --replay {name}", kata.name);
        let file = step::save(
            &workbook.root,
            kata,
            name,
            &command(&choices),
            &replay,
            &saved,
        )?;
        print!("{}", draw_step::saved(&file, &replay));
    }
    let broken = traced.finding.is_some();
    Ok(match (flaw, broken) {
        (Some(flaw), true) => {
            print!("{}", draw_step::broke_it(Some(flaw.flaw)));
            Outcome::Passed
        }
        (Some(_), false) => {
            print!("{}", draw_step::broke_it(None));
            Outcome::Failed
        }
        (None, false) => Outcome::Passed,
        (None, true) => Outcome::Failed,
    })
}

/// Runs the program one choice at a time, asking the learner at each point
/// where two threads could go next (after the `choices` already made);
/// `None` when the learner quits.
fn make_schedule(
    workbook: &Workbook,
    kata: &Kata,
    source: &Path,
    params: &Params,
    choices: &mut Vec<usize>,
    command: &dyn Fn(&[usize]) -> String,
) -> Result<Option<Box<Traced>>> {
    let replayed = choices.len();
    let mut input = Input::new();
    // Where the input ended, if it did: from there on the lowest-numbered
    // thread that can run goes next.
    let mut ended_at: Option<usize> = None;
    let traced = loop {
        match step::step(workbook, kata, source, params, choices)? {
            Step::Ask(point) => {
                // A replayed choice that cannot be made: ask for that one
                // and keep the rest of the replay.
                let retry = point.index < choices.len();
                if retry {
                    print!(
                        "{}",
                        draw_step::choice_again(
                            point.index + 1,
                            choices[point.index],
                            choices.len() - point.index - 1
                        )
                    );
                } else if let Some(&first) = point.runnable().iter().min()
                    && ended_at.is_some()
                {
                    choices.push(first);
                    continue;
                } else if replayed > 0 && point.index == replayed {
                    print!("{}", draw_step::replay_ended());
                }
                print!(
                    "{}",
                    draw_step::choice(&point, &kata.name, input.single_keys())
                );
                match input.pick(&point.runnable())? {
                    Pick::Task(task) if retry => choices[point.index] = task,
                    Pick::Task(task) => choices.push(task),
                    Pick::Ended => {
                        print!("{}", draw_step::input_ended(choices.len()));
                        ended_at = Some(choices.len());
                    }
                    Pick::Quit => {
                        drop(input);
                        print!("{}", draw_step::stopped(&command(choices)));
                        return Ok(None);
                    }
                }
            }
            Step::Done(traced) => break traced,
            Step::Unavailable { reason } => {
                bail!("{}", not_run::cannot_step(source, &reason))
            }
        }
    };
    drop(input);
    Ok(Some(traced))
}

/// What the learner answered at a choice.
enum Pick {
    Task(usize),
    Quit,
    /// The input ended (a closed or exhausted pipe).
    Ended,
}

/// The learner's picks: a digit key in a terminal, a line otherwise. Both
/// are read through the one lock on standard input, held here: a second
/// `stdin()` read while it is held would wait for it forever.
struct Input {
    raw: Option<RawMode>,
    stdin: std::io::StdinLock<'static>,
}

impl Input {
    fn new() -> Self {
        let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
        Self {
            raw: if terminal {
                RawMode::enter().ok()
            } else {
                None
            },
            stdin: std::io::stdin().lock(),
        }
    }

    fn single_keys(&self) -> bool {
        self.raw.is_some()
    }

    /// The thread picked among `runnable`, a stop, or the end of the input.
    fn pick(&mut self, runnable: &[usize]) -> Result<Pick> {
        loop {
            let _ = std::io::stdout().flush();
            let answer = if self.single_keys() {
                let mut byte = [0u8];
                if self.stdin.read(&mut byte)? == 0 {
                    return Ok(Pick::Quit);
                }
                (byte[0] as char).to_string()
            } else {
                let mut line = String::new();
                if self.stdin.read_line(&mut line)? == 0 {
                    return Ok(Pick::Ended);
                }
                line
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
                _ => print!(
                    "{}",
                    draw_step::not_runnable(&answer, &choices_text(runnable))
                ),
            }
        }
    }
}
