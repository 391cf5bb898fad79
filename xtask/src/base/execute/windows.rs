//! The runner on Windows: a Job Object holds the kata and every process it
//! starts, so one call ends them all (at the time limit, when the kata is
//! given up, when it ends leaving processes behind), and closing the job's
//! last handle ends them too, so an interrupted or crashed runner leaves
//! nothing running. The job caps memory and processes. Windows shows no
//! thread's wait state to another process here, so a deadlock is named at
//! the time limit (no `Exit::Stuck`, no hang report).

use std::io::{self, Read};
use std::os::windows::io::{AsRawHandle, FromRawHandle, OwnedHandle};
use std::os::windows::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard, Once};
use std::thread;
use std::time::{Duration, Instant};

use windows_sys::Win32::Foundation::{HANDLE, INVALID_HANDLE_VALUE};
use windows_sys::Win32::System::Diagnostics::ToolHelp::{
    CreateToolhelp32Snapshot, TH32CS_SNAPTHREAD, THREADENTRY32, Thread32First, Thread32Next,
};
use windows_sys::Win32::System::JobObjects::{
    AssignProcessToJobObject, CreateJobObjectW, JOB_OBJECT_LIMIT_ACTIVE_PROCESS,
    JOB_OBJECT_LIMIT_JOB_MEMORY, JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION, JobObjectExtendedLimitInformation,
    SetInformationJobObject, TerminateJobObject,
};
use windows_sys::Win32::System::Threading::{
    CREATE_SUSPENDED, INFINITE, OpenThread, ResumeThread, THREAD_SUSPEND_RESUME,
    WaitForSingleObject,
};

use super::{Capture, Exit, GIVE_UP_CHECK, Limits, READ_CHUNK, RunOutput, RunRequest};

/// After the kata exits, how long its output may stay open before we call it a
/// leak; lets a short-lived helper process finish writing.
const LEAK_GRACE: Duration = Duration::from_millis(100);
/// After the job is ended its pipes close at once; we stop reading after this long.
const KILLED_GRACE: Duration = Duration::from_secs(1);

pub(super) fn run(request: &RunRequest) -> io::Result<RunOutput> {
    // A boxed run gets a fresh folder of its own, as on Unix (no box here:
    // `grade` runs student code on Windows only when told it may, unconfined).
    let scratch = match request.confinement.sandbox {
        Some(_) => Some(tempfile::Builder::new().prefix("kata-").tempdir()?),
        None => None,
    };
    let cwd = scratch.as_ref().map_or(request.cwd.as_path(), |s| s.path());
    let mut command = Command::new(&request.program);
    command
        .current_dir(cwd)
        .envs(request.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Started suspended: it starts nothing before it is in the job.
        .creation_flags(CREATE_SUSPENDED);
    if let Some(scratch) = &scratch {
        command
            .env("TEMP", scratch.path())
            .env("TMP", scratch.path());
    }

    let job = Job::new(&request.confinement.limits)?;
    let start = Instant::now();
    let deadline = start.checked_add(request.timeout);
    let mut child = {
        // Spawned and put in its job under the lock the interrupt handler
        // takes before it exits: no kata is left suspended outside a job.
        let _spawning = spawning();
        let mut child = command.spawn()?;
        if let Err(e) = job.hold(&child) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(e);
        }
        child
    };

    let stdout = child.stdout.take().expect("stdout is piped above");
    let stderr = child.stderr.take().expect("stderr is piped above");
    // Each reader holds a sender and drops it when done: disconnection means both are.
    let (done_tx, done_rx) = mpsc::channel::<std::convert::Infallible>();
    let captures = [
        spawn_reader("kata-stdout", stdout, done_tx.clone())?,
        spawn_reader("kata-stderr", stderr, done_tx)?,
    ];

    let (exit, duration, mut leaked) =
        match wait_until(&mut child, deadline, request.give_up.as_deref())? {
            Waited::Exited => {
                let status = child.wait()?;
                let duration = start.elapsed();
                let leaked = !readers_done(&done_rx, Instant::now() + LEAK_GRACE);
                // Processes the kata started must never outlive it.
                job.end();
                (Exit::Code(status.code().unwrap_or(-1)), duration, leaked)
            }
            waited => {
                job.end();
                let _ = child.wait();
                let exit = match waited {
                    Waited::GaveUp => Exit::GaveUp,
                    _ => Exit::TimedOut,
                };
                (exit, start.elapsed(), false)
            }
        };
    if !readers_done(&done_rx, Instant::now() + KILLED_GRACE) {
        // Something outside the job still holds the pipes: stop reading anyway.
        leaked = true;
    }
    let [out, err] = captures.map(|capture| std::mem::take(&mut *lock(&capture)));
    let confinement = &request.confinement;
    Ok(RunOutput {
        limit: super::confine::limit_hit(confinement, false, None, &err.bytes),
        refused: super::confine::refusal(confinement, &err.bytes),
        exit,
        stdout: out.bytes,
        stderr: err.bytes,
        duration,
        truncated: out.truncated || err.truncated,
        leaked,
        hang: None,
    })
}

/// How a wait for the kata ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Waited {
    Exited,
    TimedOut,
    GaveUp,
}

/// Waits on the process handle until the kata exits, the deadline passes or
/// `give_up` is set (looked at every `GIVE_UP_CHECK`).
fn wait_until(
    child: &mut Child,
    deadline: Option<Instant>,
    give_up: Option<&AtomicBool>,
) -> io::Result<Waited> {
    loop {
        if child.try_wait()?.is_some() {
            return Ok(Waited::Exited);
        }
        if give_up.is_some_and(|g| g.load(Ordering::Acquire)) {
            return Ok(Waited::GaveUp);
        }
        let now = Instant::now();
        let mut wait = match deadline {
            None => None,
            Some(d) if now >= d => return Ok(Waited::TimedOut),
            Some(d) => Some(d - now),
        };
        if give_up.is_some() {
            wait = Some(wait.map_or(GIVE_UP_CHECK, |w| w.min(GIVE_UP_CHECK)));
        }
        // Rounded up, so that the deadline is not spun towards.
        let ms = wait.map_or(INFINITE, |w| {
            u32::try_from(w.as_micros().div_ceil(1000)).unwrap_or(INFINITE - 1)
        });
        // SAFETY: the child's process handle is valid while `child` lives.
        unsafe { WaitForSingleObject(child.as_raw_handle() as HANDLE, ms) };
    }
}

/// A Job Object: the processes in it end together, at the latest when its
/// last handle (this one; it is not inherited) is closed.
struct Job(OwnedHandle);

impl Job {
    fn new(limits: &Limits) -> io::Result<Job> {
        // SAFETY: no security attributes, no name: a new anonymous job.
        let handle = unsafe { CreateJobObjectW(std::ptr::null(), std::ptr::null()) };
        if handle.is_null() {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: a valid handle just returned to us and owned by no one else.
        let job = Job(unsafe { OwnedHandle::from_raw_handle(handle) });
        // SAFETY: plain data; all zeroes is "no limits".
        let mut info: JOBOBJECT_EXTENDED_LIMIT_INFORMATION = unsafe { std::mem::zeroed() };
        let mut flags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        if let Some(bytes) = limits.memory {
            flags |= JOB_OBJECT_LIMIT_JOB_MEMORY;
            info.JobMemoryLimit = usize::try_from(bytes).unwrap_or(usize::MAX);
        }
        if let Some(more) = limits.processes {
            // The kata itself, and the processes it may start.
            flags |= JOB_OBJECT_LIMIT_ACTIVE_PROCESS;
            info.BasicLimitInformation.ActiveProcessLimit =
                u32::try_from(more + 1).unwrap_or(u32::MAX);
        }
        info.BasicLimitInformation.LimitFlags = flags;
        // SAFETY: `info` is a valid JOBOBJECT_EXTENDED_LIMIT_INFORMATION of
        // the size given, read during the call only.
        let set = unsafe {
            SetInformationJobObject(
                job.raw(),
                JobObjectExtendedLimitInformation,
                std::ptr::from_ref(&info).cast(),
                std::mem::size_of_val(&info) as u32,
            )
        };
        if set == 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(job)
    }

    fn raw(&self) -> HANDLE {
        self.0.as_raw_handle() as HANDLE
    }

    /// Puts the (suspended) child in the job, then lets it run.
    fn hold(&self, child: &Child) -> io::Result<()> {
        // SAFETY: both handles are valid for the call.
        if unsafe { AssignProcessToJobObject(self.raw(), child.as_raw_handle() as HANDLE) } == 0 {
            return Err(io::Error::last_os_error());
        }
        resume(child.id())
    }

    /// Ends every process in the job; those already gone are fine.
    fn end(&self) {
        // SAFETY: a valid job handle.
        unsafe { TerminateJobObject(self.raw(), 1) };
    }
}

/// Resumes the threads of process `pid`: one, the main thread of a process
/// created suspended (std's `Child` does not keep its handle).
fn resume(pid: u32) -> io::Result<()> {
    // SAFETY: a snapshot of every thread on the system; checked below.
    let snapshot = unsafe { CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0) };
    if snapshot == INVALID_HANDLE_VALUE {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: a valid handle just returned to us.
    let snapshot = unsafe { OwnedHandle::from_raw_handle(snapshot) };
    // SAFETY: plain data; `dwSize` is set as the API asks.
    let mut entry: THREADENTRY32 = unsafe { std::mem::zeroed() };
    entry.dwSize = std::mem::size_of::<THREADENTRY32>() as u32;
    let mut resumed = false;
    // SAFETY: a valid snapshot and a valid, sized entry for each call.
    let mut more = unsafe { Thread32First(snapshot.as_raw_handle() as HANDLE, &mut entry) } != 0;
    while more {
        if entry.th32OwnerProcessID == pid {
            // SAFETY: opens a thread by id; null on failure, checked.
            let thread = unsafe { OpenThread(THREAD_SUSPEND_RESUME, 0, entry.th32ThreadID) };
            if !thread.is_null() {
                // SAFETY: a valid thread handle, closed right after.
                let thread = unsafe { OwnedHandle::from_raw_handle(thread) };
                // SAFETY: as above.
                resumed |= unsafe { ResumeThread(thread.as_raw_handle() as HANDLE) } != u32::MAX;
            }
        }
        // SAFETY: as for `Thread32First`.
        more = unsafe { Thread32Next(snapshot.as_raw_handle() as HANDLE, &mut entry) } != 0;
    }
    if resumed {
        Ok(())
    } else {
        Err(io::Error::other("the kata's process could not be started"))
    }
}

/// Held while a kata is spawned and put in its job.
static SPAWNING: Mutex<()> = Mutex::new(());

fn spawning() -> MutexGuard<'static, ()> {
    SPAWNING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Ctrl-C reaches every process of the console, the kata too; the runner
/// exits with 130, and closing its jobs ends whatever a kata started.
pub(super) fn install_interrupt_handler() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let handler = || {
            // Keep the lock until exit, so that no kata is between its spawn
            // and its job.
            let _spawning = spawning();
            crate::base::terminal::restore();
            std::process::exit(130);
        };
        if let Err(e) = ctrlc::set_handler(handler) {
            eprintln!("warning: cannot catch Ctrl-C ({e}); an interrupted kata may keep running");
        }
    });
}

/// Reads one output stream on its own thread into a shared capture, so
/// that what it read is there even if the stream is never closed.
fn spawn_reader<R>(
    name: &str,
    mut pipe: R,
    done: Sender<std::convert::Infallible>,
) -> io::Result<Arc<Mutex<Capture>>>
where
    R: Read + Send + 'static,
{
    let capture = Arc::new(Mutex::new(Capture::default()));
    let shared = Arc::clone(&capture);
    thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            let mut buf = vec![0u8; READ_CHUNK];
            loop {
                match pipe.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => lock(&shared).push(&buf[..n]),
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(_) => break,
                }
            }
            drop(done);
        })?;
    Ok(capture)
}

fn lock(capture: &Mutex<Capture>) -> MutexGuard<'_, Capture> {
    capture
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Waits until the readers are done (true) or the deadline passes (false).
fn readers_done(done: &Receiver<std::convert::Infallible>, deadline: Instant) -> bool {
    let left = deadline.saturating_duration_since(Instant::now());
    match done.recv_timeout(left) {
        Ok(never) => match never {},
        Err(RecvTimeoutError::Disconnected) => true,
        Err(RecvTimeoutError::Timeout) => false,
    }
}
