//! The terminal on Windows: the console's input and screen buffer.

use std::sync::Mutex;

use windows_sys::Win32::System::Console::{
    CONSOLE_SCREEN_BUFFER_INFO, ENABLE_ECHO_INPUT, ENABLE_LINE_INPUT,
    ENABLE_VIRTUAL_TERMINAL_INPUT, GetConsoleMode, GetConsoleScreenBufferInfo, GetStdHandle,
    STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, SetConsoleMode,
};

/// The input mode to go back to.
static SAVED: Mutex<Option<u32>> = Mutex::new(None);

/// While alive, the console reads keys as they are pressed: no line input,
/// no echo, and the arrow keys as the escape sequences a Unix terminal sends
/// (where the console has that mode: Windows 10 and later). Processed input
/// stays on, so Ctrl-C reaches the interrupt handler, which puts the mode
/// back (`restore`) before it exits.
pub struct RawMode(());

impl RawMode {
    pub fn enter() -> std::io::Result<RawMode> {
        // SAFETY: plain calls on this process's standard input handle.
        unsafe {
            let input = GetStdHandle(STD_INPUT_HANDLE);
            let mut mode = 0;
            if GetConsoleMode(input, &mut mode) == 0 {
                return Err(std::io::Error::last_os_error());
            }
            *lock() = Some(mode);
            let keys = mode & !(ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT);
            if SetConsoleMode(input, keys | ENABLE_VIRTUAL_TERMINAL_INPUT) == 0
                && SetConsoleMode(input, keys) == 0
            {
                lock().take();
                return Err(std::io::Error::last_os_error());
            }
        }
        Ok(RawMode(()))
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        restore();
    }
}

fn lock() -> std::sync::MutexGuard<'static, Option<u32>> {
    SAVED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Puts the console's input mode back as `RawMode::enter` found it, if it
/// changed it.
pub fn restore() {
    // `try_lock`: should an interrupt come while the main thread is
    // restoring, that thread does the job.
    if let Ok(mut saved) = SAVED.try_lock()
        && let Some(mode) = saved.take()
    {
        // SAFETY: a mode read from this console by `enter`.
        unsafe { SetConsoleMode(GetStdHandle(STD_INPUT_HANDLE), mode) };
    }
}

/// The height in rows of the console window on stdout, if it is one.
pub fn rows() -> Option<usize> {
    // SAFETY: plain data, filled by the call; checked below.
    let mut info: CONSOLE_SCREEN_BUFFER_INFO = unsafe { std::mem::zeroed() };
    // SAFETY: a valid, writable info for this process's standard output.
    if unsafe { GetConsoleScreenBufferInfo(GetStdHandle(STD_OUTPUT_HANDLE), &mut info) } == 0 {
        return None;
    }
    let rows = i32::from(info.srWindow.Bottom) - i32::from(info.srWindow.Top) + 1;
    usize::try_from(rows).ok().filter(|&rows| rows > 0)
}
