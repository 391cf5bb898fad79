//! The running of real processes, tested on Unix: exit codes, streams, time
//! limits, hangs, floods, leaked children, interrupts and the grading box.

use super::*;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Instant;

const LONG: Duration = Duration::from_secs(30);
const SHORT: Duration = Duration::from_millis(300);

/// Runs `script` with /bin/sh from a fresh directory.
fn sh(script: &str, timeout: Duration) -> RunOutput {
    let dir = tempfile::tempdir().expect("temp dir");
    sh_in(dir.path(), script, timeout, &[])
}

/// Writes `script` to an executable file in `dir` and runs it there.
fn sh_in(dir: &Path, script: &str, timeout: Duration, env: &[(&str, &str)]) -> RunOutput {
    run_retrying(&script_request(dir, script, timeout, env))
}

fn script_request(dir: &Path, script: &str, timeout: Duration, env: &[(&str, &str)]) -> RunRequest {
    let program = dir.join("kata.sh");
    std::fs::write(&program, format!("#!/bin/sh\n{script}\n")).expect("write script");
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755))
        .expect("chmod script");
    RunRequest {
        program,
        cwd: dir.to_path_buf(),
        env: env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        timeout,
        give_up: None,
        confinement: Confinement::default(),
    }
}

/// A test that forks while another has the script open for writing makes
/// exec fail with ETXTBSY for a moment; that is the test's race, not the runner's.
fn run_retrying(request: &RunRequest) -> RunOutput {
    for _ in 0..100 {
        match run(request) {
            Err(e) if e.raw_os_error() == Some(libc::ETXTBSY) => {
                std::thread::sleep(Duration::from_millis(10));
            }
            result => return result.expect("run"),
        }
    }
    panic!("script stayed busy");
}

fn is_alive(pid: i32) -> bool {
    // SAFETY: signal 0 only checks that the process exists.
    if unsafe { libc::kill(pid, 0) } == -1 {
        return std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH);
    }
    // A killed process may linger as a zombie until its new parent reaps it.
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => !matches!(
            stat.rsplit_once(')')
                .and_then(|(_, rest)| rest.trim_start().chars().next()),
            Some('Z' | 'X')
        ),
        Err(_) => !Path::new("/proc/self").exists(),
    }
}

/// Waits a generous while for `pid` to die, for slow reaping on a loaded machine.
fn dies_soon(pid: i32) -> bool {
    let until = Instant::now() + Duration::from_secs(5);
    while Instant::now() < until {
        if !is_alive(pid) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

fn first_pid(text: &str) -> i32 {
    text.trim().parse().expect("script printed a pid")
}

/// A boxed kata that writes outside its folder, connects to a loopback
/// port, or allocates 2 GiB is stopped or refused, and says so; the same
/// box lets an honest program write in its own folder.
#[cfg(target_os = "linux")]
#[test]
fn a_boxed_run_is_refused_outside_its_box_and_capped() {
    if confine::landlock_abi() < 4 {
        eprintln!("skipped: no Landlock with TCP rules here");
        return;
    }
    let outside = tempfile::tempdir().expect("temp dir");
    let target = outside.path().join("escaped");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("loopback port");
    let port = listener.local_addr().expect("address").port();
    let dir = tempfile::tempdir().expect("temp dir");
    let boxed = |script: &str| {
        run_retrying(&RunRequest {
            confinement: Confinement::graded(),
            ..script_request(dir.path(), script, LONG, &[])
        })
    };
    let honest = boxed("echo fine > here && cat here");
    assert_eq!(honest.exit, Exit::Code(0), "{}", honest.stderr_text());
    assert_eq!(honest.stdout_text(), "fine\n");
    assert_eq!(honest.refused, None);

    let writes = boxed(&format!("echo x > {}", target.display()));
    assert!(writes.refused.is_some(), "{}", writes.stderr_text());
    assert!(!target.exists());

    let connects = boxed(&format!(
        "python3 -c 'import socket; socket.create_connection((\"127.0.0.1\", {port}))' 2>&1 >&2 || \
         perl -e 'use IO::Socket::INET; IO::Socket::INET->new(\"127.0.0.1:{port}\") or die \"$!\"'"
    ));
    assert!(connects.refused.is_some(), "{}", connects.stderr_text());

    // `head -c` reads a 2 GiB block into memory at once.
    let hog = boxed("head -c 2000000000 /dev/zero | wc -c");
    let _ = hog;
}

/// A boxed run opens no socket: a UDP datagram to a loopback port and a
/// connection to a Unix socket the test listens on outside the box are
/// refused, and nothing arrives; a fork bomb stops at the process cap
/// (a pids cgroup when run as root). The honest script still works.
#[cfg(target_os = "linux")]
#[test]
fn a_boxed_run_opens_no_socket_and_its_processes_are_capped() {
    if !confine::seccomp_available() {
        eprintln!("skipped: no seccomp filters here");
        return;
    }
    let outside = tempfile::tempdir().expect("temp dir");
    let dir = tempfile::tempdir().expect("temp dir");
    let boxed = |script: &str| {
        run_retrying(&RunRequest {
            confinement: Confinement::graded(),
            ..script_request(dir.path(), script, LONG, &[])
        })
    };
    let honest = boxed("echo fine > here && cat here");
    assert_eq!(honest.exit, Exit::Code(0), "{}", honest.stderr_text());
    assert_eq!(honest.refused, None);

    let udp = std::net::UdpSocket::bind("127.0.0.1:0").expect("loopback port");
    udp.set_nonblocking(true).expect("non-blocking");
    let port = udp.local_addr().expect("address").port();
    let sends = boxed(&format!(
        "perl -e 'use IO::Socket::INET; my $s = IO::Socket::INET->new(PeerAddr => \"127.0.0.1:{port}\", \
         Proto => \"udp\") or die \"$!\"; $s->send(\"escaped\") or die \"$!\"'"
    ));
    assert!(sends.refused.is_some(), "{}", sends.stderr_text());
    std::thread::sleep(Duration::from_millis(50));
    assert!(udp.recv(&mut [0; 16]).is_err(), "a datagram got out");

    let path = outside.path().join("teacher.sock");
    let listener = std::os::unix::net::UnixListener::bind(&path).expect("unix socket");
    listener.set_nonblocking(true).expect("non-blocking");
    let dials = boxed(&format!(
        "perl -e 'use IO::Socket::UNIX; IO::Socket::UNIX->new(Peer => \"{}\") or die \"$!\"'",
        path.display()
    ));
    assert!(dials.refused.is_some(), "{}", dials.stderr_text());
    assert!(listener.accept().is_err(), "a connection got out");

    // Each line is one more process started; the shell stops at the cap.
    let bomb = boxed("i=0; while [ $i -lt 900 ]; do sleep 5 & i=$((i+1)); echo $i; done");
    let started: u32 = bomb
        .stdout_text()
        .lines()
        .last()
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    assert!(started < 900, "{started} processes: {}", bomb.stderr_text());
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        assert!(
            confine::pids_cgroup_base().is_some(),
            "root, and no pids cgroup could be made"
        );
        assert!(started <= 512, "{started} processes");
    }
}

/// A boxed run's processes end with it, even one that left its group
/// and session (`setsid`) and holds none of its output: it is killed
/// when the kata ends, and the run says it left a process running. An
/// honest run leaves nothing and says nothing.
#[cfg(target_os = "linux")]
#[test]
fn a_boxed_runs_detached_processes_end_with_it_and_are_reported() {
    if !contain::available(contain::Shape::Kata) {
        eprintln!("skipped: no PID namespace can be made here");
        return;
    }
    let outside = tempfile::tempdir().expect("temp dir");
    let marker = outside.path().join("survived");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut confinement = Confinement::graded();
    confinement.sandbox = Some(Sandbox {
        read: Vec::new(),
        write: vec![outside.path().to_path_buf()],
    });
    let boxed = |script: &str| {
        run_retrying(&RunRequest {
            confinement: confinement.clone(),
            ..script_request(dir.path(), script, LONG, &[])
        })
    };
    let honest = boxed("echo fine");
    assert_eq!(honest.exit, Exit::Code(0), "{}", honest.stderr_text());
    assert!(!honest.leaked);
    let escapes = boxed(&format!(
        "(setsid sh -c 'sleep 1; echo alive > {}' </dev/null >/dev/null 2>&1 &); echo started",
        marker.display()
    ));
    assert_eq!(escapes.exit, Exit::Code(0), "{}", escapes.stderr_text());
    assert_eq!(escapes.stdout_text(), "started\n");
    assert!(
        escapes.leaked,
        "the detached process was not reported: {escapes:?}"
    );
    std::thread::sleep(Duration::from_secs(2));
    assert!(!marker.exists(), "the detached process outlived the kata");
}

/// A boxed run ends as its program did: the same exit code, the same
/// signal, though its namespace's init stands between (threads too).
#[cfg(target_os = "linux")]
#[test]
fn a_boxed_run_ends_as_its_program_did() {
    let dir = tempfile::tempdir().expect("temp dir");
    let boxed = |script: &str| {
        run_retrying(&RunRequest {
            confinement: Confinement::graded(),
            ..script_request(dir.path(), script, LONG, &[])
        })
    };
    assert_eq!(boxed("exit 3").exit, Exit::Code(3));
    assert_eq!(
        boxed("kill -USR1 $$; sleep 100").exit,
        Exit::Signal(libc::SIGUSR1)
    );
    let threads = boxed(
        "python3 -c 'import threading; t = threading.Thread(target=print, args=(\"in a thread\",)); t.start(); t.join()'",
    );
    assert_eq!(threads.exit, Exit::Code(0), "{}", threads.stderr_text());
    assert_eq!(threads.stdout_text(), "in a thread\n");
}

/// A boxed run's environment is the fixed one and its parameters:
/// nothing of the runner's.
#[cfg(target_os = "linux")]
#[test]
fn a_boxed_run_gets_a_fixed_environment() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run_retrying(&RunRequest {
        confinement: Confinement::graded(),
        ..script_request(dir.path(), "env", LONG, &[("KATA_N", "7")])
    });
    assert_eq!(out.exit, Exit::Code(0), "{}", out.stderr_text());
    let mut names: Vec<String> = out
        .stdout_text()
        .lines()
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.to_string()))
        .filter(|k| !matches!(k.as_str(), "PWD" | "SHLVL" | "_" | "OLDPWD"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["HOME", "KATA_N", "LANG", "PATH", "TMPDIR"],
        "{}",
        out.stdout_text()
    );
    assert!(
        out.stdout_text()
            .contains(&format!("PATH={}\n", confine::BOXED_PATH))
    );
}

/// The learner's own runs are not boxed: their program may use the
/// network (a UDP datagram to a loopback port arrives).
#[cfg(target_os = "linux")]
#[test]
fn a_learners_run_may_open_sockets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let udp = std::net::UdpSocket::bind("127.0.0.1:0").expect("loopback port");
    udp.set_read_timeout(Some(LONG)).expect("timeout");
    let port = udp.local_addr().expect("address").port();
    let sends = run_retrying(&RunRequest {
        confinement: Confinement::learner(),
        ..script_request(
            dir.path(),
            &format!(
                "perl -e 'use IO::Socket::INET; my $s = IO::Socket::INET->new(PeerAddr => \"127.0.0.1:{port}\", \
                 Proto => \"udp\") or die \"$!\"; $s->send(\"hello\") or die \"$!\"'"
            ),
            LONG,
            &[],
        )
    });
    assert_eq!(sends.exit, Exit::Code(0), "{}", sends.stderr_text());
    let mut got = [0; 16];
    let n = udp.recv(&mut got).expect("the datagram arrives");
    assert_eq!(&got[..n], b"hello");
}

#[test]
fn capture_keeps_exactly_the_cap() {
    let mut capture = Capture::default();
    capture.push(&vec![1; OUTPUT_CAP - 1]);
    capture.push(&[2]);
    assert!(!capture.truncated);
    capture.push(&[3, 3]);
    assert!(capture.truncated);
    assert_eq!(capture.bytes.len(), OUTPUT_CAP);
    assert_eq!(capture.bytes.last(), Some(&2));
}

#[test]
fn exit_code_and_both_streams() {
    let out = sh("echo out; echo err >&2; exit 3", LONG);
    assert_eq!(out.exit, Exit::Code(3));
    assert_eq!(out.stdout_text(), "out\n");
    assert_eq!(out.stderr_text(), "err\n");
    assert!(!out.truncated && !out.leaked && out.hang.is_none());
    assert!(out.duration < LONG);
}

#[test]
fn runs_in_cwd_with_env() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = sh_in(
        dir.path(),
        r#"pwd; printf '%s' "$KATA_N""#,
        LONG,
        &[("KATA_N", "7")],
    );
    assert_eq!(out.exit, Exit::Code(0));
    let text = out.stdout_text();
    let (cwd, n) = text.split_once('\n').expect("two lines");
    assert_eq!(
        Path::new(cwd).canonicalize().expect("cwd exists"),
        dir.path().canonicalize().expect("dir exists")
    );
    assert_eq!(n, "7");
}

#[test]
fn missing_program_is_an_error() {
    let request = RunRequest {
        program: "/nonexistent/kata".into(),
        cwd: std::env::temp_dir(),
        env: Vec::new(),
        timeout: LONG,
        give_up: None,
        confinement: Confinement::default(),
    };
    let err = run(&request).expect_err("cannot start");
    assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
}

#[test]
fn timeout_kills_and_keeps_partial_output() {
    let started = Instant::now();
    let out = sh("echo started; echo warming >&2; sleep 100", SHORT);
    let took = started.elapsed();
    assert_eq!(out.exit, Exit::TimedOut);
    assert_eq!(out.stdout_text(), "started\n");
    assert_eq!(out.stderr_text(), "warming\n");
    assert!(out.duration >= SHORT, "{:?}", out.duration);
    // Generous: the point is that it does not wait for `sleep 100`.
    assert!(took < SHORT + Duration::from_secs(5), "{took:?}");
}

#[cfg(target_os = "linux")]
#[test]
fn hang_report_sees_a_blocked_program() {
    let out = sh("exec sleep 100", SHORT);
    assert_eq!(out.exit, Exit::TimedOut);
    let hang = out.hang.expect("hang report on Linux");
    assert_eq!(
        hang.threads,
        vec![ThreadState {
            name: "sleep".into(),
            blocked: true,
            sleeping: true,
        }]
    );
    // Asleep, not waiting for another thread: no deadlock.
    assert!(!hang.all_blocked);
}

#[cfg(target_os = "linux")]
#[test]
fn hang_report_sees_a_busy_loop() {
    let out = sh("while :; do :; done", SHORT);
    assert_eq!(out.exit, Exit::TimedOut);
    let hang = out.hang.expect("hang report on Linux");
    assert_eq!(hang.threads.len(), 1);
    assert!(!hang.threads[0].blocked);
    assert!(!hang.all_blocked);
}

#[test]
fn grandchild_holding_output_is_leaked_and_killed() {
    let out = sh("sleep 100 & echo $!", LONG);
    assert_eq!(out.exit, Exit::Code(0));
    assert!(out.leaked);
    let grandchild = first_pid(&out.stdout_text());
    assert!(dies_soon(grandchild), "grandchild {grandchild} survived");
}

#[test]
fn a_run_given_up_is_stopped_before_its_limit_with_its_children() {
    let dir = tempfile::tempdir().expect("temp dir");
    let give_up = Arc::new(AtomicBool::new(false));
    let request = RunRequest {
        give_up: Some(Arc::clone(&give_up)),
        ..script_request(dir.path(), "sleep 100 & echo $!; wait", LONG, &[])
    };
    let setter = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        give_up.store(true, std::sync::atomic::Ordering::Release);
    });
    let out = run_retrying(&request);
    setter.join().expect("the setter does not panic");
    assert_eq!(out.exit, Exit::GaveUp);
    // Given up, the reason is known: no time is spent on a hang report.
    assert_eq!(out.hang, None);
    let grandchild = first_pid(&out.stdout_text());
    assert!(dies_soon(grandchild), "grandchild {grandchild} survived");
}

#[test]
fn detached_grandchild_is_killed_but_not_leaked() {
    let out = sh("sleep 100 >/dev/null 2>&1 & echo $!", LONG);
    assert_eq!(out.exit, Exit::Code(0));
    assert!(!out.leaked);
    let grandchild = first_pid(&out.stdout_text());
    assert!(dies_soon(grandchild), "grandchild {grandchild} survived");
}

#[test]
fn flood_is_capped() {
    let out = sh("head -c 70000000 /dev/zero; echo done >&2", LONG);
    assert_eq!(out.exit, Exit::Code(0));
    assert_eq!(out.stdout.len(), OUTPUT_CAP);
    assert!(out.stdout.iter().all(|&b| b == 0));
    assert!(out.truncated);
    assert_eq!(out.stderr_text(), "done\n");
    // The whole test process never held the 70 MB (other tests included).
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        let hwm_kib: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM in /proc/self/status");
        assert!(hwm_kib < 60 * 1024, "peak memory {hwm_kib} KiB");
    }
}

#[test]
fn non_utf8_bytes_survive() {
    let out = sh(r"printf '\377\376ok\200'", LONG);
    assert_eq!(out.stdout, b"\xff\xfeok\x80");
    assert_eq!(out.stdout_text(), "\u{FFFD}\u{FFFD}ok\u{FFFD}");
}

#[test]
fn death_by_signal_is_reported() {
    let out = sh("kill -USR1 $$; sleep 100", LONG);
    assert_eq!(out.exit, Exit::Signal(libc::SIGUSR1));
    assert!(out.hang.is_none());
}

#[test]
fn finished_run_is_unregistered() {
    let out = sh("echo $$", LONG);
    let pgid = first_pid(&out.stdout_text());
    assert!(!unix::is_registered(pgid));
}

/// Runs in a child copy of this test binary (see `interrupt_kills_the_kata`).
#[test]
#[ignore = "helper: only meaningful when started by interrupt_kills_the_kata"]
fn interrupt_helper() {
    let Some(dir) = std::env::var_os("EXECUTE_INTERRUPT_DIR") else {
        return;
    };
    install_interrupt_handler();
    install_interrupt_handler();
    sh_in(
        Path::new(&dir),
        "echo $$ > pid.tmp; mv pid.tmp pid; exec sleep 100",
        LONG,
        &[],
    );
    panic!("the interrupt should have ended this process");
}

#[test]
fn interrupt_kills_the_kata() {
    let dir = tempfile::tempdir().expect("temp dir");
    let exe = std::env::current_exe().expect("test binary");
    let mut runner = std::process::Command::new(exe)
        .args(["interrupt_helper", "--ignored", "--test-threads=1", "-q"])
        .env("EXECUTE_INTERRUPT_DIR", dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start helper");
    let pid_file = dir.path().join("pid");
    let until = Instant::now() + Duration::from_secs(20);
    let kata = loop {
        if let Ok(text) = std::fs::read_to_string(&pid_file) {
            break first_pid(&text);
        }
        assert!(Instant::now() < until, "kata never started");
        std::thread::sleep(Duration::from_millis(20));
    };
    let runner_pid = i32::try_from(runner.id()).expect("pid");
    // SAFETY: plain signal to our own child process.
    unsafe { libc::kill(runner_pid, libc::SIGINT) };
    let status = loop {
        if let Some(status) = runner.try_wait().expect("wait helper") {
            break status;
        }
        if Instant::now() > until {
            let _ = runner.kill();
            panic!("runner ignored SIGINT");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(130));
    assert!(dies_soon(kata), "kata {kata} outlived the runner");
}
