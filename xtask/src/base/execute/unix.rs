//! The real runner: process groups and signals; the exit is awaited on a
//! pidfd (Linux), by polling elsewhere; pipes are read on threads.

use std::convert::Infallible;
use std::io::{self, Read};
use std::os::fd::{AsFd, AsRawFd, RawFd};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard, Once};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use libc::pid_t;

use super::{Capture, Exit, READ_CHUNK, RunOutput, RunRequest};

/// First pause between two checks of whether the kata has exited, where no
/// pidfd wakes us. Short so a quick kata is answered quickly; it doubles up to
/// `MAX_PAUSE` so a long one costs little CPU.
const FIRST_PAUSE: Duration = Duration::from_millis(5);
const MAX_PAUSE: Duration = Duration::from_millis(20);

/// How long CPU use is sampled for a hang report: long enough to see a few
/// clock ticks of a busy thread, short enough that the learner barely waits.
const HANG_SAMPLE: Duration = Duration::from_millis(100);
/// Between SIGTERM and SIGKILL at the time limit. Katas have nothing to save.
const TERM_GRACE: Duration = Duration::from_millis(100);
/// After the kata exits, how long its output may stay open before we call it a
/// leak; lets a short-lived helper process finish writing.
const LEAK_GRACE: Duration = Duration::from_millis(100);
/// After the whole group is killed its pipes close at once, unless a process
/// escaped the group (e.g. `setsid`); we stop reading after this long.
const KILLED_GRACE: Duration = Duration::from_secs(1);
/// How often a reader wakes up to check whether it was told to stop.
const READER_POLL: Duration = Duration::from_millis(50);

pub(super) fn run(request: &RunRequest) -> io::Result<RunOutput> {
    // A boxed run gets a fresh folder of its own, the only place it may write.
    let scratch = match request.confinement.sandbox {
        Some(_) => Some(tempfile::Builder::new().prefix("kata-").tempdir()?),
        None => None,
    };
    let scratch = scratch.as_ref().map(|s| s.path());
    let confinement = &request.confinement;
    let mut prepared = super::confine::Prepared::new(confinement, Some(&request.program), scratch)?;
    let mut command = command(request, scratch, &mut prepared);

    let start = Instant::now();
    let deadline = start.checked_add(request.timeout);
    let mut group = Group::spawn(&mut command)?;
    prepared.spawned();
    // Contained, the spawned child waits for the kata, which is inside its
    // namespace: the looks at its threads are at the kata's own pid.
    let kata = prepared.program_pid().unwrap_or(group.child.id());

    let stdout = group.child.stdout.take().expect("stdout is piped above");
    let stderr = group.child.stderr.take().expect("stderr is piped above");
    // Our own handles on the read ends, to ask the kernel whether every writer
    // has gone, whatever state the reader threads are in.
    let watch = [
        stdout.as_fd().try_clone_to_owned()?,
        stderr.as_fd().try_clone_to_owned()?,
    ];
    let stop = Arc::new(AtomicBool::new(false));
    // Each reader holds a sender and drops it when done: disconnection means both are.
    let (done_tx, done_rx) = mpsc::channel::<Infallible>();
    let readers = [
        spawn_reader("kata-stdout", stdout, &stop, done_tx.clone())?,
        spawn_reader("kata-stderr", stderr, &stop, done_tx)?,
    ];

    let give_up = request.give_up.as_deref();
    let mut at_process_cap = false;
    let (exit, duration, hang, mut leaked) =
        match wait_until(&mut group.child, kata, deadline, give_up)? {
            Waited::Exited => {
                let duration = start.elapsed();
                // Contained, the namespace's init counts what was left running
                // (and has killed it); otherwise what still holds the output.
                let leaked = match prepared.contained() {
                    true => prepared.left_running().is_some_and(|n| n > 0),
                    false => {
                        !readers_done(&done_rx, Instant::now() + LEAK_GRACE)
                            && !watch.iter().all(|fd| writers_gone(fd.as_raw_fd()))
                    }
                };
                // Grandchildren must never outlive the kata, leaked or not.
                let status = group.close()?;
                (exit_of(status), duration, None, leaked)
            }
            waited => {
                let stopped = stop_unended(group, kata, waited, start, confinement)?;
                at_process_cap = stopped.at_process_cap;
                (stopped.exit, stopped.duration, stopped.hang, false)
            }
        };

    if !readers_done(&done_rx, Instant::now() + KILLED_GRACE) {
        // Something outside the group still holds the pipes: stop reading anyway.
        leaked = true;
    }
    stop.store(true, Ordering::Release);
    let [out, err] = readers.map(join_reader);
    let processes_capped = prepared.caps_processes();
    drop(prepared);
    let signal = match exit {
        Exit::Signal(signal) => Some(signal),
        _ => None,
    };
    let limit = super::confine::limit_hit(confinement, processes_capped, signal, &err.bytes)
        .or(at_process_cap.then_some(super::Limit::Processes));
    let refused = super::confine::refusal(confinement, &err.bytes);
    Ok(RunOutput {
        limit,
        refused,
        exit,
        stdout: out.bytes,
        stderr: err.bytes,
        duration,
        truncated: out.truncated || err.truncated,
        leaked,
        hang,
    })
}

/// The kata's command: its program, folder, environment and pipes, in a
/// process group of its own, confined as `prepared` says (`scratch`: the
/// fresh folder of a boxed run).
fn command(
    request: &RunRequest,
    scratch: Option<&std::path::Path>,
    prepared: &mut super::confine::Prepared,
) -> Command {
    let mut command = Command::new(&request.program);
    if let Some(scratch) = scratch {
        // Nothing of the runner's environment: a fixed one, then the run's.
        command.env_clear();
        command.envs(super::confine::boxed_env(scratch));
    }
    command
        .current_dir(scratch.unwrap_or(request.cwd.as_path()))
        .envs(request.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own group: one signal reaches every process the kata starts.
        .process_group(0);
    // SAFETY: the closure makes only async-signal-safe calls (setrlimit,
    // prctl, landlock_restrict_self) on data prepared before the fork.
    unsafe { command.pre_exec(prepared.pre_exec()) };
    command
}

/// How a kata that did not end by itself was stopped.
struct Stopped {
    exit: Exit,
    duration: Duration,
    hang: Option<super::HangReport>,
    /// It was held at its cap on processes.
    at_process_cap: bool,
}

/// Stops a kata that did not end by itself (`waited`: stuck, timed out or
/// given up), after looking at it where that says why: TERM, a grace, then
/// the whole group killed.
fn stop_unended(
    mut group: Group,
    kata: u32,
    waited: Waited,
    start: Instant,
    confinement: &super::Confinement,
) -> io::Result<Stopped> {
    let mut stopped = Stopped {
        exit: Exit::TimedOut,
        duration: start.elapsed(),
        hang: None,
        at_process_cap: false,
    };
    match waited {
        // Every thread waits for another and nothing can wake them: the
        // looks that showed it are the hang report, all blocked.
        #[cfg(target_os = "linux")]
        Waited::Stuck(threads) => {
            stopped.exit = Exit::Stuck;
            stopped.hang = Some(super::HangReport {
                threads,
                all_blocked: true,
            });
        }
        Waited::GaveUp => stopped.exit = Exit::GaveUp,
        // Look before killing: afterwards there is nothing left to see.
        // Given up, the reason is known already.
        _ => stopped.hang = super::hang::hang_report(kata, HANG_SAMPLE),
    }
    // A program held at its cap on processes (a fork bomb that waits for
    // what it started) ends at its time limit: the cap, not the time, is
    // what stopped it. Near the cap is enough (the account's other tasks
    // share an RLIMIT_NPROC); no kata comes near it otherwise.
    let stuck = stopped.exit == Exit::Stuck;
    if !stuck
        && let Some(cap) = confinement.limits.processes
        && super::hang::group_tasks(group.pgid) >= cap - cap / 8
    {
        stopped.at_process_cap = true;
    }
    group.signal(libc::SIGTERM);
    wait_until(
        &mut group.child,
        kata,
        Some(Instant::now() + TERM_GRACE),
        None,
    )?;
    group.close()?;
    if !stuck {
        stopped.duration = start.elapsed();
    }
    Ok(stopped)
}

fn exit_of(status: ExitStatus) -> Exit {
    match status.code() {
        Some(code) => Exit::Code(code),
        None => Exit::Signal(status.signal().unwrap_or(0)),
    }
}

/// How a wait for the kata ended.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Waited {
    Exited,
    TimedOut,
    GaveUp,
    /// Every thread waits forever (`hang::stuck`, Linux); the threads, all blocked.
    #[cfg(target_os = "linux")]
    Stuck(Vec<super::ThreadState>),
}

/// Waits until the child exits, the deadline passes or `give_up` is set.
///
/// On Linux a pidfd wakes us the moment the child exits: a kata that ends at
/// once is answered at once, not after the first pause of a polling loop
/// (a check runs a kata several times, and the schedule explorer once more).
#[cfg(target_os = "linux")]
fn wait_until(
    child: &mut Child,
    kata: u32,
    deadline: Option<Instant>,
    give_up: Option<&AtomicBool>,
) -> io::Result<Waited> {
    use std::os::fd::{FromRawFd, OwnedFd};
    let pid = child.id() as pid_t;
    // SAFETY: pidfd_open takes a pid and flags and returns a new descriptor
    // (or -1, on kernels before 5.3: then poll as elsewhere).
    let raw = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
    if raw < 0 {
        return poll_until(child, deadline, give_up);
    }
    // SAFETY: `raw` is a descriptor just opened for us and owned by no one else.
    let pidfd = unsafe { OwnedFd::from_raw_fd(raw as RawFd) };
    let mut next_look = Instant::now() + super::STUCK_CHECK;
    let mut last_look = None;
    loop {
        if has_exited(child)? {
            return Ok(Waited::Exited);
        }
        if give_up.is_some_and(|g| g.load(Ordering::Acquire)) {
            return Ok(Waited::GaveUp);
        }
        let now = Instant::now();
        // Only a run with a time limit is a kata's; the others are left alone.
        if deadline.is_some() && now >= next_look {
            let look = super::hang::stuck(kata);
            if let (Some(now_seen), Some(then)) = (&look, &last_look)
                && now_seen == then
            {
                return Ok(Waited::Stuck(super::hang::thread_states(now_seen)));
            }
            last_look = look;
            next_look = now + super::STUCK_CHECK;
        }
        let mut wait = match deadline {
            None => None,
            Some(d) if now >= d => return Ok(Waited::TimedOut),
            Some(d) => Some((d - now).min(next_look.saturating_duration_since(now))),
        };
        if give_up.is_some() {
            wait = Some(wait.map_or(super::GIVE_UP_CHECK, |w| w.min(super::GIVE_UP_CHECK)));
        }
        // Rounded up, so that the deadline is not spun towards.
        let timeout = wait.map_or(-1, |w| {
            libc::c_int::try_from(w.as_micros().div_ceil(1000)).unwrap_or(libc::c_int::MAX)
        });
        let mut pollfd = libc::pollfd {
            fd: pidfd.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd for the duration of the call. An error
        // (EINTR) just means another round.
        unsafe { libc::poll(&mut pollfd, 1, timeout) };
    }
}

#[cfg(not(target_os = "linux"))]
fn wait_until(
    child: &mut Child,
    _kata: u32,
    deadline: Option<Instant>,
    give_up: Option<&AtomicBool>,
) -> io::Result<Waited> {
    poll_until(child, deadline, give_up)
}

/// `wait_until` by polling, with pauses that grow from `FIRST_PAUSE`.
fn poll_until(
    child: &mut Child,
    deadline: Option<Instant>,
    give_up: Option<&AtomicBool>,
) -> io::Result<Waited> {
    let mut pause = FIRST_PAUSE;
    loop {
        if has_exited(child)? {
            return Ok(Waited::Exited);
        }
        if give_up.is_some_and(|g| g.load(Ordering::Acquire)) {
            return Ok(Waited::GaveUp);
        }
        let now = Instant::now();
        if deadline.is_some_and(|d| now >= d) {
            return Ok(Waited::TimedOut);
        }
        let mut sleep = deadline.map_or(pause, |d| pause.min(d - now));
        if give_up.is_some() {
            sleep = sleep.min(super::GIVE_UP_CHECK);
        }
        thread::sleep(sleep);
        pause = (pause * 2).min(MAX_PAUSE);
    }
}

/// Whether the child has exited, without reaping it.
///
/// An unreaped (zombie) leader keeps its pid, and so its group id, from being
/// reused, so the group kill that follows cannot hit an unrelated process.
#[cfg(target_os = "linux")]
fn has_exited(child: &mut Child) -> io::Result<bool> {
    let pid = child.id();
    // SAFETY: siginfo_t is plain data; all zeroes is a valid value.
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    // SAFETY: `info` is valid and writable for the call; WNOWAIT leaves the
    // child for `Child::wait` to reap.
    let rc = unsafe {
        libc::waitid(
            libc::P_PID,
            pid,
            &mut info,
            libc::WEXITED | libc::WNOHANG | libc::WNOWAIT,
        )
    };
    if rc == -1 {
        let err = io::Error::last_os_error();
        return match err.kind() {
            io::ErrorKind::Interrupted => Ok(false),
            _ => Err(err),
        };
    }
    // SAFETY: waitid filled `info` (or left it zeroed when nothing changed).
    Ok(unsafe { info.si_pid() } != 0)
}

/// Elsewhere `try_wait` reaps; the window for pid reuse before the group kill is tiny.
#[cfg(not(target_os = "linux"))]
fn has_exited(child: &mut Child) -> io::Result<bool> {
    Ok(child.try_wait()?.is_some())
}

/// A spawned kata whose process group is registered for the interrupt handler.
///
/// Dropping it without `close` (an error or a panic half-way) still kills the
/// group and reaps the child, so no path leaves a kata running.
struct Group {
    child: Child,
    pgid: pid_t,
    closed: bool,
}

impl Group {
    fn spawn(command: &mut Command) -> io::Result<Group> {
        // Spawn and register under one lock: an interrupt in between would
        // otherwise miss this kata.
        let mut live = live_groups();
        let child = command.spawn()?;
        let pgid = pid_t::try_from(child.id()).expect("a pid always fits in pid_t");
        live.push(pgid);
        Ok(Group {
            child,
            pgid,
            closed: false,
        })
    }

    fn signal(&self, signal: libc::c_int) {
        signal_group(self.pgid, signal);
    }

    /// Kills whatever is left of the group, forgets it, and reaps the leader.
    fn close(mut self) -> io::Result<ExitStatus> {
        self.closed = true;
        self.signal(libc::SIGKILL);
        unregister(self.pgid);
        self.child.wait()
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        if !self.closed {
            self.signal(libc::SIGKILL);
            unregister(self.pgid);
            let _ = self.child.wait();
        }
    }
}

fn signal_group(pgid: pid_t, signal: libc::c_int) {
    // kill(0) and kill(-1) would hit our own group or every process we may signal.
    if pgid > 1 {
        // SAFETY: kill has no memory-safety preconditions; a negative pid
        // addresses the process group. ESRCH (already gone) is fine.
        unsafe { libc::kill(-pgid, signal) };
    }
}

/// Process groups of katas now running, for the interrupt handler.
static LIVE_GROUPS: Mutex<Vec<pid_t>> = Mutex::new(Vec::new());

fn live_groups() -> MutexGuard<'static, Vec<pid_t>> {
    // A panic while holding the lock leaves the list itself intact.
    LIVE_GROUPS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn unregister(pgid: pid_t) {
    live_groups().retain(|&p| p != pgid);
}

#[cfg(test)]
pub(super) fn is_registered(pgid: pid_t) -> bool {
    live_groups().contains(&pgid)
}

pub(super) fn install_interrupt_handler() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        // ctrlc runs the handler on its own thread, not in signal context, so
        // it may take the lock.
        if let Err(e) = ctrlc::set_handler(kill_live_groups_and_exit) {
            eprintln!("warning: cannot catch Ctrl-C ({e}); an interrupted kata may keep running");
        }
    });
}

fn kill_live_groups_and_exit() {
    // Keep the lock until exit so that no new kata starts meanwhile.
    let live = live_groups();
    for &pgid in live.iter() {
        signal_group(pgid, libc::SIGKILL);
    }
    // `grade`'s students: what is in their cgroups, and the cgroups.
    super::confine::end_live_cgroups();
    std::process::exit(130);
}

/// Reads one output stream on its own thread, so that neither pipe can fill
/// up and block the kata while we wait on the other.
fn spawn_reader<R>(
    name: &str,
    pipe: R,
    stop: &Arc<AtomicBool>,
    done: Sender<Infallible>,
) -> io::Result<JoinHandle<Capture>>
where
    R: Read + AsRawFd + Send + 'static,
{
    set_nonblocking(pipe.as_raw_fd())?;
    let stop = Arc::clone(stop);
    thread::Builder::new().name(name.to_owned()).spawn(move || {
        let capture = drain_until_stopped(pipe, &stop);
        drop(done);
        capture
    })
}

/// Reads to end of file, or until `stop` is set and nothing more is waiting.
///
/// Non-blocking reads plus `poll` with a timeout, because a blocking read
/// could wait forever on a pipe held open by a process that escaped the group.
fn drain_until_stopped(mut pipe: impl Read + AsRawFd, stop: &AtomicBool) -> Capture {
    let mut capture = Capture::default();
    let mut buf = vec![0u8; READ_CHUNK];
    loop {
        match pipe.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => capture.push(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                if stop.load(Ordering::Acquire) {
                    break;
                }
                wait_readable(pipe.as_raw_fd(), READER_POLL);
            }
            Err(_) => break,
        }
    }
    capture
}

fn join_reader(reader: JoinHandle<Capture>) -> Capture {
    reader
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Waits until the readers are done (true) or the deadline passes (false).
fn readers_done(done: &Receiver<Infallible>, deadline: Instant) -> bool {
    let left = deadline.saturating_duration_since(Instant::now());
    match done.recv_timeout(left) {
        Ok(never) => match never {},
        Err(RecvTimeoutError::Disconnected) => true,
        Err(RecvTimeoutError::Timeout) => false,
    }
}

fn set_nonblocking(fd: RawFd) -> io::Result<()> {
    // SAFETY: fcntl on a descriptor we own; no pointers involved.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    // SAFETY: as above.
    if flags == -1 || unsafe { libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) } == -1 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Sleeps until `fd` is readable (or hung up), at most `timeout`.
fn wait_readable(fd: RawFd, timeout: Duration) {
    let mut pollfd = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    let ms = libc::c_int::try_from(timeout.as_millis()).unwrap_or(libc::c_int::MAX);
    // SAFETY: one valid pollfd for the duration of the call. Errors (EINTR)
    // just mean another round of reading.
    unsafe { libc::poll(&mut pollfd, 1, ms) };
}

/// Whether every write end of the pipe has been closed: the kernel reports
/// POLLHUP on the read end even while unread data remains.
fn writers_gone(fd: RawFd) -> bool {
    let mut pollfd = libc::pollfd {
        fd,
        events: 0,
        revents: 0,
    };
    // SAFETY: one valid pollfd for the duration of the call; no waiting.
    let ready = unsafe { libc::poll(&mut pollfd, 1, 0) };
    ready > 0 && pollfd.revents & libc::POLLHUP != 0
}
