//! `l` in watch, in a terminal: the track as a list to move through. Keys:
//! `j`/`k` or the arrows move, Enter watches the kata under the cursor,
//! `r` resets it (after `y`), `f` shows all katas, the pending or the done
//! ones, and `q`, `l` or Esc close the list.

use crate::core::catalog::{Catalog, Kata};
use crate::core::progress::Progress;

use super::input::Key;

/// Which katas the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    All,
    Pending,
    Done,
}

impl Filter {
    fn next(self) -> Self {
        match self {
            Self::All => Self::Pending,
            Self::Pending => Self::Done,
            Self::Done => Self::All,
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Pending => "pending",
            Self::Done => "done",
        }
    }
}

/// The list's state between keys.
#[derive(Debug, Clone)]
pub struct Picker {
    /// The kata under the cursor, by name (a filter change keeps it if shown).
    pub cursor: String,
    pub filter: Filter,
    /// A reset asked for, waiting for `y`.
    pub confirm_reset: bool,
}

/// What the watcher does after a key in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Redraw,
    Close,
    /// Watch this kata until it passes.
    Watch(String),
    /// Restore this kata as shipped (the learner said `y`).
    Reset(String),
}

impl Picker {
    /// The list opened with the cursor on `current` (else the first kata).
    pub fn new(catalog: &Catalog, current: Option<&str>) -> Self {
        let first = catalog.katas.first().map_or("", |k| k.name.as_str());
        Self {
            cursor: current.unwrap_or(first).to_string(),
            filter: Filter::All,
            confirm_reset: false,
        }
    }

    /// The katas shown, in track order.
    pub fn shown<'a>(&self, catalog: &'a Catalog, progress: &Progress) -> Vec<&'a Kata> {
        catalog
            .katas
            .iter()
            .filter(|k| match self.filter {
                Filter::All => true,
                Filter::Pending => !progress.is_done(&k.name),
                Filter::Done => progress.is_done(&k.name),
            })
            .collect()
    }

    /// Where the cursor is among `shown`, moving it to the first if its kata
    /// is not shown.
    pub fn position(&mut self, shown: &[&Kata]) -> Option<usize> {
        match shown.iter().position(|k| k.name == self.cursor) {
            Some(at) => Some(at),
            None => {
                self.cursor = shown.first()?.name.clone();
                Some(0)
            }
        }
    }

    pub fn key(&mut self, key: &Key, shown: &[&Kata]) -> Action {
        if self.confirm_reset {
            self.confirm_reset = false;
            return match key {
                Key::Yes => Action::Reset(self.cursor.clone()),
                _ => Action::Redraw,
            };
        }
        let at = self.position(shown);
        match (key, at) {
            (Key::Down, Some(at)) => {
                self.cursor = shown[(at + 1).min(shown.len() - 1)].name.clone();
                Action::Redraw
            }
            (Key::Up, Some(at)) => {
                self.cursor = shown[at.saturating_sub(1)].name.clone();
                Action::Redraw
            }
            (Key::Enter, Some(_)) => Action::Watch(self.cursor.clone()),
            (Key::Rerun, Some(_)) => {
                self.confirm_reset = true;
                Action::Redraw
            }
            (Key::Filter, _) => {
                self.filter = self.filter.next();
                Action::Redraw
            }
            (Key::Quit | Key::List | Key::Escape, _) => Action::Close,
            _ => Action::Redraw,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::workbook::Workbook;

    fn catalog() -> Catalog {
        Workbook::open(crate::core::workbook::runner_root())
            .expect("the catalog is valid")
            .catalog
    }

    #[test]
    fn the_cursor_moves_within_the_shown_katas_and_a_reset_needs_a_yes() {
        let catalog = catalog();
        let mut progress = Progress::new();
        progress.mark_passed(&catalog.katas[0].name, None);
        let mut picker = Picker::new(&catalog, Some(&catalog.katas[1].name));
        let shown = picker.shown(&catalog, &progress);
        assert_eq!(shown.len(), catalog.katas.len());
        assert_eq!(picker.key(&Key::Up, &shown), Action::Redraw);
        assert_eq!(picker.key(&Key::Up, &shown), Action::Redraw);
        assert_eq!(picker.cursor, catalog.katas[0].name, "stops at the top");
        assert_eq!(picker.key(&Key::Down, &shown), Action::Redraw);
        assert_eq!(
            picker.key(&Key::Enter, &shown),
            Action::Watch(catalog.katas[1].name.clone())
        );
        // A reset asks first: anything but `y` forgets it.
        assert_eq!(picker.key(&Key::Rerun, &shown), Action::Redraw);
        assert_eq!(picker.key(&Key::Next, &shown), Action::Redraw);
        assert_eq!(picker.key(&Key::Rerun, &shown), Action::Redraw);
        assert_eq!(
            picker.key(&Key::Yes, &shown),
            Action::Reset(catalog.katas[1].name.clone())
        );
        // The done filter shows the one done kata and moves the cursor to it.
        picker.key(&Key::Filter, &shown);
        picker.key(&Key::Filter, &shown);
        assert_eq!(picker.filter, Filter::Done);
        let shown = picker.shown(&catalog, &progress);
        assert_eq!(shown.len(), 1);
        assert_eq!(picker.position(&shown), Some(0));
        assert_eq!(picker.cursor, catalog.katas[0].name);
        assert_eq!(picker.key(&Key::Escape, &shown), Action::Close);
    }
}
