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

use std::io::Write;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};

use anyhow::{Context, Result};

use crate::base::execute;
use crate::cli::Outcome;
use crate::core::catalog::Kata;
use crate::core::progress::Progress;
use crate::core::workbook::Workbook;
use crate::learner::{hint, list, next};
use crate::render::{screen, track};
use input::{Console, Key};

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
    let polling = match (&files.fallback_reason, files.polling) {
        (Some(reason), _) => Some(format!(
            "looking for saves every {} ms: file-system events are not available ({reason})",
            files::POLL_INTERVAL.as_millis()
        )),
        (None, true) => Some(format!(
            "looking for saves every {} ms",
            files::POLL_INTERVAL.as_millis()
        )),
        (None, false) => None,
    };
    let mut session = Session {
        workbook,
        console: &console,
        polling,
        passed: false,
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
}

impl Session<'_> {
    fn run(&mut self, events: &Receiver<Event>) -> Result<Outcome> {
        // Once the track is complete, the pass and the message stay on
        // screen until the learner quits.
        self.check()?;
        loop {
            let first = events
                .recv()
                .context("Failed to watch the kata files: the watcher stopped")?;
            // Everything that queued up during the last check, taken together:
            // any number of saves makes one check.
            let mut check = false;
            let mut keys = Vec::new();
            for event in std::iter::once(first).chain(events.try_iter()) {
                match event {
                    Event::Saved(paths) => check |= self.is_watched(&paths)?,
                    Event::Key(Key::Quit) => return Ok(Outcome::Passed),
                    Event::Key(Key::Rerun) => check = true,
                    Event::Key(Key::Next) if self.passed => check = true,
                    Event::Key(key) => keys.push(key),
                    Event::WatchError(e) => println!(
                        "warning: the file watcher reported a problem ({e}); if a save goes \
                         unnoticed, press r (or restart with `cargo xtask watch --poll`)."
                    ),
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

    /// The kata `next` would check now: the first one not done.
    fn current(&self) -> Result<Option<&Kata>> {
        let progress = Progress::load(&self.workbook.root)?.progress;
        Ok(next::current_kata(self.workbook, &progress))
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
        let Some(kata) = self.current()? else {
            self.new_screen();
            println!("{}", self.workbook.catalog.complete.trim());
            return self.footer();
        };
        self.new_screen();
        // In a terminal, the verdict and its likely cause fit on the screen.
        screen::fit_to(if self.console.interactive {
            input::terminal_rows()
        } else {
            None
        });
        let judged = next::run(self.workbook, &kata.name);
        screen::fit_to(None);
        match judged {
            Ok(Outcome::Passed) => {
                track::why_it_works(&self.workbook.root.join(&kata.solution));
                self.passed = true;
                match self.current()? {
                    Some(next) => println!(
                        "\nNext: {} - {}\n      {}\n      Save it to check it, or press n.",
                        next.name,
                        next.topic,
                        next.path.display()
                    ),
                    None => println!("\n{}", self.workbook.catalog.complete.trim()),
                }
            }
            Ok(Outcome::Failed) => {}
            // The file is missing or unreadable, or cargo is in trouble: say
            // so and keep watching, the learner can put it right.
            Err(e) => println!("error: {e:#}"),
        }
        self.footer()
    }

    fn key(&mut self, key: Key) -> Result<()> {
        let kata = self.current()?;
        println!();
        let done = match (&key, kata) {
            (Key::Hint, Some(kata)) => hint::hint(self.workbook, Some(&kata.name), false),
            (Key::List, _) => list::list(self.workbook, false),
            (Key::Next, Some(kata)) => {
                println!("`n` moves on once {} passes.", kata.name);
                Ok(Outcome::Passed)
            }
            (Key::Unknown(word), _) => {
                println!("Unknown command `{word}`.");
                Ok(Outcome::Passed)
            }
            _ => Ok(Outcome::Passed),
        };
        if let Err(e) = done {
            println!("error: {e:#}");
        }
        self.footer()
    }

    fn new_screen(&self) {
        if self.console.interactive {
            // Home, clear the screen and the scrollback: only this check shows.
            print!("\x1b[H\x1b[2J\x1b[3J");
        } else {
            println!("\n{}", "─".repeat(60));
        }
    }

    fn footer(&self) -> Result<()> {
        let what = match self.current()? {
            Some(kata) => format!("Watching {} for saves.", kata.path.display()),
            None => "Every kata is done.".to_string(),
        };
        let keys = if self.current()?.is_some() {
            "h hint · l list · r re-run · n next · q quit"
        } else {
            "l list · q quit"
        };
        if self.console.single_keys {
            println!("\n{what}  {keys}");
        } else {
            println!("\n{what}  Commands, one per line: {keys}");
        }
        if let Some(polling) = &self.polling {
            println!("({polling})");
        }
        std::io::stdout()
            .flush()
            .context("Failed to write to the terminal")
    }
}
