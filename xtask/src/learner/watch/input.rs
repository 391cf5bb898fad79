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
    #[cfg(unix)]
    _raw: Option<raw::RawMode>,
}

impl Console {
    /// Sets up the terminal (if there is one) and starts reading commands
    /// into `events`.
    pub fn start(events: Sender<Event>) -> Result<Console> {
        let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
        #[cfg(unix)]
        let raw = if interactive {
            raw::RawMode::enter().ok()
        } else {
            None
        };
        #[cfg(unix)]
        let single_keys = raw.is_some();
        #[cfg(not(unix))]
        let single_keys = false;

        std::thread::Builder::new()
            .name("watch-input".into())
            .spawn(move || {
                if single_keys {
                    read_keys(&events)
                } else {
                    read_lines(&events)
                }
            })
            .context("Failed to start a thread to read the keyboard")?;
        Ok(Console {
            interactive,
            single_keys,
            #[cfg(unix)]
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

#[cfg(unix)]
pub(crate) mod raw {
    //! Raw-ish terminal mode with termios: no line buffering, no echo. Signals
    //! stay on, so Ctrl-C reaches the interrupt handler that stops the kata.

    use std::sync::{Mutex, Once};

    /// The settings to go back to. Global so that the exit hook can reach them.
    static SAVED: Mutex<Option<libc::termios>> = Mutex::new(None);

    /// While alive, the terminal is in raw mode.
    pub struct RawMode(());

    impl RawMode {
        pub fn enter() -> std::io::Result<RawMode> {
            let fd = libc::STDIN_FILENO;
            let mut saved = std::mem::MaybeUninit::<libc::termios>::uninit();
            // SAFETY: tcgetattr fills the termios it is given; checked below.
            if unsafe { libc::tcgetattr(fd, saved.as_mut_ptr()) } != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // SAFETY: tcgetattr succeeded, so the value is initialised.
            let saved = unsafe { saved.assume_init() };
            let mut raw = saved;
            raw.c_lflag &= !(libc::ICANON | libc::ECHO);
            raw.c_cc[libc::VMIN] = 1;
            raw.c_cc[libc::VTIME] = 0;
            *lock() = Some(saved);
            // The Ctrl-C handler ends the process with `exit`, which runs no
            // destructors but does run C exit hooks.
            static HOOK: Once = Once::new();
            // SAFETY: `restore_at_exit` is a plain function that stays valid.
            HOOK.call_once(|| unsafe {
                libc::atexit(restore_at_exit);
            });
            // SAFETY: a valid termios for our own standard input.
            if unsafe { libc::tcsetattr(fd, libc::TCSANOW, &raw) } != 0 {
                lock().take();
                return Err(std::io::Error::last_os_error());
            }
            Ok(RawMode(()))
        }
    }

    impl Drop for RawMode {
        fn drop(&mut self) {
            restore(lock().take());
        }
    }

    fn lock() -> std::sync::MutexGuard<'static, Option<libc::termios>> {
        SAVED
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn restore(saved: Option<libc::termios>) {
        if let Some(saved) = saved {
            // SAFETY: settings read from this terminal by `enter`.
            unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &saved) };
        }
    }

    extern "C" fn restore_at_exit() {
        // `try_lock`: should the exit come while the main thread is restoring,
        // that thread does the job and waiting for it here would never end.
        if let Ok(mut saved) = SAVED.try_lock() {
            restore(saved.take());
        }
    }
}

/// The terminal's height in rows: asked of the terminal on stdout, else
/// `LINES`; `None` without either.
pub fn terminal_rows() -> Option<usize> {
    #[cfg(unix)]
    {
        let mut size = std::mem::MaybeUninit::<libc::winsize>::zeroed();
        // SAFETY: TIOCGWINSZ fills the winsize it is given; checked below.
        let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, size.as_mut_ptr()) };
        if ok == 0 {
            // SAFETY: zeroed, then filled by a successful ioctl.
            let rows = unsafe { size.assume_init() }.ws_row;
            if rows > 0 {
                return Some(usize::from(rows));
            }
        }
    }
    std::env::var("LINES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|&rows: &usize| rows > 0)
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
