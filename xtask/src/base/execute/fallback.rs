//! Minimal runner for systems without Unix process groups: spawn, cap the
//! output, kill the program itself at the time limit.
//!
//! Not done here: killing processes the kata started, leak detection, hang
//! reports, Ctrl-C forwarding. A grandchild that keeps the output open makes
//! `run` wait for it.

use std::io::{self, Read};
use std::process::{Child, Command, Stdio};
use std::thread::{self, JoinHandle};
use std::time::Instant;

use super::{Capture, Exit, FIRST_PAUSE, MAX_PAUSE, READ_CHUNK, RunOutput, RunRequest};

pub(super) fn run(request: &RunRequest) -> io::Result<RunOutput> {
    let start = Instant::now();
    let deadline = start.checked_add(request.timeout);
    let mut child = Command::new(&request.program)
        .current_dir(&request.cwd)
        .envs(request.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let readers = match spawn_readers(&mut child) {
        Ok(readers) => readers,
        Err(e) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(e);
        }
    };

    let mut pause = FIRST_PAUSE;
    let exit = loop {
        if let Some(status) = child.try_wait()? {
            break Exit::Code(status.code().unwrap_or(-1));
        }
        let given_up = request
            .give_up
            .as_ref()
            .is_some_and(|g| g.load(std::sync::atomic::Ordering::Acquire));
        let now = Instant::now();
        if given_up || deadline.is_some_and(|d| now >= d) {
            // Already exited in between is fine: kill then reports an error we ignore.
            let _ = child.kill();
            child.wait()?;
            break if given_up {
                Exit::GaveUp
            } else {
                Exit::TimedOut
            };
        }
        thread::sleep(deadline.map_or(pause, |d| pause.min(d - now)));
        pause = (pause * 2).min(MAX_PAUSE);
    };
    let duration = start.elapsed();

    let [out, err] = readers.map(|reader| {
        reader
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    Ok(RunOutput {
        exit,
        stdout: out.bytes,
        stderr: err.bytes,
        duration,
        truncated: out.truncated || err.truncated,
        leaked: false,
        hang: None,
        limit: None,
        refused: None,
    })
}

fn spawn_readers(child: &mut Child) -> io::Result<[JoinHandle<Capture>; 2]> {
    let stdout = child.stdout.take().expect("stdout is piped above");
    let stderr = child.stderr.take().expect("stderr is piped above");
    Ok([
        thread::Builder::new()
            .name("kata-stdout".into())
            .spawn(move || drain_blocking(stdout))?,
        thread::Builder::new()
            .name("kata-stderr".into())
            .spawn(move || drain_blocking(stderr))?,
    ])
}

/// Reads a stream to its end, keeping only what fits in a `Capture`.
fn drain_blocking(mut pipe: impl Read) -> Capture {
    let mut capture = Capture::default();
    let mut buf = vec![0u8; READ_CHUNK];
    loop {
        match pipe.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => capture.push(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    capture
}

pub(super) fn install_interrupt_handler() {}
