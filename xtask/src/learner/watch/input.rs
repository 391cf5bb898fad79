//! The learner's commands: single key presses in a terminal, lines otherwise.
//!
//! In a terminal the keys are read as they are pressed (line buffering and echo
//! off, Ctrl-C still a signal), and the terminal is put back however the
//! watcher ends: returning, panicking, or exiting from the Ctrl-C handler.
//! Without a terminal (an editor's task, a pipe) commands are read as lines,
//! and the end of the input does not stop the watcher: it keeps checking
//! saves until `q` or Ctrl-C, so it also runs with nothing on its input.

use std::io::{BufRead, IsTerminal, Read};
use std::sync::mpsc::Sender;

use anyhow::{Context, Result};

use super::Event;
use crate::base::terminal::RawMode;
use crate::render::failed::{self, Task};

/// A command to the watcher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    Hint,
    List,
    /// Draw the schedule on which the last check failed.
    Trace,
    Next,
    Rerun,
    Quit,
    /// Keys of the list (`l`): move, watch the kata under the cursor, show
    /// all, pending or done katas, answer yes, close.
    Up,
    Down,
    Enter,
    Filter,
    Yes,
    Escape,
    /// A line that is no command (plain mode only; stray keys are ignored).
    Unknown(String),
}

impl Key {
    /// A key pressed in a terminal; other keys (arrows, Enter) mean nothing.
    pub fn from_byte(byte: u8) -> Option<Key> {
        match byte.to_ascii_lowercase() {
            b'h' => Some(Key::Hint),
            b'l' => Some(Key::List),
            b't' => Some(Key::Trace),
            b'n' => Some(Key::Next),
            b'r' => Some(Key::Rerun),
            b'q' => Some(Key::Quit),
            b'k' => Some(Key::Up),
            b'j' => Some(Key::Down),
            b'\r' | b'\n' => Some(Key::Enter),
            b'f' => Some(Key::Filter),
            b'y' => Some(Key::Yes),
            _ => None,
        }
    }

    /// A line of input in plain mode: the key's letter or the word it stands for.
    pub fn from_line(line: &str) -> Option<Key> {
        let word = line.trim().to_ascii_lowercase();
        Some(match word.as_str() {
            "" => return None,
            "h" | "hint" => Key::Hint,
            "l" | "list" => Key::List,
            "t" | "trace" => Key::Trace,
            "n" | "next" => Key::Next,
            "r" | "run" | "rerun" => Key::Rerun,
            "q" | "quit" | "exit" => Key::Quit,
            _ => Key::Unknown(word),
        })
    }
}

/// How the watcher talks to the learner; dropping it restores the terminal.
pub struct Console {
    /// A terminal on both ends: redraw the screen, and keys need no Enter.
    pub interactive: bool,
    /// Keys are read one by one (the terminal is in raw mode).
    pub single_keys: bool,
    _raw: Option<RawMode>,
}

impl Console {
    /// Sets up the terminal (if there is one) and starts reading commands
    /// into `events`.
    pub fn start(events: Sender<Event>) -> Result<Console> {
        let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
        let raw = if interactive {
            RawMode::enter().ok()
        } else {
            None
        };
        let single_keys = raw.is_some();

        std::thread::Builder::new()
            .name("watch-input".into())
            .spawn(move || {
                if single_keys {
                    read_keys(&events)
                } else {
                    read_lines(&events)
                }
            })
            .with_context(|| failed::task(Task::KeyboardThread))?;
        Ok(Console {
            interactive,
            single_keys,
            _raw: raw,
        })
    }
}

fn read_keys(events: &Sender<Event>) {
    let mut bytes = std::io::stdin().lock().bytes();
    while let Some(Ok(byte)) = bytes.next() {
        // The arrows are `ESC [ A` and `ESC [ B`; Esc alone closes the list.
        let key = if byte == 0x1b {
            match bytes.next() {
                Some(Ok(b'[')) => match bytes.next() {
                    Some(Ok(b'A')) => Some(Key::Up),
                    Some(Ok(b'B')) => Some(Key::Down),
                    _ => None,
                },
                Some(Ok(other)) => {
                    if events.send(Event::Key(Key::Escape)).is_err() {
                        return;
                    }
                    Key::from_byte(other)
                }
                _ => Some(Key::Escape),
            }
        } else {
            Key::from_byte(byte)
        };
        if let Some(key) = key
            && events.send(Event::Key(key)).is_err()
        {
            return;
        }
    }
}

/// Ends at the end of the input, leaving the watcher running (see the module docs).
fn read_lines(events: &Sender<Event>) {
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { return };
        if let Some(key) = Key::from_line(&line)
            && events.send(Event::Key(key)).is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_lines_name_the_same_commands() {
        for (byte, line, key) in [
            (b'h', "hint", Key::Hint),
            (b'l', "list", Key::List),
            (b't', "trace", Key::Trace),
            (b'n', "next", Key::Next),
            (b'r', "run", Key::Rerun),
            (b'q', "quit", Key::Quit),
        ] {
            assert_eq!(Key::from_byte(byte), Some(key.clone()));
            assert_eq!(Key::from_byte(byte.to_ascii_uppercase()), Some(key.clone()));
            assert_eq!(Key::from_line(&format!("  {line}\r")), Some(key.clone()));
            assert_eq!(Key::from_line(&(byte as char).to_string()), Some(key));
        }
    }

    #[test]
    fn stray_input_is_ignored_or_named() {
        assert_eq!(Key::from_byte(b'x'), None);
        assert_eq!(Key::from_byte(0x1b), None);
        // The list's keys, in a terminal.
        assert_eq!(Key::from_byte(b'\n'), Some(Key::Enter));
        assert_eq!(Key::from_byte(b'j'), Some(Key::Down));
        assert_eq!(Key::from_byte(b'k'), Some(Key::Up));
        assert_eq!(Key::from_line("   "), None);
        assert_eq!(Key::from_line("help"), Some(Key::Unknown("help".into())));
    }
}
