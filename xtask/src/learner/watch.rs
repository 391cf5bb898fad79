//! `cargo xtask watch`: check the current kata on every save, move on when it passes.
//!
//! Everything the watcher reacts to arrives as an `Event` on one channel: saves
//! (`files`), commands (`input`) and file-watcher trouble. A check runs on this
//! thread; whatever arrives meanwhile waits in the channel. So a save made
//! during a check is never lost: once the check is done, the waiting events are
//! taken together, and any save among them means one more check.
//!
//! The kata watched is always the one `next` would check (the first not done),
//! read afresh from the progress file, so the watcher and commands run in
//! another terminal agree.

pub(crate) mod files;
pub(crate) mod input;
mod picker;

use std::io::Write;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};

use anyhow::{Context, Result};

use crate::base::execute;
use crate::cli::Outcome;
use crate::core::catalog::Kata;
use crate::core::checks::Params;
use crate::core::judge::Verdict;
use crate::core::judge::explore_stage::Finding;
use crate::core::judge::last_failure::{NoSchedule, RealFailure};
use crate::core::judge::trace::{self, Tracing};
use crate::core::progress::Progress;
use crate::core::track::Place;
use crate::core::workbook::Workbook;
use crate::learner::{hint, list, next, reset, why_it_works};
use crate::render::failed::{self, Task};
use crate::render::{not_run, screen, trace as draw, track, watch as words};
use input::{Console, Key};
use picker::{Action, Picker};

/// Something the watcher reacts to.
#[derive(Debug)]
pub enum Event {
    /// Kata files were saved (each save debounced to one event).
    Saved(Vec<PathBuf>),
    Key(Key),
    /// The file watcher reported a problem; saves may have been missed.
    WatchError(String),
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Look at the files periodically instead of waiting for file-system events.
    pub poll: bool,
}

/// Watches until the learner quits (exit 0), also once the track is complete.
pub fn watch(workbook: &Workbook, options: &Options) -> Result<Outcome> {
    // Ctrl-C must also stop a kata that is running, in its own process group.
    execute::install_interrupt_handler();
    let (sender, events) = mpsc::channel();
    let files = files::watch(
        &workbook.root,
        &workbook.catalog,
        options.poll,
        sender.clone(),
    )?;
    let console = Console::start(sender)?;
    let interval = files::POLL_INTERVAL.as_millis();
    let polling = match (&files.fallback_reason, files.polling) {
        (Some(reason), _) => Some(words::polling(interval, Some(reason))),
        (None, true) => Some(words::polling(interval, None)),
        (None, false) => None,
    };
    let mut session = Session {
        workbook,
        console: &console,
        polling,
        passed: false,
        last: None,
        picker: None,
        focus: None,
    };
    session.run(&events)
}

/// What the watcher shows and remembers between events.
struct Session<'a> {
    workbook: &'a Workbook,
    console: &'a Console,
    /// Said below every check when saves are found by polling.
    polling: Option<String>,
    /// The last check passed; the kata watched is already the next one.
    passed: bool,
    /// The last check's verdict, for `t`.
    last: Option<LastCheck>,
    /// The track as a list (`l` in a terminal), while it is open.
    picker: Option<Picker>,
    /// A kata picked from the list, watched until it passes instead of the
    /// first one not done.
    focus: Option<String>,
}

/// The last check the watcher ran: which kata, its verdict, the file as judged.
pub(crate) struct LastCheck {
    pub kata: String,
    pub verdict: Verdict,
    pub file: Option<Vec<u8>>,
}

/// The schedule the explorer found failing in the last check of `kata`, with
/// the parameters it ran with; or why there is none to draw.
/// `file_now` is the kata's file as it is now.
pub(crate) fn failing_schedule<'a>(
    kata: &Kata,
    last: Option<&'a LastCheck>,
    file_now: Option<&[u8]>,
) -> std::result::Result<(&'a Finding, &'a Params), NoSchedule> {
    if !kata.explore {
        return Err(NoSchedule::NotExplored(trace::not_explored(kata)));
    }
    let Some(last) = last.filter(|l| l.kata == kata.name) else {
        return Err(NoSchedule::NotChecked);
    };
    if last.file.as_deref() != file_now {
        return Err(NoSchedule::Changed);
    }
    Err(match &last.verdict {
        Verdict::Schedule {
            finding, params, ..
        } => return Ok((finding, params)),
        Verdict::Pass => NoSchedule::Passed,
        Verdict::CompileError { .. } => NoSchedule::DoesNotCompile,
        Verdict::Fail { .. } => NoSchedule::RealThreads(RealFailure::Output),
        Verdict::Timeout { .. } => NoSchedule::RealThreads(RealFailure::TimeLimit),
        Verdict::Confined { .. } => NoSchedule::RealThreads(RealFailure::Limit),
        Verdict::Recorded { .. } => NoSchedule::RealThreads(RealFailure::Record),
    })
}

impl<'a> Session<'a> {
    fn run(&mut self, events: &Receiver<Event>) -> Result<Outcome> {
        // Once the track is complete, the pass and the message stay on
        // screen until the learner quits.
        self.check()?;
        loop {
            let first = events
                .recv()
                .with_context(|| failed::task(Task::WatcherStopped))?;
            // Everything that queued up during the last check, taken together:
            // any number of saves makes one check.
            let mut check = false;
            let mut keys = Vec::new();
            for event in std::iter::once(first).chain(events.try_iter()) {
                match event {
                    Event::Saved(paths) => check |= self.is_watched(&paths)?,
                    // The list's keys are its own while it is open.
                    Event::Key(key) if self.picker.is_some() => keys.push(key),
                    Event::Key(Key::Quit) => return Ok(Outcome::Passed),
                    Event::Key(Key::Rerun) => check = true,
                    Event::Key(Key::Next) if self.passed => check = true,
                    Event::Key(key) => keys.push(key),
                    Event::WatchError(e) => print!("{}", words::watch_error(&e)),
                }
            }
            // The check first, then the keys: what they print stays on screen.
            if check {
                self.check()?;
            }
            for key in keys {
                self.key(key)?;
            }
        }
    }

    /// The kata watched now: the one picked from the list until it passes,
    /// else the one `next` would check (the first one not done).
    fn current(&self) -> Result<Option<&'a Kata>> {
        let progress = Progress::load(&self.workbook.root)?.progress;
        let focus = self
            .focus
            .as_deref()
            .and_then(|name| self.workbook.catalog.find(name).ok())
            .filter(|kata| !progress.is_done(&kata.name));
        Ok(focus.or_else(|| crate::core::track::current_kata(self.workbook, &progress)))
    }

    fn is_watched(&self, paths: &[PathBuf]) -> Result<bool> {
        Ok(self.current()?.is_some_and(|kata| {
            paths
                .iter()
                .any(|p| *p == self.workbook.root.join(&kata.path))
        }))
    }

    /// Checks the current kata on a fresh screen; on a pass, marks it done,
    /// explains why it works, and watches the next one.
    fn check(&mut self) -> Result<()> {
        self.passed = false;
        self.picker = None;
        let Some(kata) = self.current()? else {
            self.new_screen();
            self.say_complete()?;
            return self.footer();
        };
        self.new_screen();
        // In a terminal, the verdict and its likely cause fit on the screen.
        screen::fit_to(if self.console.interactive {
            crate::base::terminal::rows()
        } else {
            None
        });
        let judged = next::run_judged(self.workbook, &kata.name);
        screen::fit_to(None);
        let judged = judged.map(|ran| {
            self.last = Some(LastCheck {
                kata: kata.name.clone(),
                verdict: ran.verdict,
                file: ran.file,
            });
            ran.outcome
        });
        match judged {
            Ok(Outcome::Passed) => {
                print!("{}", why_it_works(self.workbook, kata));
                self.passed = true;
                self.focus = None;
                match self.current()? {
                    Some(next) => print!("{}", words::next_kata(next)),
                    None => self.say_complete()?,
                }
            }
            Ok(Outcome::Failed) => {}
            // The file is missing or unreadable, or cargo is in trouble: say
            // so and keep watching, the learner can put it right.
            Err(e) => print!("{}", words::error(&e)),
        }
        self.footer()
    }

    /// No kata is left to do: the track's closing words, unless some kata
    /// changed since it passed.
    fn say_complete(&self) -> Result<()> {
        let progress = Progress::load(&self.workbook.root)?.progress;
        match crate::core::track::place(self.workbook, &progress) {
            Place::Recheck(changed) => print!("{}", track::recheck(&changed)),
            _ => print!("{}", words::complete(&self.workbook.catalog.complete)),
        }
        Ok(())
    }

    fn key(&mut self, key: Key) -> Result<()> {
        if self.picker.is_some() {
            return self.picker_key(&key);
        }
        if key == Key::List && self.console.single_keys {
            let current = self.current()?.map(|k| k.name.as_str());
            self.picker = Some(Picker::new(&self.workbook.catalog, current));
            return self.draw_picker(true);
        }
        let kata = self.current()?;
        println!();
        let done = match (&key, kata) {
            (Key::Hint, Some(kata)) => hint::hint(self.workbook, Some(&kata.name), false),
            (Key::List, _) => list::list(self.workbook, false),
            (Key::Trace, Some(kata)) => self.trace(kata),
            (Key::Trace, None) => {
                print!("{}", words::no_trace_all_done());
                Ok(Outcome::Passed)
            }
            (Key::Next, Some(kata)) => {
                print!("{}", words::next_once_passed(kata));
                Ok(Outcome::Passed)
            }
            (Key::Unknown(word), _) => {
                print!("{}", words::unknown_command(word));
                Ok(Outcome::Passed)
            }
            _ => Ok(Outcome::Passed),
        };
        if let Err(e) = done {
            print!("{}", words::error(&e));
        }
        self.footer()
    }

    /// A key while the list is open.
    fn picker_key(&mut self, key: &Key) -> Result<()> {
        let progress = Progress::load(&self.workbook.root)?.progress;
        let Some(picker) = self.picker.as_mut() else {
            return Ok(());
        };
        let shown = picker.shown(&self.workbook.catalog, &progress);
        match picker.key(key, &shown) {
            Action::Redraw => self.draw_picker(true),
            Action::Close => {
                self.picker = None;
                self.check()
            }
            Action::Watch(name) => {
                self.focus = Some(name);
                self.check()
            }
            Action::Reset(name) => {
                // What the reset says (where the attempt was kept) stays on
                // screen, above the list.
                self.new_screen();
                if let Err(e) = reset::reset(self.workbook, &name) {
                    print!("{}", words::error(&e));
                }
                println!();
                self.draw_picker(false)
            }
        }
    }

    /// The list, on a fresh screen if `clear`.
    fn draw_picker(&mut self, clear: bool) -> Result<()> {
        let progress = Progress::load(&self.workbook.root)?.progress;
        let watched = self.current()?.map(|k| k.name.clone());
        let Some(picker) = self.picker.as_mut() else {
            return Ok(());
        };
        let shown = picker.shown(&self.workbook.catalog, &progress);
        let cursor = picker.position(&shown);
        let (filter, confirm) = (picker.filter.word(), picker.confirm_reset);
        if clear {
            self.new_screen();
        }
        print!(
            "{}",
            track::picker(
                &progress,
                &shown,
                cursor,
                filter,
                watched.as_deref(),
                confirm,
            )
        );
        std::io::stdout()
            .flush()
            .with_context(|| failed::task(Task::WriteTerminal))
    }

    /// `t`: draws the schedule on which the last check of `kata` failed.
    fn trace(&self, kata: &Kata) -> Result<Outcome> {
        let file_now = crate::core::track::kata_file(self.workbook, kata);
        let (finding, params) =
            match failing_schedule(kata, self.last.as_ref(), file_now.as_deref()) {
                Ok(found) => found,
                Err(why) => {
                    println!("{}", words::no_schedule(kata, &why));
                    return Ok(Outcome::Passed);
                }
            };
        let traced = trace::trace(
            self.workbook,
            kata,
            &kata.path,
            params,
            finding.seed,
            finding.scheduler,
            &finding.replay_env(),
        )?;
        match traced {
            Tracing::Traced(traced) => print!("{}", draw::view(&traced, false)),
            Tracing::Unavailable { reason } => println!("{}", not_run::no_trace(&reason)),
        }
        Ok(Outcome::Passed)
    }

    fn new_screen(&self) {
        print!("{}", words::new_screen(self.console.interactive));
    }

    fn footer(&self) -> Result<()> {
        let watching = self.current()?.map(|kata| kata.path.as_path());
        print!(
            "{}",
            words::footer(watching, self.console.single_keys, self.polling.as_deref())
        );
        std::io::stdout()
            .flush()
            .with_context(|| failed::task(Task::WriteTerminal))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::catalog::Catalog;
    use crate::core::explore::Scheduler;
    use crate::core::judge::explore_stage::Problem;

    /// What `t` says when there is no failing schedule.
    fn said(kata: &Kata, found: std::result::Result<(&Finding, &Params), NoSchedule>) -> String {
        words::no_schedule(kata, &found.unwrap_err())
    }

    fn catalog() -> Catalog {
        Catalog::load(&crate::core::workbook::runner_root().join("checks")).unwrap()
    }

    fn checked(kata: &str, verdict: Verdict) -> LastCheck {
        LastCheck {
            kata: kata.to_string(),
            verdict,
            file: Some(b"fn main() {}\n".to_vec()),
        }
    }

    fn endless(seed: u64) -> Verdict {
        Verdict::Schedule {
            finding: Box::new(Finding {
                seed,
                scheduler: Scheduler::Pct,
                explored: 7,
                failing: 1,
                problem: Problem::Endless,
                stdout: Vec::new(),
                bounded: None,
            }),
            params: [("messages".to_string(), 3)].into_iter().collect(),
            timed_out: None,
        }
    }

    #[test]
    fn t_draws_the_schedule_the_explorer_found_for_the_file_as_judged() {
        let catalog = catalog();
        let kata = catalog.find("clean_shutdown").unwrap();
        let file = b"fn main() {}\n".as_slice();
        let last = checked("clean_shutdown", endless(42));
        let (finding, params) = failing_schedule(kata, Some(&last), Some(file)).unwrap();
        assert_eq!((finding.seed, finding.scheduler), (42, Scheduler::Pct));
        assert_eq!(params.get("messages"), Some(&3));

        // Saved since: that schedule is of another program.
        let why = said(
            kata,
            failing_schedule(kata, Some(&last), Some(b"fn main() { }\n")),
        );
        assert!(why.contains("changed since its last check"), "{why}");
        // The last check was of another kata (the one before, which passed).
        let other = checked("rendezvous", endless(42));
        let why = said(kata, failing_schedule(kata, Some(&other), Some(file)));
        assert!(
            why.contains("`clean_shutdown` has not been checked"),
            "{why}"
        );
        let why = said(kata, failing_schedule(kata, None, Some(file)));
        assert!(why.contains("has not been checked"), "{why}");
    }

    #[test]
    fn t_says_in_one_line_why_there_is_no_failing_schedule() {
        let catalog = catalog();
        let file = b"fn main() {}\n".as_slice();
        let explored = catalog.find("clean_shutdown").unwrap();
        for (verdict, says) in [
            (Verdict::Pass, "passed, so no schedule failed"),
            (
                Verdict::CompileError { errors: Vec::new() },
                "does not compile",
            ),
        ] {
            let last = checked("clean_shutdown", verdict);
            let why = said(
                explored,
                failing_schedule(explored, Some(&last), Some(file)),
            );
            assert!(why.contains(says), "{why}");
            assert!(!why.contains('\n'), "{why}");
        }
        // Not explored: the catalog's reason, not a guess about real time.
        let shed = catalog.find("try_send_shed").unwrap();
        let last = checked("try_send_shed", endless(1));
        let why = said(shed, failing_schedule(shed, Some(&last), Some(file)));
        assert!(why.contains("one thread at a time"), "{why}");
        assert!(!why.contains("real time"), "{why}");
        let timed = catalog.find("recv_timeout_states").unwrap();
        let why = said(timed, failing_schedule(timed, None, None));
        assert!(why.contains("real time"), "{why}");
    }
}
