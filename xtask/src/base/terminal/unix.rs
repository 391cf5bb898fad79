//! The terminal on Unix (Linux, macOS): termios and `TIOCGWINSZ`.

use std::sync::{Mutex, Once};

/// The settings to go back to. Global so that the exit hook can reach them.
static SAVED: Mutex<Option<libc::termios>> = Mutex::new(None);

/// While alive, the terminal is in raw-ish mode: no line buffering, no echo.
/// Signals stay on, so Ctrl-C reaches the interrupt handler that stops the
/// kata; the settings come back however the runner ends (drop, or `exit`
/// from that handler, through a C exit hook).
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
        restore_saved(lock().take());
    }
}

fn lock() -> std::sync::MutexGuard<'static, Option<libc::termios>> {
    SAVED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Puts the terminal back as `RawMode::enter` found it, if it changed it.
pub fn restore() {
    restore_at_exit();
}

fn restore_saved(saved: Option<libc::termios>) {
    if let Some(saved) = saved {
        // SAFETY: settings read from this terminal by `enter`.
        unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &saved) };
    }
}

extern "C" fn restore_at_exit() {
    // `try_lock`: should the exit come while the main thread is restoring,
    // that thread does the job and waiting for it here would never end.
    if let Ok(mut saved) = SAVED.try_lock() {
        restore_saved(saved.take());
    }
}

/// The height in rows of the terminal on stdout, if it is one.
pub fn rows() -> Option<usize> {
    let mut size = std::mem::MaybeUninit::<libc::winsize>::zeroed();
    // SAFETY: TIOCGWINSZ fills the winsize it is given; checked below.
    let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, size.as_mut_ptr()) };
    if ok != 0 {
        return None;
    }
    // SAFETY: zeroed, then filled by a successful ioctl.
    let rows = unsafe { size.assume_init() }.ws_row;
    (rows > 0).then_some(usize::from(rows))
}
