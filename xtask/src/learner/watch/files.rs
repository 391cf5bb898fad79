//! Noticing saves: file-system events on the kata files, debounced.
//!
//! The folders of the katas are watched, not the files: an editor that saves
//! by writing a temporary file and renaming it over the kata replaces the file
//! a file watch would follow. Events are filtered to the catalog's kata files
//! and to kinds that mean new content (opening a file to read it, as the
//! compiler does, is not a save).
//!
//! A save is one burst of events (truncate, write, close; or create, rename).
//! The debouncer turns each burst into one `Event::Saved`: a burst that ended
//! with the file closed after writing or renamed into place is acted on after
//! `SETTLE`; one that may still be writing waits for `QUIET` without events.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{Config, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use super::Event;
use crate::core::catalog::Catalog;
use crate::render::failed::{self, Doing, Task, Thing};

/// After a save that is complete (closed after writing, renamed into place):
/// only long enough to take in the rest of the burst.
pub const SETTLE: Duration = Duration::from_millis(20);
/// After a change that may be half-way (a write without its close, a create):
/// the file must stay quiet this long before it is read.
pub const QUIET: Duration = Duration::from_millis(150);
/// A file written to without pause is still checked this often.
pub const MAX_DELAY: Duration = Duration::from_secs(1);
/// How often `--poll` looks at the files; cheap, there are a few dozen.
pub const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// What one file-system event says about a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The writer is done: closed after writing, renamed into place, or only
    /// the metadata changed (`touch`).
    Finished,
    /// More may follow: data written, file created or removed.
    Partial,
}

/// Which events are saves. `None` for reads: the compiler opening the kata
/// must not trigger another check.
pub fn classify(kind: &EventKind) -> Option<Change> {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => Some(Change::Finished),
        EventKind::Access(_) => None,
        EventKind::Modify(ModifyKind::Name(RenameMode::To) | ModifyKind::Metadata(_)) => {
            Some(Change::Finished)
        }
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => Some(Change::Partial),
        EventKind::Any | EventKind::Other => Some(Change::Partial),
    }
}

/// The kata files among an event's paths, each with what the event means for it.
///
/// A rename reported as one event (`Both`) names the old path first: only the
/// new one received finished content.
pub fn saves<'a>(
    event: &'a notify::Event,
    files: &'a HashSet<PathBuf>,
) -> impl Iterator<Item = (&'a Path, Change)> + 'a {
    let change = classify(&event.kind);
    let renamed_both = matches!(
        event.kind,
        EventKind::Modify(ModifyKind::Name(RenameMode::Both))
    );
    let last = event.paths.len().saturating_sub(1);
    event.paths.iter().enumerate().filter_map(move |(i, path)| {
        let change = match change? {
            _ if renamed_both && i == last => Change::Finished,
            _ if renamed_both => Change::Partial,
            change => change,
        };
        files.contains(path).then_some((path.as_path(), change))
    })
}

/// Collects changed files until their burst of events is over.
///
/// Pure (time is passed in), so the timing rules are tested without sleeping.
#[derive(Debug, Default)]
pub struct Debouncer {
    pending: BTreeSet<PathBuf>,
    first: Option<Instant>,
    due: Option<Instant>,
}

impl Debouncer {
    pub fn record(&mut self, path: &Path, change: Change, now: Instant) {
        self.pending.insert(path.to_path_buf());
        let first = *self.first.get_or_insert(now);
        let wait = match change {
            Change::Finished => SETTLE,
            Change::Partial => QUIET,
        };
        // The last event decides: a close after a write shortens the wait, a
        // write after a close lengthens it; never beyond MAX_DELAY in all.
        self.due = Some((now + wait).min(first + MAX_DELAY));
    }

    /// When the pending files are due, if any are pending.
    pub fn deadline(&self) -> Option<Instant> {
        self.due
    }

    /// The files whose burst is over, if it is.
    pub fn take_due(&mut self, now: Instant) -> Option<Vec<PathBuf>> {
        if self.due.is_some_and(|due| due <= now) {
            self.first = None;
            self.due = None;
            return Some(std::mem::take(&mut self.pending).into_iter().collect());
        }
        None
    }
}

/// Keeps the file watcher alive; dropping it stops the events.
pub struct FileWatcher {
    _watcher: Box<dyn Watcher>,
    /// Polling, because it was asked for or events were not available.
    pub polling: bool,
    /// Why the event-based watcher could not be used, when it could not.
    pub fallback_reason: Option<String>,
}

/// Starts watching the folders of every kata in `catalog` under `root`; each
/// debounced save arrives as `Event::Saved` on `events`.
pub fn watch(
    root: &Path,
    catalog: &Catalog,
    poll: bool,
    events: Sender<Event>,
) -> Result<FileWatcher> {
    let files: HashSet<PathBuf> = catalog.katas.iter().map(|k| root.join(&k.path)).collect();
    let folders: BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|f| f.parent().map(Path::to_path_buf))
        .collect();
    let (raw_tx, raw_rx) = mpsc::channel();
    let filter = SaveFilter {
        files,
        raw: raw_tx,
        events: events.clone(),
    };

    let mut fallback_reason = None;
    if !poll {
        match start::<RecommendedWatcher>(filter.clone(), Config::default(), &folders) {
            Ok(watcher) => {
                spawn_debouncer(raw_rx, events)?;
                return Ok(FileWatcher {
                    _watcher: watcher,
                    polling: false,
                    fallback_reason,
                });
            }
            Err(e) => fallback_reason = Some(format!("{e:#}")),
        }
    }
    let config = Config::default()
        .with_poll_interval(POLL_INTERVAL)
        // Coarse timestamps (some network and FAT drives) miss a second save
        // within the same tick; the files are small enough to compare whole.
        .with_compare_contents(true);
    let watcher = start::<PollWatcher>(filter, config, &folders)?;
    spawn_debouncer(raw_rx, events)?;
    Ok(FileWatcher {
        _watcher: watcher,
        polling: true,
        fallback_reason,
    })
}

fn start<W: Watcher + 'static>(
    filter: SaveFilter,
    config: Config,
    folders: &BTreeSet<PathBuf>,
) -> Result<Box<dyn Watcher>> {
    let mut watcher = W::new(filter, config).with_context(|| failed::task(Task::FileWatcher))?;
    for folder in folders {
        watcher
            .watch(folder, RecursiveMode::NonRecursive)
            .with_context(|| failed::on_the(Doing::Watch, Thing::Folder, folder))?;
    }
    Ok(Box::new(watcher))
}

/// Runs on the watcher's thread: keeps the saves of kata files, drops the rest.
#[derive(Clone)]
struct SaveFilter {
    files: HashSet<PathBuf>,
    raw: Sender<(PathBuf, Change)>,
    events: Sender<Event>,
}

impl notify::EventHandler for SaveFilter {
    fn handle_event(&mut self, event: notify::Result<notify::Event>) {
        match event {
            Ok(event) => {
                for (path, change) in saves(&event, &self.files) {
                    let _ = self.raw.send((path.to_path_buf(), change));
                }
            }
            // E.g. the kernel's event queue overflowed: saves may have been missed.
            Err(e) => {
                let _ = self.events.send(Event::WatchError(e.to_string()));
            }
        }
    }
}

fn spawn_debouncer(raw: Receiver<(PathBuf, Change)>, events: Sender<Event>) -> Result<()> {
    std::thread::Builder::new()
        .name("watch-debounce".into())
        .spawn(move || debounce(&raw, &events))
        .with_context(|| failed::task(Task::FileWatcherThread))?;
    Ok(())
}

/// Feeds raw changes through a `Debouncer` until either side hangs up.
fn debounce(raw: &Receiver<(PathBuf, Change)>, events: &Sender<Event>) {
    let mut debouncer = Debouncer::default();
    loop {
        let received = match debouncer.deadline() {
            None => raw.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(due) => raw.recv_timeout(due.saturating_duration_since(Instant::now())),
        };
        match received {
            Ok((path, change)) => debouncer.record(&path, change, Instant::now()),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        if let Some(paths) = debouncer.take_due(Instant::now())
            && events.send(Event::Saved(paths)).is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, MetadataKind, RemoveKind};

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn reads_are_not_saves_but_writes_and_renames_are() {
        assert_eq!(
            classify(&EventKind::Access(AccessKind::Open(AccessMode::Any))),
            None
        );
        assert_eq!(
            classify(&EventKind::Access(AccessKind::Close(AccessMode::Read))),
            None
        );
        assert_eq!(
            classify(&EventKind::Access(AccessKind::Close(AccessMode::Write))),
            Some(Change::Finished)
        );
        assert_eq!(
            classify(&EventKind::Modify(ModifyKind::Name(RenameMode::To))),
            Some(Change::Finished)
        );
        assert_eq!(
            classify(&EventKind::Modify(ModifyKind::Metadata(
                MetadataKind::WriteTime
            ))),
            Some(Change::Finished)
        );
        assert_eq!(
            classify(&EventKind::Modify(ModifyKind::Data(DataChange::Any))),
            Some(Change::Partial)
        );
        assert_eq!(
            classify(&EventKind::Create(CreateKind::File)),
            Some(Change::Partial)
        );
        assert_eq!(
            classify(&EventKind::Remove(RemoveKind::File)),
            Some(Change::Partial)
        );
        assert_eq!(
            classify(&EventKind::Modify(ModifyKind::Name(RenameMode::From))),
            Some(Change::Partial)
        );
    }

    #[test]
    fn only_kata_files_pass_the_filter() {
        let kata = PathBuf::from("/wb/exercises/01/fan_in.rs");
        let files: HashSet<PathBuf> = [kata.clone()].into();
        let event = |kind, paths: &[&str]| {
            let mut event = notify::Event::new(kind);
            event.paths = paths.iter().map(PathBuf::from).collect();
            event
        };
        let write = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let saved = event(
            write,
            &["/wb/exercises/01/fan_in.rs", "/wb/exercises/01/fan_in.rs~"],
        );
        assert_eq!(
            saves(&saved, &files).collect::<Vec<_>>(),
            [(kata.as_path(), Change::Finished)]
        );
        let other = event(
            write,
            &[
                "/wb/exercises/01/notes.txt",
                "/wb/exercises/01/fan_in.rs.swp",
            ],
        );
        assert_eq!(saves(&other, &files).count(), 0);
        let opened = event(
            EventKind::Access(AccessKind::Open(AccessMode::Any)),
            &["/wb/exercises/01/fan_in.rs"],
        );
        assert_eq!(saves(&opened, &files).count(), 0);
    }

    #[test]
    fn a_rename_over_the_kata_is_a_finished_save() {
        let kata = PathBuf::from("/wb/ex/fan_in.rs");
        let files: HashSet<PathBuf> = [kata.clone()].into();
        let both = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        let mut into_place = notify::Event::new(both);
        into_place.paths = vec!["/wb/ex/.fan_in.rs.tmp".into(), kata.clone()];
        assert_eq!(
            saves(&into_place, &files).collect::<Vec<_>>(),
            [(kata.as_path(), Change::Finished)]
        );
        let mut away = notify::Event::new(both);
        away.paths = vec![kata.clone(), "/wb/ex/fan_in.rs~".into()];
        assert_eq!(
            saves(&away, &files).collect::<Vec<_>>(),
            [(kata.as_path(), Change::Partial)]
        );
    }

    #[test]
    fn a_burst_of_events_is_one_save_after_it_settles() {
        let t = Instant::now();
        let a = Path::new("a.rs");
        let mut d = Debouncer::default();
        assert_eq!(d.deadline(), None);
        d.record(a, Change::Partial, t); // truncate
        d.record(a, Change::Partial, t + MS); // write
        assert_eq!(d.deadline(), Some(t + MS + QUIET));
        d.record(a, Change::Finished, t + 2 * MS); // close
        assert_eq!(d.deadline(), Some(t + 2 * MS + SETTLE));
        assert_eq!(d.take_due(t + 2 * MS + SETTLE - MS), None);
        assert_eq!(d.take_due(t + 2 * MS + SETTLE), Some(vec![a.to_path_buf()]));
        assert_eq!(d.deadline(), None);
        assert_eq!(d.take_due(t + QUIET * 10), None);
    }

    #[test]
    fn a_write_without_close_waits_for_quiet() {
        let t = Instant::now();
        let mut d = Debouncer::default();
        d.record(Path::new("a.rs"), Change::Finished, t);
        d.record(Path::new("a.rs"), Change::Partial, t + MS);
        assert_eq!(d.take_due(t + MS + SETTLE), None);
        assert!(d.take_due(t + MS + QUIET).is_some());
    }

    #[test]
    fn endless_writes_are_still_checked_and_files_are_batched() {
        let t = Instant::now();
        let mut d = Debouncer::default();
        let mut now = t;
        while now < t + MAX_DELAY * 2 {
            d.record(Path::new("b.rs"), Change::Partial, now);
            d.record(Path::new("a.rs"), Change::Partial, now);
            if let Some(paths) = d.take_due(now) {
                assert_eq!(paths, [PathBuf::from("a.rs"), PathBuf::from("b.rs")]);
                assert_eq!(now, t + MAX_DELAY);
                return;
            }
            now += 10 * MS;
        }
        panic!("never due while written to");
    }
}
