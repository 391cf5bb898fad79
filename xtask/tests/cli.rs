//! The runner as a learner meets it: the real binary, on a temporary copy of
//! the workbook, so no test touches the repository's own files or progress.

use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;
use xtask::core::catalog::Catalog;
use xtask::core::workbook::Workbook;

/// A throw-away copy of the workbook with its own target directory.
struct TempWorkbook {
    dir: TempDir,
}

const COPIED: &[&str] = &[
    "Cargo.toml",
    "Cargo.lock",
    ".cargo",
    "exercises",
    "solutions",
    "checks",
    "xtask",
];

impl TempWorkbook {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let root = xtask::core::workbook::runner_root();
        for name in COPIED {
            copy_tree(&root.join(name), &dir.path().join(name));
        }
        Self { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn xtask(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("the runner starts")
    }

    /// The runner on this copy, not started yet (to run several at once).
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
        command
            .args(args)
            .env("WORKBOOK_ROOT", self.root())
            .env("CARGO_TARGET_DIR", self.root().join("target"))
            .env("WORKBOOK_NO_BACKGROUND_BUILD", "1")
            .env("NO_COLOR", "1")
            .env_remove("CARGO_TERM_COLOR");
        command
    }

    fn catalog(&self) -> Catalog {
        Catalog::load(&self.root().join("checks")).expect("the catalog is valid")
    }
}

fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap();
    }
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Solving every kata with its reference solution, in order, `next` passes
/// each one, names the following one, and ends with "track complete".
#[test]
fn next_walks_the_whole_track_with_the_solutions() {
    let wb = TempWorkbook::new();
    let catalog = wb.catalog();

    let first = wb.xtask(&["next"]);
    assert_eq!(first.status.code(), Some(1), "{}", text(&first));
    assert!(
        text(&first).contains(&catalog.katas[0].path.display().to_string()),
        "{}",
        text(&first)
    );

    for (i, kata) in catalog.katas.iter().enumerate() {
        std::fs::copy(wb.root().join(&kata.solution), wb.root().join(&kata.path)).unwrap();
        let out = wb.xtask(&["next"]);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(0), "{}: {said}", kata.name);
        assert!(said.contains(&format!("{} passed", kata.name)), "{said}");
        match catalog.katas.get(i + 1) {
            Some(next) => assert!(said.contains(&format!("Next: {}", next.name)), "{said}"),
            None => assert!(said.contains(catalog.complete.trim()), "{said}"),
        }
    }
    let done = wb.xtask(&["next"]);
    assert_eq!(done.status.code(), Some(0));
    assert!(text(&done).contains(catalog.complete.trim()));

    let list = wb.xtask(&["list", "--json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(rows.len(), catalog.katas.len());
    assert!(rows.iter().all(|r| r["done"] == true));
}

/// `reset` restores the shipped file and keeps the attempt, however often.
#[test]
fn reset_restores_the_kata_and_backs_up_every_attempt() {
    let wb = TempWorkbook::new();
    let kata = &wb.catalog().katas[0];
    let file = wb.root().join(&kata.path);
    let shipped = std::fs::read_to_string(&file).unwrap();

    for attempt in ["// attempt one\n", "// attempt two\n"] {
        std::fs::write(&file, attempt).unwrap();
        let out = wb.xtask(&["reset", &kata.name]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), shipped);
        let said = text(&out);
        let backup = said
            .split('`')
            .find(|s| s.contains("backups"))
            .unwrap_or_else(|| panic!("the backup is named: {said}"));
        assert_eq!(
            std::fs::read_to_string(wb.root().join(backup)).unwrap(),
            attempt
        );
    }
    let unchanged = wb.xtask(&["reset", &kata.name]);
    assert!(
        text(&unchanged).contains("no backup was needed"),
        "{}",
        text(&unchanged)
    );
}

#[test]
fn unknown_names_get_a_suggestion_and_exit_2() {
    let wb = TempWorkbook::new();
    let name = wb.catalog().katas[0].name.clone();
    let typo = format!("{}x", name);
    let out = wb.xtask(&["run", &typo]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains(&format!("did you mean `{name}`")),
        "{}",
        text(&out)
    );
    let bad_flag = wb.xtask(&["list", "--jsonn"]);
    assert_eq!(bad_flag.status.code(), Some(2));
}

#[test]
fn hints_come_one_at_a_time_then_all() {
    let wb = TempWorkbook::new();
    let kata = &wb.catalog().katas[0];
    let first = text(&wb.xtask(&["hint"]));
    assert!(
        first.contains(&kata.hints[0]) && !first.contains(&kata.hints[1]),
        "{first}"
    );
    let second = text(&wb.xtask(&["hint"]));
    assert!(second.contains(&kata.hints[1]), "{second}");
    let all = text(&wb.xtask(&["hint", "--all"]));
    assert!(kata.hints.iter().all(|h| all.contains(h.as_str())), "{all}");
}

#[test]
fn solutions_are_held_back_until_the_kata_is_done() {
    let wb = TempWorkbook::new();
    let kata = &wb.catalog().katas[0];
    let out = wb.xtask(&["solution", &kata.name]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("--force"), "{}", text(&out));
    let forced = wb.xtask(&["solution", &kata.name, "--force"]);
    assert_eq!(forced.status.code(), Some(0));
    let forced = text(&forced);
    assert!(forced.contains("Why it works"), "{forced}");
    // The learner's file compared with it: the shipped TODO is one of the
    // learner's lines the reference does not have.
    let shipped = std::fs::read_to_string(wb.root().join(&kata.path)).unwrap();
    let todo = shipped
        .lines()
        .find(|l| l.contains("TODO"))
        .expect("a TODO line");
    assert!(forced.contains("Your file against it"), "{forced}");
    assert!(forced.contains(&format!("-{todo}")), "{forced}");
}

/// What rust-analyzer runs on save checks the current kata alone: the
/// editor shows its diagnostics, not those of the katas shipped broken.
#[test]
fn the_editor_check_reports_the_current_kata_only() {
    let wb = TempWorkbook::new();
    let catalog = wb.catalog();
    let out = wb.xtask(&["editor-check"]);
    let messages: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .collect();
    let files: std::collections::BTreeSet<String> = messages
        .iter()
        .filter(|m| m["reason"] == "compiler-message")
        .flat_map(|m| {
            m["message"]["spans"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .map(|span| span["file_name"].as_str().unwrap().to_string())
        .collect();
    let current = catalog.katas[0].path.display().to_string();
    assert_eq!(
        files.into_iter().collect::<Vec<_>>(),
        [current],
        "{}",
        text(&out)
    );
    assert!(
        catalog
            .katas
            .iter()
            .any(|k| k.shipped == xtask::core::catalog::ShippedFailure::CompileError),
        "a kata shipped broken, whose errors the check leaves out"
    );
    assert!(wb.root().join("target/rust-analyzer").is_dir());
}

#[test]
fn the_welcome_is_said_once_and_run_explains_a_pass() {
    let wb = TempWorkbook::new();
    let welcome = wb.catalog().welcome.lines().next().unwrap().to_string();
    assert!(text(&wb.xtask(&["next"])).contains(&welcome));
    assert!(!text(&wb.xtask(&["next"])).contains(&welcome));
    // A pass through `run` says why it works, as `next` does.
    let kata = wb.catalog().katas[0].name.clone();
    wb.solve_with_reference(&kata);
    let out = wb.xtask(&["run", &kata]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("Why it works"), "{}", text(&out));
}

// --- Bad input: whatever the learner's program or files do, the runner stays
// in control, says what happened, exits non-zero and loses nothing. ---

/// Each bad program below stands in for the learner's `fan_in`.
const HOST: &str = "fan_in";

impl TempWorkbook {
    /// Replaces the learner's file of `kata` in this copy.
    fn write_kata(&self, kata: &str, contents: impl AsRef<[u8]>) {
        let catalog = self.catalog();
        let kata = catalog.find(kata).unwrap();
        std::fs::write(self.root().join(&kata.path), contents).unwrap();
    }

    fn kata_file(&self, kata: &str) -> std::path::PathBuf {
        self.root().join(&self.catalog().find(kata).unwrap().path)
    }

    /// Sets one field of a kata's catalog entry in this copy (e.g. a short time limit).
    fn set_in_catalog(&self, kata: &str, key: &str, value: toml::Value) {
        let file = self.root().join("checks/katas.toml");
        let mut catalog: toml::Table = std::fs::read_to_string(&file).unwrap().parse().unwrap();
        let entry = catalog["kata"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|k| k["name"].as_str() == Some(kata))
            .unwrap();
        entry.as_table_mut().unwrap().insert(key.to_string(), value);
        std::fs::write(&file, toml::to_string(&catalog).unwrap()).unwrap();
    }

    fn progress_file(&self) -> std::path::PathBuf {
        self.root().join(".workbook/progress.json")
    }

    /// Waits for a file the kata writes into the workbook root (its working
    /// directory) and returns its contents. The limit only guards against a hung test.
    fn wait_for_file(&self, name: &str) -> String {
        let path = self.root().join(name);
        for _ in 0..6000 {
            if let Ok(text) = std::fs::read_to_string(&path)
                && text.ends_with('\n')
            {
                return text;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        panic!("the kata never wrote `{name}`");
    }
}

/// Whether `pid` is a live process (a zombie waiting to be reaped is not).
#[cfg(unix)]
fn is_alive(pid: i32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => !matches!(
            stat.rsplit_once(')')
                .and_then(|(_, rest)| rest.trim_start().chars().next()),
            Some('Z' | 'X')
        ),
        // SAFETY: signal 0 only asks whether the process exists.
        Err(_) if !Path::new("/proc/self").exists() => unsafe { libc::kill(pid, 0) == 0 },
        Err(_) => false,
    }
}

/// Windows: `tasklist` lists the process while it exists.
#[cfg(windows)]
fn is_alive(pid: i32) -> bool {
    let listed = Command::new("tasklist")
        .args(["/NH", "/FI", &format!("PID eq {pid}")])
        .output()
        .expect("tasklist runs");
    String::from_utf8_lossy(&listed.stdout)
        .split_whitespace()
        .any(|word| word == pid.to_string())
}

/// A killed process may take a moment to be reaped by its new parent.
fn dies_soon(pid: i32) -> bool {
    for _ in 0..250 {
        if !is_alive(pid) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    false
}

/// The numbers after `word` in `text` (e.g. the pids a kata printed).
fn numbers_after(text: &str, word: &str) -> Vec<i32> {
    text.split(word)
        .skip(1)
        .filter_map(|rest| rest.split_whitespace().next()?.parse().ok())
        .collect()
}

/// Starts a child that would outlive the kata (a copy of itself that only
/// sleeps: there is no `sleep` program on Windows), and deadlocks: the
/// receiving loop waits for a Sender that `main` itself keeps alive.
const HANGS_WITH_A_CHILD: &str = r#"
use std::sync::mpsc;
fn main() {
    if std::env::var_os("KATA_CHILD_SLEEPS").is_some() {
        std::thread::sleep(std::time::Duration::from_secs(1000));
        return;
    }
    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .env("KATA_CHILD_SLEEPS", "1").spawn().unwrap();
    println!("child {}", child.id());
    let (tx, rx) = mpsc::channel::<u32>();
    for m in rx {
        println!("recv 0 {m}");
    }
    drop(tx);
}
"#;

#[test]
fn a_hanging_kata_is_stopped_at_its_limit_with_its_children() {
    let wb = TempWorkbook::new();
    wb.set_in_catalog(HOST, "timeout_ms", toml::Value::Integer(1000));
    wb.write_kata(HOST, HANGS_WITH_A_CHILD);
    let out = wb.xtask(&["run", HOST]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    // On Linux the runner sees that no thread can ever be woken (the child
    // sleeps in a process of its own) and stops it before the limit.
    assert!(
        if cfg!(target_os = "linux") {
            said.contains("no thread was running and nothing was left that could wake")
        } else {
            said.contains("was still running after 1.0 s and was stopped")
        },
        "{said}"
    );
    // The output so far is shown, and the hang is explained.
    let children = numbers_after(&said, "child ");
    assert_eq!(children.len(), 1, "the partial output is shown: {said}");
    assert!(said.contains("Likely cause"), "{said}");
    if cfg!(target_os = "linux") {
        assert!(said.contains("a deadlock, not a slow program"), "{said}");
    }
    assert!(
        dies_soon(children[0]),
        "the kata's child {} survived",
        children[0]
    );
}

#[test]
fn a_process_left_running_by_a_finished_kata_is_stopped() {
    let wb = TempWorkbook::new();
    wb.write_kata(
        HOST,
        r#"
use std::process::{Command, Stdio};
fn main() {
    // The children are copies of the kata that only sleep.
    if std::env::var_os("KATA_CHILD_SLEEPS").is_some() {
        std::thread::sleep(std::time::Duration::from_secs(1000));
        return;
    }
    let sleeper = || {
        let mut child = Command::new(std::env::current_exe().unwrap());
        child.env("KATA_CHILD_SLEEPS", "1");
        child
    };
    // One child keeps the kata's output open, one is fully detached.
    let holding = sleeper().spawn().unwrap();
    let detached = sleeper().stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    println!("child {}", holding.id());
    println!("child {}", detached.id());
}
"#,
    );
    let out = wb.xtask(&["run", HOST]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("left a process running after it ended; it was stopped"),
        "{said}"
    );
    let children = numbers_after(&said, "child ");
    assert_eq!(children.len(), 2, "{said}");
    for pid in children {
        assert!(dies_soon(pid), "the kata's child {pid} survived");
    }
}

#[test]
fn a_panic_is_one_message_with_its_location() {
    let wb = TempWorkbook::new();
    wb.write_kata(
        HOST,
        r#"
fn main() {
    let worker = std::thread::spawn(|| {
        let queue: Vec<u32> = Vec::new();
        queue[3]
    });
    worker.join().unwrap();
}
"#,
    );
    // Even with backtraces asked for, the verdict is not buried under one.
    let out = wb
        .command(&["run", HOST])
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("The program panicked at exercises/01_basics/fan_in.rs:5:"),
        "{said}"
    );
    assert!(
        said.contains("index out of bounds: the len is 0 but the index is 3"),
        "{said}"
    );
    assert!(!said.contains("stack backtrace"), "{said}");
}

/// Prints 70 MB, then waits, so that the runner's memory can be read while
/// it still holds whatever it kept of the flood.
const FLOODS: &str = r#"
use std::io::Write;
use std::path::Path;
fn main() {
    let mut out = std::io::stdout().lock();
    let line = [b'x'; 99];
    for _ in 0..700_000 {
        out.write_all(&line).unwrap();
        out.write_all(b"\n").unwrap();
    }
    out.flush().unwrap();
    std::fs::write("flooded", "70 MB\n").unwrap();
    while !Path::new("release").exists() {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}
"#;

/// The runner's peak resident memory (VmHWM), in KiB, where /proc has it.
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

#[test]
fn a_flood_of_output_is_cut_and_the_runner_stays_small() {
    let wb = TempWorkbook::new();
    wb.set_in_catalog(HOST, "timeout_ms", toml::Value::Integer(120_000));
    wb.write_kata(HOST, FLOODS);
    let said_file = wb.root().join("runner.out");
    let mut runner = wb
        .command(&["run", HOST])
        .stdout(std::fs::File::create(&said_file).unwrap())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Sample the runner's peak memory until it exits: during the flood, while
    // it holds what it kept, and while it renders the verdict.
    let mut peak = None;
    let status = loop {
        if let Some(now) = peak_rss_kib(runner.id()) {
            peak = peak.max(Some(now));
        }
        if peak.is_some() && wb.root().join("flooded").exists() {
            std::fs::write(wb.root().join("release"), "").unwrap();
        }
        if let Some(status) = runner.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    };
    let said = std::fs::read_to_string(&said_file).unwrap();
    let tail = &said[said.len().saturating_sub(2000)..];
    assert_eq!(status.code(), Some(1), "{tail}");
    assert!(said.contains("the output was cut after 1 MiB"), "{tail}");
    assert!(
        said.contains("last 20 of"),
        "only the end of the output is shown"
    );
    if let Some(peak) = peak {
        eprintln!("runner peak RSS around a 70 MB flood: {peak} KiB");
        assert!(peak < 20 * 1024, "the runner held {peak} KiB");
    }
}

#[test]
fn output_that_is_not_utf8_is_shown_not_fatal() {
    let wb = TempWorkbook::new();
    wb.write_kata(
        HOST,
        r#"
use std::io::Write;
fn main() {
    std::io::stdout().write_all(b"recv 0 \xff\xfe\nbytes \xc3(\n").unwrap();
    std::io::stderr().write_all(b"\xff oops\n").unwrap();
}
"#,
    );
    let out = wb.xtask(&["run", HOST]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("bytes \u{fffd}("), "{said}");
    assert!(said.contains("\u{fffd} oops"), "{said}");

    // Debugging prints, even of raw bytes, never fail a correct program.
    let solution =
        std::fs::read_to_string(wb.root().join(&wb.catalog().find(HOST).unwrap().solution))
            .unwrap();
    let noisy = solution.replacen(
        "fn main() {\n",
        "fn main() {\n    std::io::Write::write_all(&mut std::io::stdout(), b\"debug \\xff\\n\").unwrap();\n",
        1,
    );
    assert_ne!(noisy, solution);
    wb.write_kata(HOST, noisy);
    let out = wb.xtask(&["run", HOST]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn a_missing_undecodable_or_empty_kata_file_is_explained() {
    let wb = TempWorkbook::new();
    let file = wb.kata_file(HOST);

    std::fs::remove_file(&file).unwrap();
    let out = wb.xtask(&["run", HOST]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("is missing. `cargo xtask reset {HOST}`")),
        "{}",
        text(&out)
    );

    let latin1 = b"// caf\xe9: saved in Latin-1\nfn main() {}\n";
    std::fs::write(&file, latin1).unwrap();
    let out = wb.xtask(&["run", HOST]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("is not valid UTF-8"), "{}", text(&out));
    assert_eq!(
        std::fs::read(&file).unwrap(),
        latin1,
        "the file is left as it was"
    );

    std::fs::write(&file, "").unwrap();
    let out = wb.xtask(&["run", HOST]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("does not compile"), "{}", text(&out));
    assert!(text(&out).contains("E0601"), "{}", text(&out));

    // `verify` judges every other kata although cargo cannot build a missing one.
    std::fs::remove_file(&file).unwrap();
    let other = wb
        .catalog()
        .katas
        .iter()
        .find(|k| k.name != HOST)
        .unwrap()
        .name
        .clone();
    let out = wb.xtask(&["verify", HOST, &other]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains(&format!("✗ {HOST} (missing)")), "{said}");
    assert!(
        said.contains(&format!("✗ {other} (")),
        "judged as shipped: {said}"
    );
    assert!(said.contains("0 passed, 2 failed"), "{said}");
}

#[test]
fn a_broken_progress_file_is_set_aside_and_progress_starts_over() {
    let wb = TempWorkbook::new();
    std::fs::create_dir_all(wb.root().join(".workbook")).unwrap();
    let broken: [&[u8]; 5] = [
        b"{\"format_version\": 1, \"done\": [\"fan",
        b"\x00\xff\xfe not json",
        b"",
        b"{\"format_version\": 1, \"done\": \"fan_in\"}",
        b"{\"format_version\": 1, \"done\": [], \"hints_shown\": {\"fan_in\": -1}}",
    ];
    for bad in broken {
        std::fs::write(wb.progress_file(), bad).unwrap();
        let out = wb.xtask(&["list"]);
        let warning = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        let (_, aside) = warning
            .split_once("The progress file could not be read; it was moved to `")
            .unwrap_or_else(|| panic!("the learner is told: {}", text(&out)));
        let aside = aside.split('`').next().unwrap();
        assert_eq!(
            std::fs::read(aside).unwrap(),
            bad,
            "the unreadable file is kept as it was"
        );
        let hint = wb.xtask(&["hint", HOST]);
        assert_eq!(hint.status.code(), Some(0), "{}", text(&hint));
    }
    let kept = std::fs::read_dir(wb.root().join(".workbook"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("corrupt")
        })
        .count();
    assert_eq!(
        kept,
        broken.len(),
        "no file set aside was overwritten by the next one"
    );

    // Edited by hand but readable: unknown katas and huge counts are harmless.
    std::fs::write(
        wb.progress_file(),
        r#"{"format_version": 1, "done": ["fan_in", "no_such_kata"], "hints_shown": {"fan_in": 99}, "note": "mine"}"#,
    )
    .unwrap();
    for args in [&["list"][..], &["hint", HOST], &["next"]] {
        let out = wb.xtask(args);
        assert!(!text(&out).contains("could not be read"), "{}", text(&out));
        assert!(!text(&out).contains("panicked"), "{}", text(&out));
    }
}

#[test]
fn bad_names_and_flags_are_usage_errors_not_crashes() {
    let wb = TempWorkbook::new();
    let near = format!("{HOST}s");
    let unknown_names: [&[&str]; 6] = [
        &["run", &near],
        &["hint", &near],
        &["reset", &near],
        &["solution", &near, "--force"],
        &["verify", HOST, &near],
        &["dev", "stress", &near],
    ];
    for args in unknown_names {
        let out = wb.xtask(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(
            text(&out).contains(&format!("did you mean `{HOST}`")),
            "{args:?}: {}",
            text(&out)
        );
    }
    let out = wb.xtask(&["run", "zzzz"]);
    assert!(
        text(&out).contains("there is no kata named `zzzz` (see `cargo xtask list`)"),
        "{}",
        text(&out)
    );
    let bad_flags: [&[&str]; 7] = [
        &["frobnicate"],
        &["run"],
        &["list", "--jsonn"],
        &["verify", "--solutions", "--shipped"],
        &["dev", "stress", "--runs", "0"],
        &["dev", "stress", "--runs", "many"],
        &["--color", "sometimes", "list"],
    ];
    for args in bad_flags {
        let out = wb.xtask(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("error:"),
            "{args:?}: {}",
            text(&out)
        );
    }
    for out in [wb.xtask(&["run", &near]), wb.xtask(&["frobnicate"])] {
        assert!(!text(&out).contains("panicked"), "{}", text(&out));
    }
    let out = wb.xtask(&["--version"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("cargo xtask {}", env!("CARGO_PKG_VERSION"))
    );
}

/// Another kata with a recorded snapshot, solved: work for a second runner.
fn solve_another_kata(wb: &TempWorkbook) -> String {
    let catalog = wb.catalog();
    let other = catalog
        .katas
        .iter()
        .find(|k| k.name != HOST && k.snapshot_path(&catalog.checks_dir).exists())
        .expect("a second kata with a snapshot");
    std::fs::copy(wb.root().join(&other.solution), wb.root().join(&other.path)).unwrap();
    other.name.clone()
}

fn done_katas(wb: &TempWorkbook) -> Vec<String> {
    let list = wb.xtask(&["list", "--json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    rows.iter()
        .filter(|r| r["done"] == true)
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn two_runs_at_once_share_the_build_and_both_record_their_pass() {
    let wb = TempWorkbook::new();
    let first = solve_another_kata(&wb);
    let host = wb.catalog().find(HOST).unwrap().clone();
    std::fs::copy(wb.root().join(&host.solution), wb.root().join(&host.path)).unwrap();
    let piped = |args: &[&str]| {
        wb.command(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (piped(&["run", &first]), piped(&["run", HOST]));
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert_eq!(a.status.code(), Some(0), "{}", text(&a));
    assert_eq!(b.status.code(), Some(0), "{}", text(&b));
    let done = done_katas(&wb);
    assert!(
        done.contains(&first) && done.contains(&HOST.to_string()),
        "{done:?}"
    );
}

/// A correct `fan_in` that first waits for the test's go-ahead, so that
/// another runner can do its whole job while this one is judging.
fn fan_in_waiting_for_release(wb: &TempWorkbook) -> String {
    let solution =
        std::fs::read_to_string(wb.root().join(&wb.catalog().find(HOST).unwrap().solution))
            .unwrap();
    let waiting = solution.replacen(
        "fn main() {\n",
        "fn main() {\n    std::fs::write(\"started\", format!(\"{}\\n\", std::process::id())).unwrap();\n    \
         while !std::path::Path::new(\"release\").exists() {\n        \
         std::thread::sleep(std::time::Duration::from_millis(10));\n    }\n",
        1,
    );
    assert_ne!(waiting, solution);
    waiting
}

/// `next` reads the progress before judging; another runner saves a change
/// meanwhile. When `next` saves its pass, that change must still be there.
#[test]
fn a_change_saved_by_another_runner_meanwhile_is_kept() {
    let wb = TempWorkbook::new();
    wb.set_in_catalog(HOST, "timeout_ms", toml::Value::Integer(120_000));
    let catalog = wb.catalog();
    let before: Vec<&str> = catalog
        .katas
        .iter()
        .take_while(|k| k.name != HOST)
        .map(|k| k.name.as_str())
        .collect();
    std::fs::create_dir_all(wb.root().join(".workbook")).unwrap();
    std::fs::write(
        wb.progress_file(),
        serde_json::json!({ "format_version": 1, "done": before }).to_string(),
    )
    .unwrap();
    wb.write_kata(HOST, fan_in_waiting_for_release(&wb));

    let next = wb
        .command(&["next"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    wb.wait_for_file("started");
    let hint = wb.xtask(&["hint", HOST]);
    assert_eq!(hint.status.code(), Some(0), "{}", text(&hint));
    std::fs::write(wb.root().join("release"), "").unwrap();
    let next = next.wait_with_output().unwrap();
    assert_eq!(next.status.code(), Some(0), "{}", text(&next));

    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(wb.progress_file()).unwrap()).unwrap();
    assert!(
        saved["done"].as_array().unwrap().contains(&HOST.into()),
        "{saved}"
    );
    assert_eq!(
        saved["hints_shown"][HOST], 1,
        "the hint seen meanwhile was lost: {saved}"
    );
}

/// Many runners saving at once: every change lands, and the file is never torn.
#[test]
fn runners_saving_at_once_never_tear_or_lose_progress() {
    let wb = TempWorkbook::new();
    let names: Vec<String> = wb
        .catalog()
        .katas
        .iter()
        .take(8)
        .map(|k| k.name.clone())
        .collect();
    let runners: Vec<_> = names
        .iter()
        .map(|name| {
            wb.command(&["hint", name])
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut runner in runners {
        assert!(runner.wait().unwrap().success());
    }
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(wb.progress_file()).unwrap()).unwrap();
    for name in &names {
        assert_eq!(saved["hints_shown"][name], 1, "{name}: {saved}");
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_kata_and_leaves_everything_as_it_was() {
    let wb = TempWorkbook::new();
    wb.set_in_catalog(HOST, "timeout_ms", toml::Value::Integer(120_000));
    let program = r#"
fn main() {
    let child = std::process::Command::new("sleep").arg("1000").spawn().unwrap();
    std::fs::write("started", format!("{} {}
", std::process::id(), child.id())).unwrap();
    loop {
        std::thread::park();
    }
}
"#;
    wb.write_kata(HOST, program);
    assert!(wb.xtask(&["hint", HOST]).status.success());
    let progress = std::fs::read(wb.progress_file()).unwrap();

    let runner = wb
        .command(&["run", HOST])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pids: Vec<i32> = wb
        .wait_for_file("started")
        .split_whitespace()
        .map(|p| p.parse().unwrap())
        .collect();
    // SAFETY: sends SIGINT to the runner this test started.
    assert_eq!(unsafe { libc::kill(runner.id() as i32, libc::SIGINT) }, 0);
    let out = runner.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", text(&out));
    for pid in pids {
        assert!(dies_soon(pid), "process {pid} of the kata survived Ctrl-C");
    }
    assert_eq!(
        std::fs::read_to_string(wb.kata_file(HOST)).unwrap(),
        program
    );
    assert_eq!(std::fs::read(wb.progress_file()).unwrap(), progress);
    let list = wb.xtask(&["list"]);
    assert!(
        list.status.success() && !text(&list).contains("could not be read"),
        "{}",
        text(&list)
    );
}

/// Whatever the attempt was, even undecodable or emptied, `reset` keeps it.
#[test]
fn reset_keeps_odd_attempts_byte_for_byte_and_restores_a_deleted_file() {
    let wb = TempWorkbook::new();
    let file = wb.kata_file(HOST);
    let shipped = std::fs::read(&file).unwrap();
    for attempt in [&b"// caf\xe9\nfn main() {}\n"[..], b""] {
        std::fs::write(&file, attempt).unwrap();
        let out = wb.xtask(&["reset", HOST]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        let said = text(&out);
        let backup = said
            .split('`')
            .find(|s| s.contains("backups"))
            .expect("a backup is named");
        assert_eq!(std::fs::read(wb.root().join(backup)).unwrap(), attempt);
        assert_eq!(std::fs::read(&file).unwrap(), shipped);
    }
    std::fs::remove_file(&file).unwrap();
    let out = wb.xtask(&["reset", HOST]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(std::fs::read(&file).unwrap(), shipped);
}

// --- watch: every save is checked, also one made while a check runs ---

/// `cargo xtask watch` on a copy, in plain mode (its input and output are
/// pipes), with its output collected as it comes. Killed when dropped.
struct RunningWatcher {
    child: std::process::Child,
    output: std::sync::Arc<std::sync::Mutex<String>>,
}

impl RunningWatcher {
    fn start(wb: &TempWorkbook, args: &[&str], stdin: std::process::Stdio) -> Self {
        let mut child = wb
            .command(args)
            .stdin(stdin)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the watcher starts");
        let output = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let output = std::sync::Arc::clone(&output);
            std::thread::spawn(move || {
                use std::io::BufRead;
                for line in std::io::BufReader::new(stream).lines() {
                    let Ok(line) = line else { return };
                    let mut all = output.lock().unwrap();
                    all.push_str(&line);
                    all.push('\n');
                }
            });
        }
        Self { child, output }
    }

    fn said(&self) -> String {
        self.output.lock().unwrap().clone()
    }

    /// Waits until `needle` appears at or after byte `from` of the output and
    /// returns where it ends. The limit only guards against a hung test.
    fn wait_for(&self, needle: &str, from: usize) -> usize {
        for _ in 0..15_000 {
            let said = self.said();
            if let Some(at) = said.get(from..).and_then(|rest| rest.find(needle)) {
                return from + at + needle.len();
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        panic!("the watcher never said `{needle}`:\n{}", self.said());
    }

    fn send(&mut self, line: &str) {
        use std::io::Write;
        let stdin = self.child.stdin.as_mut().expect("stdin is piped");
        writeln!(stdin, "{line}").expect("the watcher reads its input");
    }

    fn wait(&mut self) -> std::process::ExitStatus {
        for _ in 0..3000 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        panic!("the watcher did not quit:\n{}", self.said());
    }
}

impl Drop for RunningWatcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Wrong, and slow to judge: it tells the test when it runs, then takes a second.
const SLOW_AND_WRONG: &str = r#"
fn main() {
    std::fs::write("slow-check-running", "running\n").unwrap();
    std::thread::sleep(std::time::Duration::from_secs(1));
    println!("not the answer");
}
"#;

#[test]
fn a_save_made_while_a_check_runs_is_checked_after_it() {
    let wb = TempWorkbook::new();
    let catalog = wb.catalog();
    let (kata, next) = (&catalog.katas[0], &catalog.katas[1]);
    let mut watcher = RunningWatcher::start(&wb, &["watch"], std::process::Stdio::piped());
    let watching = format!("Watching {} for saves.", kata.path.display());
    let first = watcher.wait_for(&watching, 0);

    wb.write_kata(&kata.name, SLOW_AND_WRONG);
    wb.wait_for_file("slow-check-running");
    // The slow version is built and running: this save comes during its check.
    std::fs::copy(wb.root().join(&kata.solution), wb.kata_file(&kata.name)).unwrap();

    let slow_verdict = watcher.wait_for("not right yet", first);
    let passed = watcher.wait_for(&format!("{} passed", kata.name), slow_verdict);
    let moved_on = watcher.wait_for(&format!("Next: {}", next.name), passed);
    watcher.wait_for(
        &format!("Watching {} for saves.", next.path.display()),
        moved_on,
    );
    watcher.send("q");
    let status = watcher.wait();
    let said = watcher.said();
    assert_eq!(status.code(), Some(0), "{said}");
    assert_eq!(
        said.matches(&format!("{} passed", kata.name)).count(),
        1,
        "{said}"
    );
    assert!(!said[passed..].contains("not right yet"), "{said}");
    let list = wb.xtask(&["list", "--json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(rows[0]["done"], true, "{}", text(&list));
}

/// Run from an editor's task or in the background, the watcher has no input:
/// it keeps checking saves all the same (here found by polling the files).
#[test]
fn the_watcher_keeps_watching_when_its_input_ends() {
    let wb = TempWorkbook::new();
    let kata = &wb.catalog().katas[0];
    let watcher = RunningWatcher::start(&wb, &["watch", "--poll"], std::process::Stdio::null());
    let first = watcher.wait_for(&format!("Watching {}", kata.path.display()), 0);
    let first = watcher.wait_for("(looking for saves every", first);
    std::fs::copy(wb.root().join(&kata.solution), wb.kata_file(&kata.name)).unwrap();
    watcher.wait_for(&format!("{} passed", kata.name), first);
}

// --- Grading and teaching: reports, trusted checks, the class table, the
// handout, a new kata. ---

impl TempWorkbook {
    /// Puts the reference solution in place of the learner's file.
    fn solve_with_reference(&self, kata: &str) {
        let catalog = self.catalog();
        let kata = catalog.find(kata).unwrap();
        std::fs::copy(
            self.root().join(&kata.solution),
            self.root().join(&kata.path),
        )
        .unwrap();
    }

    /// Changes the learner's file without fixing it: a comment at its end.
    fn attempt_without_fixing(&self, kata: &str) {
        let path = self.kata_file(kata);
        let mut text = std::fs::read(&path).unwrap();
        text.extend_from_slice(b"\n// my attempt\n");
        std::fs::write(&path, text).unwrap();
    }

    /// `verify --report json` with `args`, parsed.
    fn json_report(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["verify", "--report", "json"];
        all.extend(args);
        let out = self.xtask(&all);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{}", text(&out));
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out)))
    }
}

/// A kata's entry in a report, by name.
fn entry<'a>(report: &'a serde_json::Value, kata: &str) -> &'a serde_json::Value {
    report["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == kata)
        .unwrap_or_else(|| panic!("no `{kata}` in {report:#}"))
}

/// The status a kata has as shipped, by what its catalog entry declares: a
/// hang of an explored kata is named a deadlock once the explorer finds every
/// thread blocked.
fn shipped_status(kata: &xtask::core::catalog::Kata) -> &'static str {
    use xtask::core::catalog::ShippedFailure;
    match kata.shipped {
        ShippedFailure::CompileError => "compile_error",
        ShippedFailure::Hang if kata.explore => "deadlock",
        ShippedFailure::Hang => "timeout",
        ShippedFailure::WrongOutput | ShippedFailure::Panics => "fail",
    }
}

/// Three katas solved, one kata file lost, the rest as shipped: the JSON and
/// the JUnit report both grade every kata, each with its own status, and the
/// lost file costs only its own kata.
#[test]
fn reports_grade_every_kata_with_its_own_status() {
    let wb = TempWorkbook::new();
    let catalog = wb.catalog();
    let solved: Vec<&str> = catalog
        .katas
        .iter()
        .take(3)
        .map(|k| k.name.as_str())
        .collect();
    for name in &solved {
        wb.solve_with_reference(name);
    }
    let lost = catalog.katas.last().unwrap();
    std::fs::remove_file(wb.root().join(&lost.path)).unwrap();
    // Every other kata left is attempted (a comment added, the mistake kept);
    // the rest are as shipped: not started.
    let attempted: Vec<&str> = catalog.katas[3..catalog.katas.len() - 1]
        .iter()
        .step_by(2)
        .map(|k| k.name.as_str())
        .collect();
    for name in &attempted {
        wb.attempt_without_fixing(name);
    }

    let report = wb.json_report(&[]);
    assert_eq!(report["version"], 1);
    assert_eq!(report["status"], "error", "one kata could not be judged");
    let tests = report["tests"].as_array().unwrap();
    assert_eq!(tests.len(), catalog.katas.len());
    let mut earned = 0;
    for kata in &catalog.katas {
        let test = entry(&report, &kata.name);
        let expected = if solved.contains(&kata.name.as_str()) {
            earned += kata.points;
            "pass"
        } else if kata.name == lost.name {
            "error"
        } else if attempted.contains(&kata.name.as_str()) {
            shipped_status(kata)
        } else {
            "untouched"
        };
        assert_eq!(test["status"], expected, "{}: {test:#}", kata.name);
        assert_eq!(test["max_score"], kata.points);
        let score = if expected == "pass" { kata.points } else { 0 };
        assert_eq!(test["score"], score, "{}", kata.name);
        assert!(
            test["duration"].is_u64() && test["message"].is_string(),
            "{test:#}"
        );
        assert!(
            test["output"].as_str().unwrap().chars().count() <= 4100,
            "{}",
            kata.name
        );
    }
    assert!(
        entry(&report, &lost.name)["message"]
            .as_str()
            .unwrap()
            .contains("is missing")
    );
    assert_eq!(report["score"], earned);
    assert_eq!(
        report["max_score"],
        catalog.katas.iter().map(|k| k.points).sum::<u32>()
    );

    let xml_file = wb.root().join("report.xml");
    let out = wb.xtask(&[
        "verify",
        "--report",
        "junit",
        "--out",
        xml_file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains(&format!(
            "3 passed, {} failed; score {earned}/",
            catalog.katas.len() - 3
        )),
        "{}",
        text(&out)
    );
    let xml = std::fs::read_to_string(&xml_file).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}:\n{xml}"));
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(
        suite.attribute("tests"),
        Some(catalog.katas.len().to_string().as_str())
    );
    assert_eq!(suite.attribute("errors"), Some("1"));
    assert_eq!(
        suite.attribute("failures"),
        Some((catalog.katas.len() - 4).to_string().as_str())
    );
    for case in suite.children().filter(|n| n.has_tag_name("testcase")) {
        let name = case.attribute("name").unwrap();
        let status = entry(&report, name)["status"].as_str().unwrap();
        match case.children().find(|n| n.is_element()) {
            None => assert_eq!(status, "pass", "{name}"),
            Some(problem) => {
                assert_eq!(problem.attribute("type"), Some(status), "{name}");
                let tag = if status == "error" {
                    "error"
                } else {
                    "failure"
                };
                assert!(problem.has_tag_name(tag), "{name}");
                assert!(!problem.attribute("message").unwrap().is_empty(), "{name}");
            }
        }
    }
}

/// Editing a snapshot (and the points) in the learner's copy raises the grade,
/// unless the check data comes from a trusted source: the original workbook,
/// or the git commit the copy started from.
#[test]
fn trusted_check_data_ignores_a_copy_s_edited_snapshot_and_catalog() {
    let wb = TempWorkbook::new();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args([
                "-c",
                "user.name=Teacher",
                "-c",
                "user.email=teacher@example.com",
            ])
            .args(args)
            .current_dir(wb.root())
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {}", text(&out));
    };
    git(&["init", "--quiet"]);
    git(&["add", "checks"]);
    git(&["commit", "--quiet", "-m", "as handed out"]);
    let points = wb.catalog().find(HOST).unwrap().points;

    let untouched = wb.json_report(&[HOST]);
    assert_eq!(
        entry(&untouched, HOST)["status"],
        "untouched",
        "{untouched:#}"
    );
    assert_eq!(untouched["score"], 0);
    wb.attempt_without_fixing(HOST);
    let honest = wb.json_report(&[HOST]);
    let shipped = entry(&honest, HOST);
    assert_eq!(shipped["status"], "fail", "{shipped:#}");
    // The facts of the wrong program, as the report shows them, become the snapshot.
    let output = shipped["output"].as_str().unwrap();
    let facts = output
        .split("facts of this run:\n")
        .nth(1)
        .and_then(|rest| rest.split("\nexpected:\n").next())
        .unwrap_or_else(|| panic!("the report shows the facts: {output}"));
    xtask::core::checks::write_snapshot(&wb.root().join("checks/snapshots"), HOST, facts).unwrap();
    wb.set_in_catalog(HOST, "points", toml::Value::Integer(50));
    // The channel facts would still see one producer: the copy drops them too.
    wb.set_in_catalog(HOST, "channels", toml::Value::Array(Vec::new()));

    let edited = wb.json_report(&[HOST]);
    assert_eq!(entry(&edited, HOST)["status"], "pass", "{edited:#}");
    assert_eq!(edited["score"], 50);

    let original = xtask::core::workbook::runner_root();
    for source in [original.to_str().unwrap(), "HEAD"] {
        let trusted = wb.json_report(&[HOST, "--trusted", source]);
        assert_eq!(
            entry(&trusted, HOST)["status"],
            "fail",
            "{source}: {trusted:#}"
        );
        assert_eq!(trusted["score"], 0, "{source}");
        assert_eq!(trusted["max_score"], points, "{source}");
    }
    let nowhere = wb.xtask(&["verify", HOST, "--trusted", "no-such-revision"]);
    assert_eq!(nowhere.status.code(), Some(2), "{}", text(&nowhere));
    assert!(
        text(&nowhere).contains("neither a directory nor a git revision"),
        "{}",
        text(&nowhere)
    );
}

/// The katas whose numbers change on every run.
const CORE_KATAS: &[&str] = &["fan_in", "bounded_producer", "rendezvous", "clean_shutdown"];

/// A program that prints, word for word, what one run of the solution printed
/// fails every kata whose check draws new numbers per run: the core katas and
/// every other delivery or bounded kata. As a control, the same program passes
/// when the numbers are pinned to the ones it memorized.
#[test]
fn a_memorized_output_fails_the_katas_whose_numbers_change() {
    use xtask::core::catalog::CheckKind;
    let wb = TempWorkbook::new();
    let catalog = wb.catalog();
    let katas: Vec<&xtask::core::catalog::Kata> = catalog
        .katas
        .iter()
        .filter(|k| matches!(k.check, CheckKind::Delivery | CheckKind::Bounded))
        .collect();
    for core in CORE_KATAS {
        if let Ok(kata) = catalog.find(core) {
            assert!(
                katas.iter().any(|k| k.name == kata.name),
                "{core} draws no numbers per run"
            );
        }
    }
    assert!(katas.iter().any(|k| k.name == "fan_in"), "{katas:?}");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut build = Command::new(cargo);
    build
        .args(["build", "--quiet", "--package", "solutions"])
        .current_dir(wb.root());
    build.env("CARGO_TARGET_DIR", wb.root().join("target"));
    for kata in &katas {
        build.args(["--bin", &kata.solution_bin()]);
    }
    let built = build.output().unwrap();
    assert!(built.status.success(), "{}", text(&built));

    let names: Vec<&str> = katas.iter().map(|k| k.name.as_str()).collect();
    for kata in &katas {
        // One run of the solution, with the lowest numbers of each range.
        let run = Command::new(wb.root().join("target/debug").join(kata.solution_bin()))
            .envs(kata.params.iter().map(|(name, range)| {
                (
                    format!("KATA_{}", name.to_ascii_uppercase()),
                    range.low.to_string(),
                )
            }))
            .current_dir(wb.root())
            .output()
            .unwrap();
        let printed = String::from_utf8(run.stdout).unwrap();
        assert!(!printed.contains("\"####"), "{printed}");
        wb.write_kata(
            &kata.name,
            format!("fn main() {{\n    print!(\"{{}}\", r####\"{printed}\"####);\n}}\n"),
        );
        let pinned: toml::Table = kata
            .params
            .iter()
            .map(|(name, range)| {
                let low = toml::Value::Integer(range.low as i64);
                (name.clone(), toml::Value::Array(vec![low.clone(), low]))
            })
            .collect();
        wb.set_in_catalog(&kata.name, "params", toml::Value::Table(pinned));
        // The bounded search at the pinned numbers too, not at its own.
        if let Some(search) = &kata.bounded_search {
            let mut at_low = toml::Table::new();
            at_low.insert(
                "preemptions".into(),
                toml::Value::Integer(search.preemptions as i64),
            );
            at_low.insert(
                "schedules".into(),
                toml::Value::Integer(search.schedules as i64),
            );
            wb.set_in_catalog(&kata.name, "bounded_search", toml::Value::Table(at_low));
        }
    }
    // With the numbers pinned, the memorized lines are right: they pass the
    // printed facts. Where a kata also observes its channels, they still
    // fail, for printing receipts no channel delivered.
    let control = wb.json_report(&names);
    for kata in &katas {
        let test = entry(&control, &kata.name);
        if kata.channels.is_empty() {
            assert_eq!(test["status"], "pass", "{}: {control:#}", kata.name);
        } else {
            assert_eq!(test["status"], "fail", "{}: {test:#}", kata.name);
            assert!(
                test["message"]
                    .as_str()
                    .unwrap()
                    .contains("made no channel at all"),
                "{}: {test:#}",
                kata.name
            );
        }
    }

    // Back to the real ranges. With one run, a memorized output matches the
    // drawn numbers 1 time in (number of choices); enough runs make that
    // luck practically impossible (below 2^-30), so this test cannot flake.
    for kata in &katas {
        let ranges: toml::Table = kata
            .params
            .iter()
            .map(|(name, r)| {
                let bounds = vec![
                    toml::Value::Integer(r.low as i64),
                    toml::Value::Integer(r.high as i64),
                ];
                (name.clone(), toml::Value::Array(bounds))
            })
            .collect();
        wb.set_in_catalog(&kata.name, "params", toml::Value::Table(ranges));
        let choices: usize = ["producers", "messages"]
            .iter()
            .filter_map(|p| kata.params.get(*p))
            .map(|r| r.high - r.low + 1)
            .product();
        assert!(
            choices > 1,
            "{}: its numbers never change, so a memorized output passes",
            kata.name
        );
        let runs = (30.0 / (choices as f64).log2()).ceil() as i64;
        wb.set_in_catalog(
            &kata.name,
            "runs",
            toml::Value::Integer(runs.max(kata.runs as i64)),
        );
    }
    let memorized = wb.json_report(&names);
    for name in &names {
        let test = entry(&memorized, name);
        assert_eq!(test["status"], "fail", "{name}: {test:#}");
        let message = test["message"].as_str().unwrap();
        assert!(message.contains("run with"), "{name}: {message}");
    }
}

/// Git in a student's repository, as that student.
fn git_in(repo: &Path, args: &[&str], date: &str) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=Student", "-c", "user.email=s@example.com"])
        .args(args)
        .current_dir(repo)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", text(&out));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Five student repositories made from the handout, graded at the commit
/// tagged `submitted` against trusted check data of three katas: the CSV and
/// the HTML page show each student's katas, the right totals and the commit
/// graded; later commits and uncommitted files do not count, the checkouts
/// are left as they were, and a student who edited the points in her catalog
/// gains nothing and is flagged.
#[test]
fn grade_writes_a_class_table_with_the_right_totals() {
    let wb = TempWorkbook::new();
    let catalog = wb.catalog();
    let graded: Vec<&xtask::core::catalog::Kata> = catalog.katas.iter().take(3).collect();
    let names: Vec<&str> = graded.iter().map(|k| k.name.as_str()).collect();

    // The teacher's check data: the workbook's, for these three katas only.
    let trusted = tempfile::tempdir().unwrap();
    copy_tree(&wb.root().join("checks"), &trusted.path().join("checks"));
    let katas_toml = trusted.path().join("checks/katas.toml");
    let mut table: toml::Table = std::fs::read_to_string(&katas_toml)
        .unwrap()
        .parse()
        .unwrap();
    let kept: Vec<toml::Value> = table["kata"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| names.contains(&k["name"].as_str().unwrap()))
        .cloned()
        .collect();
    table.insert("kata".into(), toml::Value::Array(kept));
    std::fs::write(&katas_toml, toml::to_string(&table).unwrap()).unwrap();

    let starter = tempfile::tempdir().unwrap();
    let handout = starter.path().join("channels");
    let out = wb.xtask(&["handout", handout.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    let class = tempfile::tempdir().unwrap();
    let students = [("ana", 0), ("ben", 1), ("cai", 2), ("dan", 3), ("eve", 1)];
    let mut submitted = Vec::new();
    for (student, solved) in students {
        let copy = class.path().join(student);
        copy_tree(&handout, &copy);
        git_in(&copy, &["init", "--quiet"], "");
        git_in(&copy, &["add", "."], "");
        git_in(
            &copy,
            &["commit", "--quiet", "-m", "Starter code"],
            "2026-11-01T09:00:00Z",
        );
        for kata in &graded[..solved] {
            std::fs::copy(wb.root().join(&kata.solution), copy.join(&kata.path)).unwrap();
        }
        if student == "eve" {
            // eve also makes the kata she solved worth 50 points in her copy.
            let eve_catalog = copy.join("checks/katas.toml");
            let edited = std::fs::read_to_string(&eve_catalog).unwrap().replacen(
                &format!("name = \"{}\"\n", names[0]),
                &format!("name = \"{}\"\npoints = 50\n", names[0]),
                1,
            );
            std::fs::write(&eve_catalog, edited).unwrap();
        }
        git_in(
            &copy,
            &["commit", "--quiet", "--allow-empty", "-am", "My work"],
            "2026-11-02T09:00:00Z",
        );
        git_in(&copy, &["tag", "submitted"], "");
        submitted.push(git_in(&copy, &["rev-parse", "HEAD"], ""));
        // After the deadline: every kata solved, committed, and one file
        // broken in the checkout. Neither counts.
        for kata in &graded {
            std::fs::copy(wb.root().join(&kata.solution), copy.join(&kata.path)).unwrap();
        }
        git_in(
            &copy,
            &["commit", "--quiet", "--allow-empty", "-am", "Late"],
            "2026-11-05T09:00:00Z",
        );
        std::fs::write(copy.join(&graded[0].path), "not even rust").unwrap();
    }
    std::fs::create_dir(class.path().join("notes")).unwrap();

    let out_dir = class.path().join("results");
    let out = wb.xtask(&[
        "grade",
        class.path().to_str().unwrap(),
        "--trusted",
        trusted.path().to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
        "--rev",
        "submitted",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("skipped"), "{}", text(&out));
    assert!(
        text(&out).contains("eve: changed protected files: checks/katas.toml (changed)"),
        "{}",
        text(&out)
    );
    for (student, _) in students {
        let copy = class.path().join(student);
        assert_eq!(
            std::fs::read_to_string(copy.join(&graded[0].path)).unwrap(),
            "not even rust",
            "{student}'s checkout is left as it was"
        );
        assert_eq!(
            git_in(&copy, &["status", "--porcelain"], ""),
            format!("M {}", graded[0].path.display())
        );
    }

    let points: Vec<u32> = graded.iter().map(|k| k.points).collect();
    let max: u32 = points.iter().sum();
    let csv = std::fs::read_to_string(out_dir.join("grades.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            format!(
                "student,{},score,max_score,problem,commit,commit_date,later_commits,\
                 uncommitted,protected_changes",
                names
                    .iter()
                    .map(|n| format!("{n},{n} status"))
                    .collect::<Vec<_>>()
                    .join(",")
            )
            .as_str()
        )
    );
    for ((student, solved), commit) in students.iter().zip(&submitted) {
        let cells: Vec<String> = (0..3)
            .map(|i| match i < *solved {
                true => format!("{},pass", points[i]),
                false => "0,untouched".to_string(),
            })
            .collect();
        let total: u32 = points[..*solved].iter().sum();
        let flagged = if *student == "eve" {
            "checks/katas.toml (changed)"
        } else {
            ""
        };
        assert_eq!(
            lines.next(),
            Some(
                // Graded: the commit of 2 November, one later commit not
                // graded, one file of the checkout changed since.
                format!(
                    "{student},{},{total},{max},,{commit},2026-11-02T09:00:00Z,1,1,{flagged}",
                    cells.join(",")
                )
                .as_str()
            ),
            "{csv}"
        );
    }
    assert_eq!(lines.next(), None, "{csv}");

    let html = std::fs::read_to_string(out_dir.join("grades.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert_eq!(html.matches("<td class=\"pass\"").count(), 7, "{html}");
    assert_eq!(html.matches("<td class=\"untouched\"").count(), 8, "{html}");
    for ((student, solved), commit) in students.iter().zip(&submitted) {
        let total: u32 = points[..*solved].iter().sum();
        let row = html
            .lines()
            .find(|l| l.contains(&format!("<th class=\"name\">{student} ")))
            .unwrap_or_else(|| panic!("no row for {student}: {html}"));
        assert!(row.contains(&format!("<b>{total}</b>/{max}")), "{row}");
        assert!(
            row.contains(&format!(
                "title=\"graded commit {commit} of 2026-11-02T09:00:00Z\""
            )),
            "{row}"
        );
        assert!(row.contains(">+1</span>"), "{row}");
        assert_eq!(row.contains("class=\"flag\""), *student == "eve", "{row}");
    }
    assert!(html.contains("1 student changed protected files"), "{html}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("grades.json")).unwrap())
            .unwrap();
    assert_eq!(json["class_size"], students.len());
    assert!(json["shard"].is_null(), "{json}");
    let json = json["students"].as_array().unwrap();
    assert_eq!(json.len(), students.len());
    assert_eq!(json[0]["commit"], submitted[0].as_str());
    assert_eq!(
        json[4]["protected_changes"][0],
        "checks/katas.toml (changed)"
    );
    assert_eq!(json[0]["report"]["tests"][0]["status"], "untouched");

    // A deadline before anyone's work: the starter commits, nothing solved.
    let early = class.path().join("early");
    let out = wb.xtask(&[
        "grade",
        class.path().to_str().unwrap(),
        "--trusted",
        trusted.path().to_str().unwrap(),
        "--out",
        early.to_str().unwrap(),
        "--deadline",
        "2026-11-01T12:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let csv = std::fs::read_to_string(early.join("grades.csv")).unwrap();
    assert_eq!(
        csv.lines().filter(|l| l.contains(",0,")).count(),
        5,
        "{csv}"
    );
    assert!(!csv.contains("(changed)"), "{csv}");
}

/// The handout has no solution in any form, and in it a learner's
/// `cargo xtask next` and `cargo test` work. The one slow test here: it builds
/// the runner from scratch, into a target directory kept between test runs.
#[test]
fn a_handout_has_no_solutions_and_works_on_its_own() {
    let wb = TempWorkbook::new();
    let catalog = wb.catalog();
    // The teacher's own copy has solved katas: the handout must not carry them.
    for kata in catalog.katas.iter().take(3) {
        wb.solve_with_reference(&kata.name);
    }
    let parent = tempfile::tempdir().unwrap();
    let handout = parent.path().join("channels");
    let out = wb.xtask(&["handout", handout.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    assert!(!handout.join("solutions").exists());
    assert!(!handout.join("xtask/attempts").exists());
    let manifest = std::fs::read_to_string(handout.join("Cargo.toml")).unwrap();
    assert!(!manifest.contains("\"solutions\""), "{manifest}");
    for kata in &catalog.katas {
        let shipped = std::fs::read(kata.shipped_path(&wb.root().join("checks"))).unwrap();
        assert_eq!(
            std::fs::read(handout.join(&kata.path)).unwrap(),
            shipped,
            "{}",
            kata.name
        );
    }
    // No line of any solution's "Why it works" notes, and no solution file.
    let notes: Vec<String> = catalog
        .katas
        .iter()
        .flat_map(|k| {
            let text = std::fs::read_to_string(wb.root().join(&k.solution)).unwrap();
            text.lines()
                .take_while(|l| l.starts_with("//!"))
                .map(|l| l.trim_start_matches("//!").trim().to_string())
                .filter(|l| l.len() > 40)
                .collect::<Vec<_>>()
        })
        .collect();
    let solutions: Vec<Vec<u8>> = catalog
        .katas
        .iter()
        .map(|k| std::fs::read(wb.root().join(&k.solution)).unwrap())
        .collect();
    let mut stack = vec![handout.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                !solutions.contains(&bytes),
                "{} is a solution",
                path.display()
            );
            let text = String::from_utf8_lossy(&bytes);
            for note in &notes {
                assert!(
                    !text.contains(note.as_str()),
                    "{} holds `{note}`",
                    path.display()
                );
            }
        }
    }

    let cargo_with = |args: &[&str], vars: &[(&str, &str)]| {
        Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args(args)
            .envs(vars.iter().copied())
            .current_dir(&handout)
            .env(
                "CARGO_TARGET_DIR",
                Path::new(env!("CARGO_TARGET_TMPDIR")).join("handout-target"),
            )
            .env("WORKBOOK_NO_BACKGROUND_BUILD", "1")
            .env("NO_COLOR", "1")
            .env_remove("WORKBOOK_ROOT")
            .env_remove("CARGO_TERM_COLOR")
            .output()
            .expect("cargo runs")
    };
    let cargo = |args: &[&str]| cargo_with(args, &[]);
    let next = cargo(&["xtask", "next"]);
    assert_eq!(next.status.code(), Some(1), "{}", text(&next));
    assert!(
        text(&next).contains(&catalog.katas[0].path.display().to_string()),
        "{}",
        text(&next)
    );
    // No cargo command in it warns (a profile for a package left out would).
    assert!(!text(&next).contains("warning: profile"), "{}", text(&next));
    let list = cargo(&["xtask", "list", "--json"]);
    assert!(!text(&list).contains("warning:"), "{}", text(&list));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(rows.len(), catalog.katas.len());
    for row in &rows {
        assert!(row["solution"].is_null(), "{row}");
        assert!(
            handout.join(row["path"].as_str().unwrap()).is_file(),
            "{row}"
        );
    }
    // Its README is for students: what to run, nothing of maintaining or grading.
    let readme = std::fs::read_to_string(handout.join("README.md")).unwrap();
    assert!(readme.contains("cargo xtask next"), "{readme}");
    for word in [
        "xtask dev",
        "xtask grade",
        "xtask handout",
        "classroom-workflow",
        "--solutions",
        "--shipped",
    ] {
        assert!(
            !readme.contains(word),
            "the README names `{word}`:\n{readme}"
        );
    }
    let solution = cargo(&["xtask", "solution", &catalog.katas[0].name, "--force"]);
    assert_eq!(solution.status.code(), Some(2));
    assert!(
        text(&solution).contains("not part of this copy"),
        "{}",
        text(&solution)
    );

    let test = cargo(&["test"]);
    assert_eq!(test.status.code(), Some(0), "{}", text(&test));
    assert!(!text(&test).contains("warning: profile"), "{}", text(&test));
    assert!(
        text(&test).contains("this copy has no solutions/"),
        "{}",
        text(&test)
    );
    // The maintainers' tools need the solutions and the attempts: a handout
    // neither offers them nor runs them.
    let help = cargo(&["xtask", "--help"]);
    assert!(!text(&help).contains("dev "), "{}", text(&help));
    let curriculum = cargo(&["xtask", "dev", "curriculum"]);
    assert_eq!(curriculum.status.code(), Some(2), "{}", text(&curriculum));
    assert!(
        text(&curriculum).contains("this copy is a handout"),
        "{}",
        text(&curriculum)
    );
    // `cargo xtask` builds the runner without the teachers' commands: it
    // hands them to the full runner (built here on first use), whose answer
    // and exit code are the command's.
    let workflow = cargo(&["xtask", "grade-workflow", "--check"]);
    assert_eq!(workflow.status.code(), Some(1), "{}", text(&workflow));
    for said in [
        "The teachers' and maintainers' commands are a runner of their own",
        "There is no `.github/workflows/grade-class.yml`",
    ] {
        assert!(text(&workflow).contains(said), "{}", text(&workflow));
    }
    // Nor has it the box graded code runs in: a command asked to box the
    // programs it runs goes to the full runner too, never runs them unboxed.
    let boxed = cargo_with(
        &["xtask", "run", &catalog.katas[0].name],
        &[("WORKBOOK_CONFINE", "1")],
    );
    assert_eq!(boxed.status.code(), Some(1), "{}", text(&boxed));
    assert!(
        text(&boxed).contains("Boxed runs (WORKBOOK_CONFINE=1) are the full runner's"),
        "{}",
        text(&boxed)
    );
}

/// `new` scaffolds a kata that already builds; its author is told what is
/// missing (the snapshot, the placeholders) until `bless` records it.
#[test]
fn new_scaffolds_a_kata_that_bless_completes() {
    let wb = TempWorkbook::new();
    let out = wb.xtask(&["dev", "new", "ping_pong", "--chapter", "05_shutdown"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let catalog = wb.catalog();
    let kata = catalog.find("ping_pong").unwrap();
    assert_eq!(kata.path, Path::new("exercises/05_shutdown/ping_pong.rs"));
    assert_eq!(
        std::fs::read(wb.root().join(&kata.path)).unwrap(),
        std::fs::read(wb.root().join("checks/shipped/ping_pong.rs")).unwrap()
    );
    let solution = std::fs::read_to_string(wb.root().join(&kata.solution)).unwrap();
    assert!(solution.starts_with("//! Why it works:"), "{solution}");
    // Its entry sits at the end of its chapter, before the next chapter's katas.
    let position = catalog.position("ping_pong").unwrap();
    let chapter = kata.path.parent().unwrap();
    let (before, after) = catalog.katas.split_at(position);
    assert!(
        before.iter().all(|k| k.path.parent().unwrap() <= chapter),
        "{before:?}"
    );
    assert!(
        after[1..]
            .iter()
            .all(|k| k.path.parent().unwrap() > chapter),
        "{after:?}"
    );
    let again = wb.xtask(&["dev", "new", "ping_pong", "--chapter", "05_shutdown"]);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));

    let unblessed = wb.xtask(&["verify", "--solutions", "ping_pong"]);
    assert_eq!(unblessed.status.code(), Some(1), "{}", text(&unblessed));
    assert!(
        text(&unblessed).contains("no snapshot is recorded"),
        "{}",
        text(&unblessed)
    );
    assert!(
        text(&unblessed).contains("cargo xtask dev bless ping_pong"),
        "{}",
        text(&unblessed)
    );

    let bless = wb.xtask(&["dev", "bless", "ping_pong"]);
    assert_eq!(bless.status.code(), Some(0), "{}", text(&bless));
    let shipped = wb.xtask(&["verify", "--shipped", "ping_pong"]);
    assert_eq!(shipped.status.code(), Some(0), "{}", text(&shipped));

    let curriculum = wb.xtask(&["dev", "curriculum"]);
    let said = text(&curriculum);
    assert_eq!(curriculum.status.code(), Some(1), "{said}");
    assert!(
        said.contains("ping_pong: the topic is still a placeholder"),
        "{said}"
    );
    assert!(said.contains("classroom.yml` is out of date"), "{said}");
    assert!(said.lines().last().unwrap().ends_with("failed"), "{said}");
}

// --- Thread schedules: katas marked `explore = true` are also judged on
// schedules the OS rarely picks (see xtask/tests/schedules.rs for the explorer
// itself). ---

#[test]
fn a_leftover_sender_is_reported_as_a_deadlock_with_the_waiting_thread() {
    let wb = TempWorkbook::new();
    wb.set_in_catalog("fan_in", "explore", toml::Value::Boolean(true));
    wb.set_in_catalog("fan_in", "timeout_ms", toml::Value::Integer(1500));
    let kata = wb.catalog().find("fan_in").unwrap().clone();
    let solution = std::fs::read_to_string(wb.root().join(&kata.solution)).unwrap();
    let attempt = solution.replace("drop(tx);", "// `tx` stays alive");
    let waits_at = attempt
        .lines()
        .position(|l| l.contains(" in rx {"))
        .unwrap()
        + 1;
    wb.write_kata("fan_in", &attempt);
    // The explorer's toolkit is built once (and shared); from then on the
    // search runs beside the real build.
    let explore = wb.xtask(&["explore", "fan_in", "--solution", "--iterations", "1"]);
    assert_eq!(explore.status.code(), Some(0), "{}", text(&explore));

    let deadlock_named = |said: &str| {
        assert!(said.contains("every thread is blocked"), "{said}");
        let main = said
            .lines()
            .find(|l| l.trim_start().starts_with("main "))
            .unwrap_or_else(|| panic!("{said}"));
        assert!(
            main.contains(&format!("waits in `recv` at line {waits_at}")),
            "{said}"
        );
        assert!(main.contains("1 Sender is still alive"), "{said}");
        // A seed of the random search, or the choices of the bounded one.
        assert!(
            said.contains("Replay this schedule: cargo xtask explore fan_in --seed")
                || said.contains("see what the channels did: cargo xtask trace fan_in"),
            "{said}"
        );
    };

    // `verify` searches after the real runs: they are stopped (stuck, or at
    // the time limit), and the search names the deadlock.
    let out = wb.xtask(&["verify", "fan_in"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(stopped_for_good(&said, "1.5 s"), "{said}");
    assert!(said.contains("It is a deadlock"), "{said}");
    deadlock_named(&said);

    // While the learner waits, the search that finds every schedule blocked
    // stops the hanging real run: the answer comes before the time limit.
    wb.set_in_catalog("fan_in", "timeout_ms", toml::Value::Integer(60_000));
    let out = wb.xtask(&["run", "fan_in"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(!said.contains("was still running"), "{said}");
    // The search, or the runner seeing every thread wait for good, whichever
    // comes first.
    assert!(
        said.contains("fan_in can deadlock") || said.contains("It is a deadlock"),
        "{said}"
    );
    deadlock_named(&said);

    // `trace` without a seed draws that very schedule, while the file is
    // the one judged; after an edit, it searches again.
    let replay = said
        .lines()
        .find_map(|l| l.split_once("Replay this schedule").map(|(_, c)| c.trim()))
        .unwrap_or_else(|| panic!("{said}"))
        .to_string();
    let traced = text(&wb.xtask(&["trace", "fan_in"]));
    assert!(
        traced.contains("The schedule your last check of `fan_in` failed on"),
        "{traced}"
    );
    match replay.split("explore fan_in --seed ").nth(1) {
        Some(rest) => {
            let seed = rest.split_whitespace().next().unwrap();
            assert!(traced.contains(&format!("seed {seed}")), "{traced}");
        }
        // The bounded search's schedule, drawn from its choices.
        None => assert!(
            traced.contains("a schedule with the fewest preemptions")
                && traced.contains("replay it: cargo xtask step fan_in"),
            "{traced}"
        ),
    }
    wb.attempt_without_fixing("fan_in");
    let traced = text(&wb.xtask(&["trace", "fan_in"]));
    assert!(!traced.contains("your last check"), "{traced}");
}

/// A hang's headline: on Linux, stopped as soon as no thread can be woken;
/// elsewhere, at the time limit `limit`.
fn stopped_for_good(said: &str, limit: &str) -> bool {
    if cfg!(target_os = "linux") {
        said.contains("no thread was running and nothing was left that could wake")
            && said.contains(&format!(
                "waiting out its {limit} time limit could not help"
            ))
    } else {
        said.contains(&format!("was still running after {limit}"))
    }
}

#[test]
fn a_hang_never_waits_for_the_explorer_to_be_built() {
    let wb = TempWorkbook::new();
    wb.set_in_catalog("fan_in", "explore", toml::Value::Boolean(true));
    wb.set_in_catalog("fan_in", "timeout_ms", toml::Value::Integer(1500));
    let kata = wb.catalog().find("fan_in").unwrap().clone();
    let solution = std::fs::read_to_string(wb.root().join(&kata.solution)).unwrap();
    wb.write_kata(
        "fan_in",
        solution.replace("drop(tx);", "// `tx` stays alive"),
    );
    // An explorer folder with nothing built in it: the real run's verdict,
    // at the time limit, is the answer; the library is not built for it.
    let explorer = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let out = wb
        .command(&["run", "fan_in"])
        .env("WORKBOOK_EXPLORER_DIR", explorer.path())
        .output()
        .unwrap();
    let took = started.elapsed();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(stopped_for_good(&said, "1.5 s"), "{said}");
    assert!(!explorer.path().join("library.json").exists(), "{said}");
    assert!(!explorer.path().join("cargo").exists(), "{said}");
    // The kata's build and its run, not shuttle's build (minutes on a busy machine).
    assert!(
        took < std::time::Duration::from_secs(60),
        "{took:?}: {said}"
    );
}

/// The line of `text` (from 1) that first contains `needle`.
fn line_with(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no `{needle}` in:\n{text}"))
        + 1
}

/// Builds the explorer's toolkit in this copy's runner target, so that the
/// next `run` names a deadlock with the explorer.
fn build_the_explorer(wb: &TempWorkbook, kata: &str) {
    let explore = wb.xtask(&["explore", kata, "--solution", "--iterations", "1"]);
    assert_eq!(explore.status.code(), Some(0), "{}", text(&explore));
}

/// clean_shutdown with its `drop(tx)` written after the receiving loop: the
/// original `tx` is dropped, but too late. The likely cause names both lines,
/// and not the kata's own text, which says `tx` is never dropped.
#[test]
fn a_sender_dropped_after_the_receiving_loop_is_named_with_its_line() {
    let wb = TempWorkbook::new();
    let kata = wb.catalog().find("clean_shutdown").unwrap().clone();
    let solution = std::fs::read_to_string(wb.root().join(&kata.solution)).unwrap();
    let late = solution.replace(
        "    drop(tx);\n    for (id, seq) in rx {\n        println!(\"recv {id} {seq}\");\n    }\n",
        "    for (id, seq) in rx {\n        println!(\"recv {id} {seq}\");\n    }\n    drop(tx);\n",
    );
    assert_ne!(late, solution);
    let waits_at = line_with(&late, " in rx {");
    let dropped_at = line_with(&late, "drop(tx);");
    assert!(dropped_at > waits_at);
    wb.write_kata(&kata.name, &late);
    build_the_explorer(&wb, &kata.name);
    let out = wb.xtask(&["run", &kata.name]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("every thread is blocked"), "{said}");
    assert!(
        said.contains(&format!("`main` waits in `recv` at line {waits_at}")),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "`main` drops `tx` at line {dropped_at}, only after the loop that waits for the \
             channel to close"
        )),
        "{said}"
    );
    assert!(!said.contains("still in scope"), "{said}");
}

/// same_thread_rendezvous that already sends from a thread of its own, but
/// joins it before receiving: the likely cause is the join, not the kata's
/// "send from another thread", which this program does.
#[test]
fn a_join_before_the_receiving_loop_is_blamed_not_the_sending_thread() {
    let wb = TempWorkbook::new();
    let kata = wb.catalog().find("same_thread_rendezvous").unwrap().clone();
    let solution = std::fs::read_to_string(wb.root().join(&kata.solution)).unwrap();
    let joined_first = solution.replace(
        "    for i in rx {\n        println!(\"recv {i}\");\n    }\n    producer.join().unwrap();\n",
        "    producer.join().unwrap();\n    for i in rx {\n        println!(\"recv {i}\");\n    }\n",
    );
    assert_ne!(joined_first, solution);
    let joins_at = line_with(&joined_first, "producer.join()");
    let sends_at = line_with(&joined_first, "tx.send(i)");
    wb.write_kata(&kata.name, &joined_first);
    build_the_explorer(&wb, &kata.name);
    let out = wb.xtask(&["run", &kata.name]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("every thread is blocked"), "{said}");
    assert!(
        said.contains(&format!(
            "Likely cause: `main` waits in `join` at line {joins_at} for `thread 1`, and \
             `thread 1` waits in `send` at line {sends_at}"
        )),
        "{said}"
    );
    assert!(said.contains("join after the receiving loop"), "{said}");
    assert!(
        !said.to_lowercase().contains("send from another thread"),
        "{said}"
    );
}

/// capstone whose first batch polls with `try_recv`, going round again on
/// `Empty`: it never blocks, so the likely cause is a busy thread, not the
/// kata's "it waits while any Sender is alive".
#[test]
fn a_spinning_try_recv_loop_is_called_busy_not_a_wait_for_a_sender() {
    let wb = TempWorkbook::new();
    let kata = wb.catalog().find("capstone").unwrap().clone();
    wb.set_in_catalog("capstone", "timeout_ms", toml::Value::Integer(1500));
    let solution = std::fs::read_to_string(wb.root().join(&kata.solution)).unwrap();
    let spinning = solution
        .replace(
            "use std::sync::mpsc::{self, Receiver, SyncSender};",
            "use std::sync::mpsc::{self, Receiver, SyncSender, TryRecvError};",
        )
        .replace(
            "    drop(tx);\n\n    for (id, seq) in rx {\n        println!(\"recv {id} {seq}\");\n        thread::sleep(Duration::from_millis(1));\n    }\n",
            "    loop {\n        match rx.try_recv() {\n            Ok((id, seq)) => println!(\"recv {id} {seq}\"),\n            Err(TryRecvError::Empty) => continue,\n            Err(TryRecvError::Disconnected) => break,\n        }\n    }\n",
        );
    assert!(spinning.contains("TryRecvError::Empty) => continue"));
    assert!(spinning.contains("TryRecvError};"));
    wb.write_kata(&kata.name, &spinning);
    let out = wb.xtask(&["run", &kata.name]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("was still running after 1.5 s"), "{said}");
    assert!(
        said.contains("A thread was still using the CPU (main"),
        "{said}"
    );
    assert!(
        said.contains("Likely cause: A thread kept running on the CPU"),
        "{said}"
    );
    assert!(said.contains("polls with `try_recv`"), "{said}");
    assert!(!said.contains("Sender is alive"), "{said}");
    assert!(!said.contains("still holds"), "{said}");
}

#[test]
fn an_order_across_producers_that_real_runs_keep_is_rejected_with_the_interleaving() {
    let wb = TempWorkbook::new();
    wb.set_in_catalog("restore_order", "explore", toml::Value::Boolean(true));
    let sentence = "each sender keeps its own order but the channel mixes senders as it likes";
    let in_order: String = sentence
        .split(' ')
        .enumerate()
        .map(|(ticket, word)| format!("{ticket} {}\n", word.to_uppercase()))
        .collect();
    let snapshots = wb.root().join("checks/snapshots");
    xtask::core::checks::write_snapshot(
        &snapshots,
        "restore_order",
        &format!("exit: success\noutput:\n{in_order}"),
    )
    .unwrap();
    // Four producers with four words each, each one starting 100 ms after the
    // one before: on real threads the words arrive in ticket order (0 of 100
    // runs out of order on a loaded 2-core machine). Nothing guarantees it.
    let attempt = format!(
        r#"use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {{
    let sentence = "{sentence}";
    let words: Vec<&'static str> = sentence.split(' ').collect();
    let (tx, rx) = mpsc::channel();
    for (block, chunk) in words.chunks(4).enumerate() {{
        let tx = tx.clone();
        let chunk = chunk.to_vec();
        thread::spawn(move || {{
            thread::sleep(Duration::from_millis(100 * block as u64));
            for (i, word) in chunk.into_iter().enumerate() {{
                tx.send((4 * block + i, word.to_uppercase())).unwrap();
            }}
        }});
    }}
    drop(tx);
    for (ticket, word) in rx {{
        println!("{{ticket}} {{word}}");
    }}
}}
"#
    );
    wb.write_kata("restore_order", &attempt);

    // `--full`: the whole interleaving, not the screenful a pipe gets.
    let out = wb.xtask(&["run", "restore_order", "--full"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("passed on real threads, but"), "{said}");
    assert!(
        said.contains("thread schedules the explorer tried break its check"),
        "{said}"
    );
    let shown: Vec<&str> = said
        .lines()
        .skip_while(|l| !l.contains("The interleaving: what it printed on that schedule"))
        .skip(1)
        .take_while(|l| !l.contains("Replay this schedule"))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut sorted = shown.clone();
    sorted.sort_by_key(|l| l.split(' ').next().and_then(|n| n.parse::<usize>().ok()));
    assert_eq!(
        sorted.join("\n") + "\n",
        in_order,
        "the schedule's own lines are shown: {said}"
    );
    assert_ne!(shown, sorted, "in an order that breaks the check: {said}");
    assert!(
        !done_katas(&wb).contains(&"restore_order".to_string()),
        "{said}"
    );
}

/// `stress` judges the solution and every correct attempt, prints a pass rate
/// per program, and fails when a program the corpus calls correct fails.
#[test]
fn stress_prints_pass_rates_and_fails_below_100_percent() {
    let wb = TempWorkbook::new();
    let out = wb.xtask(&["dev", "stress", HOST, "--runs", "3", "--load"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    for program in ["solution", "while_let_recv", "scoped_threads"] {
        let row = said
            .lines()
            .find(|l| l.starts_with(HOST) && l.contains(program));
        assert!(
            row.is_some_and(|r| r.contains("3/3") && r.contains("100.0%")),
            "{program}: {said}"
        );
    }
    assert!(said.contains("every program passed every time"), "{said}");

    // A wrong attempt declared correct: the table says so, and the exit code.
    let corpus = wb.root().join("xtask/attempts/attempts.toml");
    let text_before = std::fs::read_to_string(&corpus).unwrap();
    let (head, tail) = text_before
        .split_once("file = \"fan_in/off_by_one.rs\"\nexpect = \"fail\"")
        .unwrap();
    std::fs::write(
        &corpus,
        format!("{head}file = \"fan_in/off_by_one.rs\"\nexpect = \"pass\"{tail}"),
    )
    .unwrap();
    let out = wb.xtask(&["dev", "stress", HOST, "--runs", "2"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.lines()
            .any(|l| l.contains("off_by_one") && l.contains("0/2")),
        "{said}"
    );
    assert!(
        said.contains("first failure: fail:") && said.contains("never printed as received"),
        "{said}"
    );
    assert!(said.contains("1 below 100%"), "{said}");
}

// --- Explanations that fit the program in front of them: natural first
// attempts, and the message each one gets. ---

/// The compiler's notes are read from the diagnostic itself: the moved
/// value and its type, the type that cannot be printed, once per cause.
#[test]
fn compiler_notes_fit_the_error_in_front_of_them() {
    let wb = TempWorkbook::new();
    let oneshot = std::fs::read_to_string(wb.kata_file("oneshot")).unwrap();
    // Two sends through a one-shot Sender.
    let out = wb.xtask(&["run", "oneshot"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("is used up by its first `"), "{said}");
    assert!(said.contains("(a `OneshotSender<"), "{said}");
    assert!(!said.contains("give each thread its own clone"), "{said}");
    // One message, a tuple, printed with `{}`.
    let tuple = oneshot
        .replace(
            "result_tx.send(lowest);",
            "result_tx.send((lowest, highest));",
        )
        .replace("        result_tx.send(highest);\n", "")
        .replace(
            "let lowest = result_rx.recv().unwrap();",
            "let both = result_rx.recv().unwrap();",
        )
        .replace("    let highest = result_rx.recv().unwrap();\n", "")
        .replace(
            "println!(\"lowest {lowest}, highest {highest}\");",
            "println!(\"lowest and highest: {}\", both);",
        );
    wb.write_kata("oneshot", &tuple);
    let said = text(&wb.xtask(&["run", "oneshot"]));
    assert!(
        said.contains("doesn't implement `std::fmt::Display`"),
        "{said}"
    );
    assert!(
        said.contains("a tuple cannot be printed with `{}`: take it apart"),
        "{said}"
    );
    assert!(!said.contains("`Rc` is not `Send`"), "{said}");
    // `{:?}` prints `(4, 23)`, which is not the kata's line.
    assert!(!said.contains("or use `{:?}`"), "{said}");

    // scoped_borrow as shipped: two closures' borrows, one note.
    let said = text(&wb.xtask(&["run", "scoped_borrow"]));
    assert_eq!(
        said.matches("The thread's closure only borrows").count(),
        1,
        "{said}"
    );
    assert!(
        said.contains("`tx` and `names`") || said.contains("`names` and `tx`"),
        "{said}"
    );
    // A scope, and `names` taken by a `move` closure.
    let scoped = std::fs::read_to_string(wb.kata_file("scoped_borrow"))
        .unwrap()
        .replace(
            "let producer = thread::spawn(|| {",
            "thread::scope(|s| { s.spawn(move || {",
        )
        .replace("    producer.join().unwrap();\n", "")
        .replace(
            "        println!(\"{name} has {} letters\", name.len());\n    }\n",
            "        println!(\"{name} has {} letters\", name.len());\n    }\n    });\n",
        );
    wb.write_kata("scoped_borrow", &scoped);
    let said = text(&wb.xtask(&["run", "scoped_borrow"]));
    assert!(said.contains("borrow of moved value: `names`"), "{said}");
    assert!(said.contains("`let names = &names;`"), "{said}");
    // The compiler points at the scope's closure, which the `move` closure
    // inside it made take `names`: the thread is scoped already.
    assert!(
        said.contains("moved into the `move` closure of a thread inside the `thread::scope`"),
        "{said}"
    );
    assert!(!said.contains("spawn it inside `thread::scope`"), "{said}");
    assert!(!said.contains("Sender"), "{said}");
    // A Receiver's `clone`, as shipped: named a Receiver whatever path the
    // compiler writes its type with, and not told to check the method's name.
    let said = text(&wb.xtask(&["run", "clone_receiver"]));
    assert!(said.contains("no method named `clone`"), "{said}");
    assert!(said.contains("exactly one consumer"), "{said}");
    assert!(!said.contains("check the name"), "{said}");
}

/// A compiler note follows the value to where it went (a thread's closure,
/// a struct, `drop`, the channel) and gives the advice that is true there:
/// never "clone it" for a Sender kept in a struct, a value that cannot be
/// cloned, or a Receiver.
#[test]
fn compiler_notes_follow_the_value_to_where_it_went() {
    let wb = TempWorkbook::new();
    let edit = |kata: &str, pairs: &[(&str, &str)]| {
        let mut source = std::fs::read_to_string(wb.kata_file(kata)).unwrap();
        for (old, new) in pairs {
            assert!(source.contains(old), "{kata}: {old}");
            source = source.replacen(old, new, 1);
        }
        wb.write_kata(kata, source);
        let out = wb.xtask(&["run", kata]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        text(&out)
    };
    // The runner's own notes, without the compiler's text (which quotes the
    // program).
    let notes = |said: &str| -> String {
        said.lines()
            .filter(|l| l.starts_with('→'))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let clone_advice = ["clone it for each", "own clone", ".clone()"];

    // A Sender moved into a struct: end the struct, a clone would keep the
    // channel open.
    let said = edit(
        "drop_before_iterating",
        &[(
            "    for (id, seq) in rx {",
            "    drop(tx);\n    for (id, seq) in rx {",
        )],
    );
    assert!(
        said.contains("was moved into the `Team` made (line 43)"),
        "{said}"
    );
    assert!(said.contains("`drop(team)`"), "{said}");
    assert!(!notes(&said).contains("clone it for each"), "{said}");

    // A Sender given to `drop` in the loop's first round.
    let said = edit(
        "try_iter_drain",
        &[(
            "        worker.join().unwrap();\n",
            "        worker.join().unwrap();\n        drop(tx);\n",
        )],
    );
    assert!(
        said.contains("was dropped by `drop(tx)` (line 34) in an earlier round"),
        "{said}"
    );
    for advice in clone_advice {
        assert!(!notes(&said).contains(advice), "{said}");
    }

    // A shadowing clone before each of two top-level spawns: the first
    // closure takes the clone, so a second name is needed.
    let said = edit(
        "two_producers",
        &[
            (
                "    let first =",
                "    let tx = tx.clone();\n    let first =",
            ),
            (
                "    let second =",
                "    let tx = tx.clone();\n    let second =",
            ),
        ],
    );
    assert!(said.contains("(with the clone made at line 28)"), "{said}");
    assert!(said.contains("`let tx2 = tx.clone();`"), "{said}");
    assert!(
        !notes(&said).contains("`let tx = tx.clone();` before each"),
        "{said}"
    );

    // `drop(tx)` in the spawn loop drops the clone the thread already took.
    let said = edit(
        "clean_shutdown",
        &[("        }));\n", "        }));\n        drop(tx);\n")],
    );
    assert!(
        said.contains("Here `tx` is the clone made at line 29"),
        "{said}"
    );
    assert!(said.contains("has nothing left to drop"), "{said}");
    assert!(!notes(&said).contains("`let tx = tx.clone();`"), "{said}");

    // A leftover `drop(tx)` after the one thread took `tx`: delete it.
    let said = edit(
        "receive_all",
        &[(
            "    // TODO: receive until",
            "    drop(tx);\n    // TODO: receive until",
        )],
    );
    assert!(
        said.contains("So `drop(tx)` (line 32) has nothing to drop: delete it,"),
        "{said}"
    );

    // A job that is not `Clone`, kept after `send`: take it out of the error.
    let said = edit(
        "send_error_gives_back",
        &[(
            "        tx.send(job).unwrap();",
            "        if tx.send(job).is_err() { unsent.push(job); }",
        )],
    );
    assert!(said.contains("a `Job` cannot be cloned"), "{said}");
    assert!(
        said.contains("`if let Err(mpsc::SendError(job)) = tx.send(job)"),
        "{said}"
    );
    assert!(!notes(&said).contains("send a clone"), "{said}");
    // The error itself pushed where a job belongs: the job is inside.
    let said = edit(
        "send_error_gives_back",
        &[(
            "if tx.send(job).is_err() { unsent.push(job); }",
            "if let Err(e) = tx.send(job) { unsent.push(e); }",
        )],
    );
    assert!(
        said.contains("A `SendError<Job>` is given where a `Job` is expected (line 69)"),
        "{said}"
    );
    assert!(said.contains("`err.0`"), "{said}");

    // A reference given to `send`.
    let said = edit(
        "moved_message",
        &[("tx.send(order).unwrap();", "tx.send(&order).unwrap();")],
    );
    assert!(
        said.contains("`send` takes the value itself, not a reference (line 39)"),
        "{said}"
    );

    // A Receiver moved into the first worker: Arc<Mutex<..>>, never a clone.
    wb.xtask(&["reset", "worker_pool"]);
    let said = text(&wb.xtask(&["run", "worker_pool"]));
    assert!(said.contains("A `Receiver` cannot be cloned"), "{said}");
    assert!(said.contains("Arc<Mutex<..>>"), "{said}");
    assert!(!notes(&said).contains("give the thread a clone"), "{said}");
    // Rc<RefCell<Receiver>>: `Arc<Mutex<..>>` at once, not `Arc` alone.
    let said = edit(
        "worker_pool",
        &[
            (
                "    let mut handles",
                "    let job_rx = std::rc::Rc::new(std::cell::RefCell::new(job_rx));\n    let mut handles",
            ),
            (
                "let done_tx = done_tx.clone();",
                "let done_tx = done_tx.clone(); let job_rx = job_rx.clone();",
            ),
            (
                "for job in job_rx {",
                "while let Ok(job) = job_rx.borrow().recv() {",
            ),
        ],
    );
    assert!(said.contains("need `Arc<Mutex<..>>`"), "{said}");
    assert!(!notes(&said).contains("Use `Arc`, which is."), "{said}");

    // scoped_borrow: the channel carries borrows of `names`, so neither a
    // `move` closure nor a clone can help; only a scope.
    let said = edit(
        "scoped_borrow",
        &[("thread::spawn(||", "thread::spawn(move ||")],
    );
    assert!(
        said.contains("`tx` carries references into `names`"),
        "{said}"
    );
    assert!(
        said.contains("which only a thread of `thread::scope(|s| ..)` may"),
        "{said}"
    );
    assert!(!notes(&said).contains("give the thread a clone"), "{said}");
    wb.xtask(&["reset", "scoped_borrow"]);
    let said = edit(
        "scoped_borrow",
        &[
            (
                "    let producer = thread::spawn(|| {",
                "    let copy = names.clone();\n    let producer = thread::spawn(move || {",
            ),
            ("for name in &names {", "for name in &copy {"),
        ],
    );
    assert!(
        said.contains("`tx` carries references into `copy`"),
        "{said}"
    );
    assert!(said.contains("thread::scope"), "{said}");

    // infer_type as shipped: name `()`, send nothing.
    let said = text(&wb.xtask(&["run", "infer_type"]));
    assert!(said.contains("`mpsc::channel::<()>()`"), "{said}");
    assert!(!notes(&said).contains("::<String>"), "{said}");
    assert!(!notes(&said).contains("Send something"), "{said}");

    // capstone with a bounded channel but the old types.
    let said = edit(
        "capstone",
        &[("    mpsc::channel()", "    mpsc::sync_channel(4)")],
    );
    assert!(
        said.contains("`sync_channel` gives a `SyncSender`, not a `Sender` (line 43)"),
        "{said}"
    );
}

/// Printed facts speak of the program in front of the learner: an example
/// line in the kata's own format, only the parameters the program reads,
/// and the threads that are really left.
#[test]
fn printed_facts_speak_of_the_program_in_front_of_them() {
    let wb = TempWorkbook::new();
    // receive_all as shipped takes three of its messages; its lines are
    // `recv <seq>`, so the first missing one is `recv 3`.
    let said = text(&wb.xtask(&["run", "receive_all"]));
    assert!(
        said.contains("messages were never printed as received, e.g. `recv 3`."),
        "{said}"
    );
    assert!(!said.contains("`recv 0 3`"), "{said}");
    // recv_error_means_done as shipped unwraps the RecvError that ends the
    // stream: the verdict says what that error means.
    let said = text(&wb.xtask(&["run", "recv_error_means_done"]));
    assert!(said.contains("RecvError."), "{said}");
    assert!(
        said.contains("`recv()` returned `Err(RecvError)`: the channel was empty"),
        "{said}"
    );

    // two_producers with a clone for each thread and `tx` left in main: the
    // producers finish, and main alone waits. Its `producers` is fixed by the
    // catalog, not read by the program.
    wb.set_in_catalog("two_producers", "explore", toml::Value::Boolean(false));
    wb.set_in_catalog("two_producers", "channels", toml::Value::Array(Vec::new()));
    wb.set_in_catalog("two_producers", "timeout_ms", toml::Value::Integer(1500));
    let solution = std::fs::read_to_string(
        wb.root()
            .join(&wb.catalog().find("two_producers").unwrap().solution),
    )
    .unwrap();
    let kept = solution
        .replace(
            "let tx1 = tx.clone();",
            "let tx1 = tx.clone();\n    let tx0 = tx.clone();",
        )
        .replace("tx.send((0, seq))", "tx0.send((0, seq))");
    assert!(kept.contains("tx0.send((0, seq))"));
    wb.write_kata("two_producers", &kept);
    let out = wb.xtask(&["run", "two_producers"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("(run with messages="), "{said}");
    assert!(!said.contains("producers="), "{said}");
    assert!(
        said.contains("Only `main` was left, and it was blocked"),
        "{said}"
    );
    assert!(!said.contains("waiting for another (main)"), "{said}");

    // `let _ = team;` keeps `team`, and its Sender, alive: the kata's text
    // says so where a learner reads that line as the team's end.
    let file = std::fs::read_to_string(wb.kata_file("drop_before_iterating")).unwrap();
    wb.write_kata(
        "drop_before_iterating",
        file.replacen(
            "    for (id, seq) in rx {",
            "    let _ = team;\n    for (id, seq) in rx {",
            1,
        ),
    );
    let said = text(&wb.xtask(&["run", "drop_before_iterating"]));
    assert!(said.contains("a `let _ = team;` does not end it"), "{said}");
}

/// Passing the last kata does not call the track complete while another
/// kata's file changed since it passed.
#[test]
fn the_last_pass_is_not_complete_while_a_kata_changed_since_its_pass() {
    let wb = TempWorkbook::new();
    let catalog = wb.catalog();
    let last = catalog.katas.last().unwrap();
    let mut progress = serde_json::json!({"format_version": 1, "welcomed": true});
    progress["done"] = catalog.katas[..catalog.katas.len() - 1]
        .iter()
        .map(|k| k.name.clone())
        .collect();
    // fan_in passed as some other file than the one there now.
    progress["passed_files"] = serde_json::json!({"fan_in": "0000000000000000"});
    std::fs::create_dir_all(wb.progress_file().parent().unwrap()).unwrap();
    std::fs::write(wb.progress_file(), progress.to_string()).unwrap();
    wb.solve_with_reference(&last.name);
    let out = wb.xtask(&["next"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(!said.contains(catalog.complete.trim()), "{said}");
    assert!(
        said.contains("Every kata has passed, but fan_in changed since it passed"),
        "{said}"
    );
}

/// A kata that passed and whose file changed since is not counted done by
/// `list`, and `next` checks it again before it calls the track complete.
#[test]
fn a_done_kata_changed_since_its_pass_is_checked_again() {
    let wb = TempWorkbook::new();
    let catalog = wb.catalog();
    let kata = catalog.find("fan_in").unwrap();
    std::fs::copy(wb.root().join(&kata.solution), wb.root().join(&kata.path)).unwrap();
    let out = wb.xtask(&["run", "fan_in"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // Every other kata marked done, as after a walk through the track.
    let mut progress: serde_json::Value =
        serde_json::from_slice(&std::fs::read(wb.progress_file()).unwrap()).unwrap();
    progress["done"] = catalog.katas.iter().map(|k| k.name.clone()).collect();
    std::fs::write(wb.progress_file(), progress.to_string()).unwrap();
    assert!(text(&wb.xtask(&["list"])).contains(&format!("{n}/{n} done", n = catalog.katas.len())));

    // An extra receipt printed at the end, after every real one: only the
    // delivery fact breaks (each producer's order still holds), and a diff
    // by line shows just that line changed.
    let solution = std::fs::read_to_string(wb.root().join(&kata.solution)).unwrap();
    let end = solution
        .trim_end()
        .strip_suffix('}')
        .expect("main ends the file");
    let broken = format!("{end}    println!(\"recv 0 99\");\n}}\n");
    wb.write_kata("fan_in", &broken);
    let list = text(&wb.xtask(&["list"]));
    assert!(
        list.contains("fan_in") && list.contains("(changed since it passed)"),
        "{list}"
    );
    assert!(
        list.contains(&format!(
            "{}/{} done",
            catalog.katas.len() - 1,
            catalog.katas.len()
        )),
        "{list}"
    );
    let out = wb.xtask(&["next"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(!said.contains(catalog.complete.trim()), "{said}");
    assert!(
        said.contains("fan_in had passed, but its file changed"),
        "{said}"
    );
    let changed: Vec<&str> = said
        .lines()
        .filter(|l| l.starts_with("  - ") || l.starts_with("  + "))
        .collect();
    assert!(
        changed.len() == 2,
        "a diff by line, not by position: {said}"
    );
    // It is the current kata again.
    let list = text(&wb.xtask(&["list"]));
    assert!(list.contains("→ fan_in"), "{list}");
}

/// A usage problem exits 2 in every command, and a command that found
/// nothing wrong never prints `error:`.
#[test]
fn usage_errors_exit_2_in_every_command() {
    let wb = TempWorkbook::new();
    let catalog = wb.catalog();
    std::fs::create_dir_all(wb.root().join(".workbook")).unwrap();
    let all: Vec<String> = catalog.katas.iter().map(|k| k.name.clone()).collect();
    std::fs::write(
        wb.progress_file(),
        serde_json::json!({"format_version": 1, "done": all}).to_string(),
    )
    .unwrap();
    for args in [
        &["hint"][..],
        &["hint", "nope"],
        &["run", "nope"],
        &["reset", "nope"],
        &["solution", "nope"],
        &["explore", "nope"],
        &["verify", "nope"],
        &["list", "--jsonn"],
        &["nope"],
    ] {
        let out = wb.xtask(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
    }
    let out = wb.xtask(&["hint", &catalog.katas[0].name]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(!text(&out).contains("error:"), "{}", text(&out));
}

/// The compiler's warnings about the learner's file are named beside the
/// verdict, one line each, on a failure and on a pass; they decide nothing.
#[test]
fn compiler_warnings_of_the_kata_are_shown_with_the_verdict() {
    let wb = TempWorkbook::new();
    let kata = "recv_error_means_done";
    let path = wb.catalog().find(kata).unwrap().path.display().to_string();
    // As shipped: the lines after the endless loop are unreachable.
    let out = wb.xtask(&["run", kata]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("The compiler warns"), "{said}");
    let unreachable = said
        .lines()
        .find(|l| l.contains("unreachable statement"))
        .unwrap_or_else(|| panic!("no unreachable warning:\n{said}"));
    assert!(unreachable.contains(&format!("{path}:")), "{said}");
    // A correct program that drops `send`'s `Result`: it passes, and is told.
    let solution = wb.catalog().find(kata).unwrap().solution.clone();
    let ignored = std::fs::read_to_string(wb.root().join(solution))
        .unwrap()
        .replace("tx.send(seq).unwrap();", "tx.send(seq);");
    wb.write_kata(kata, &ignored);
    let out = wb.xtask(&["run", kata]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains(&format!("{kata} passed")), "{said}");
    assert!(said.contains("unused `Result` that must be used"), "{said}");
    // Only warnings of the kata's own file, and only once per line.
    assert_eq!(said.matches("unused `Result`").count(), 1, "{said}");
    // A report has them too, in brief: code, headline and line.
    let report = wb.json_report(&[kata]);
    let warnings = entry(&report, kata)["warnings"]
        .as_array()
        .unwrap_or_else(|| panic!("no warnings in {report:#}"))
        .clone();
    assert_eq!(
        warnings,
        [serde_json::json!({
            "code": "unused_must_use",
            "message": "unused `Result` that must be used",
            "line": line_with(&ignored, "tx.send(seq);"),
        })],
        "{report:#}"
    );
    // A file without warnings has none in its report.
    let other = wb.json_report(&["first_channel"]);
    assert!(
        entry(&other, "first_channel").get("warnings").is_none(),
        "{other:#}"
    );
}

/// crossbeam_select with its `Err` arms counted but the closed receivers
/// left in place: a closed arm is picked and counted again and again, the
/// loop ends early and messages are lost. The likely cause says so, and no
/// hint offers that very program as the fix.
#[test]
fn a_closed_select_arm_counted_again_and_again_explains_the_lost_messages() {
    let wb = TempWorkbook::new();
    let kata = "crossbeam_select";
    let counted = std::fs::read_to_string(wb.kata_file(kata))
        .unwrap()
        .replace("let open = 2;", "let mut open = 2;")
        .replace(
            "recv(orders_rx) -> msg => {\n                let seq = msg.unwrap();\n                println!(\"recv 0 {seq}\");\n            }",
            "recv(orders_rx) -> msg => match msg {\n                Ok(seq) => println!(\"recv 0 {seq}\"),\n                Err(_) => open -= 1,\n            },",
        )
        .replace(
            "recv(alerts_rx) -> msg => {\n                let seq = msg.unwrap();\n                println!(\"recv 1 {seq}\");\n            }",
            "recv(alerts_rx) -> msg => match msg {\n                Ok(seq) => println!(\"recv 1 {seq}\"),\n                Err(_) => open -= 1,\n            },",
        );
    assert_eq!(counted.matches("Err(_) => open -= 1").count(), 2);
    wb.write_kata(kata, &counted);
    let out = wb.xtask(&["run", kata]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("never printed as received"), "{said}");
    assert!(
        said.contains("Likely cause: The receiving loop ended too early: it took"),
        "{said}"
    );
    assert!(said.contains("of producer 1's"), "{said}");
    assert!(said.contains("again and again"), "{said}");
    assert!(said.contains("`never()`"), "{said}");
    // The second hint no longer presents the counting alone as the fix.
    let hints = text(&wb.xtask(&["hint", kata, "--all"]));
    assert!(hints.contains("only half of it"), "{hints}");
}

/// `t` in the watcher draws the schedule on which the last check failed, when
/// the explorer found it; on the next kata, not checked yet, it says so.
#[test]
fn t_in_the_watcher_draws_the_failing_schedule_of_the_last_check() {
    // The verdict names the deadlock only once the explorer's library is
    // built (it is the runner's own, shared with this copy): build it now.
    let runner = Workbook::open(xtask::core::workbook::runner_root()).unwrap();
    let kata = runner.catalog.find("same_thread_rendezvous").unwrap();
    let params = [("messages".to_string(), 5)].into_iter().collect();
    xtask::core::judge::trace::trace(
        &runner,
        kata,
        &kata.solution,
        &params,
        1,
        xtask::core::explore::Scheduler::Random,
        &[],
    )
    .expect("the explorer runs");

    let wb = TempWorkbook::new();
    let catalog = wb.catalog();
    let at = catalog.position("same_thread_rendezvous").unwrap();
    let done: Vec<&str> = catalog.katas[..at]
        .iter()
        .map(|k| k.name.as_str())
        .collect();
    std::fs::create_dir_all(wb.progress_file().parent().unwrap()).unwrap();
    std::fs::write(
        wb.progress_file(),
        serde_json::json!({ "format_version": 1, "done": done }).to_string(),
    )
    .unwrap();
    let mut watcher = RunningWatcher::start(&wb, &["watch"], std::process::Stdio::piped());
    // As shipped, `main` sends on a rendezvous with nobody to receive. The
    // verdict names the explorer's blocked threads whichever saw the
    // deadlock first: the search ("can deadlock") or, on a loaded machine,
    // the real run's look at its threads ("stopped after 0.2 s ... It is a
    // deadlock").
    let verdict = watcher.wait_for("every thread is blocked", 0);
    let footer = watcher.wait_for("t trace", verdict);
    watcher.send("t");
    let heading = watcher.wait_for("same_thread_rendezvous · seed ", footer);
    let drawn = watcher.wait_for("waits forever", heading);
    assert!(
        watcher.said()[heading..].contains("deadlocks"),
        "{}",
        watcher.said()
    );

    // Solved: the next kata is not checked until it is saved, so no trace.
    let solution = wb.root().join(&catalog.katas[at].solution);
    std::fs::copy(solution, wb.kata_file("same_thread_rendezvous")).unwrap();
    let passed = watcher.wait_for("same_thread_rendezvous passed", drawn);
    let next = &catalog.katas[at + 1];
    let watching = watcher.wait_for(&format!("Watching {}", next.path.display()), passed);
    watcher.send("t");
    watcher.wait_for(
        &format!("No trace yet: `{}` has not been checked here", next.name),
        watching,
    );
    watcher.send("q");
    let status = watcher.wait();
    assert_eq!(status.code(), Some(0), "{}", watcher.said());
}

/// After the last kata passes, the watcher shows the pass and the track's
/// closing message, and stays open with them until the learner quits.
#[test]
fn the_watcher_stays_open_after_the_last_kata_passes() {
    let wb = TempWorkbook::new();
    let catalog = wb.catalog();
    let (last, others) = catalog.katas.split_last().unwrap();
    let done: Vec<&str> = others.iter().map(|k| k.name.as_str()).collect();
    std::fs::create_dir_all(wb.progress_file().parent().unwrap()).unwrap();
    std::fs::write(
        wb.progress_file(),
        serde_json::json!({ "format_version": 1, "done": done }).to_string(),
    )
    .unwrap();
    std::fs::copy(wb.root().join(&last.solution), wb.root().join(&last.path)).unwrap();
    let mut watcher = RunningWatcher::start(&wb, &["watch"], std::process::Stdio::piped());
    let passed = watcher.wait_for(&format!("{} passed", last.name), 0);
    let complete = watcher.wait_for("Track complete!", passed);
    watcher.wait_for("Every kata has passed.", complete);
    std::thread::sleep(std::time::Duration::from_secs(1));
    assert!(
        watcher.child.try_wait().unwrap().is_none(),
        "the watcher left:\n{}",
        watcher.said()
    );
    watcher.send("q");
    let status = watcher.wait();
    assert_eq!(status.code(), Some(0), "{}", watcher.said());
}

/// What the watcher shows on a terminal (a pseudo-terminal of `script`)
/// of `rows` rows by `LINES`, once it watches: its last screen. `None`
/// without `script`.
fn watch_screen(wb: &TempWorkbook, rows: usize) -> Option<String> {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` to give the watcher a terminal");
        return None;
    }
    let watch = format!("'{}' watch", env!("CARGO_BIN_EXE_xtask"));
    let command = wb.command(&[]);
    let mut child = Command::new("script")
        .args(["-qfec", &watch, "/dev/null"])
        .envs(command.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .env("LINES", rows.to_string())
        .env("COLUMNS", "100")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("script starts");
    let mut stdout = child.stdout.take().unwrap();
    let said = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let reader = {
        let said = std::sync::Arc::clone(&said);
        std::thread::spawn(move || {
            use std::io::Read;
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                said.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        })
    };
    let mut seen = String::new();
    for _ in 0..15_000 {
        seen = said.lock().unwrap().clone();
        if seen.contains("Watching ") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    {
        use std::io::Write;
        let stdin = child.stdin.as_mut().unwrap();
        let _ = stdin.write_all(b"q");
        let _ = stdin.flush();
    }
    let mut quit = false;
    for _ in 0..1500 {
        if child.try_wait().unwrap().is_some() {
            quit = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    if !quit {
        let _ = child.kill();
        let _ = child.wait();
    }
    let _ = reader.join();
    let screen = seen
        .rsplit("\x1b[2J")
        .next()
        .unwrap_or("")
        .replace("\x1b[3J", "");
    assert!(quit, "the watcher did not quit on q:\n{seen}");
    Some(screen)
}

/// In a terminal (here a pseudo-terminal of `script`, 30 rows by `LINES`),
/// a long verdict is shortened to fit, and says which command shows it whole.
#[test]
fn the_watcher_fits_a_long_verdict_to_the_terminal() {
    let wb = TempWorkbook::new();
    let first = wb.catalog().katas[0].clone();
    let mut broken = std::fs::read_to_string(wb.root().join(&first.path)).unwrap();
    broken.push_str("\nfn _many_errors() {\n");
    for i in 0..30 {
        broken.push_str(&format!("    let _e{i}: u32 = \"not a number\";\n"));
    }
    broken.push_str("}\n");
    wb.write_kata(&first.name, &broken);
    let Some(screen) = watch_screen(&wb, 30) else {
        return;
    };
    assert!(
        screen.contains(&format!(
            "more lines of the compiler's errors: `cargo xtask run {} --full` shows them whole.",
            first.name
        )),
        "{screen}"
    );
    assert!(screen.contains("does not compile"), "{screen}");
    assert!(screen.contains("Watching "), "{screen}");
    let rows = screen.trim_end().lines().count();
    assert!(rows <= 30, "{rows} lines on a 30-row screen:\n{screen}");
}

/// Lines a screen shows: its text without the terminal's control sequences.
fn rows_of(screen: &str) -> usize {
    screen.trim_end().lines().count()
}

/// A wrong output far longer than the screen: the "Expected" diff keeps its
/// changed lines as far as they fit, and names the command that shows it
/// whole; the whole verdict fits.
#[test]
fn the_watcher_fits_a_long_expected_diff_to_the_terminal() {
    let wb = TempWorkbook::new();
    let first = wb.catalog().katas[0].clone();
    let mut noisy = String::from("fn main() {\n");
    for i in 0..80 {
        noisy.push_str(&format!("    println!(\"debug line {i}\");\n"));
    }
    noisy.push_str("}\n");
    wb.write_kata(&first.name, &noisy);
    // Without a terminal, `run` fits a screenful and names `--full`, which
    // shows the diff whole.
    let piped = text(&wb.xtask(&["run", &first.name]));
    assert!(piped.contains("+ debug line 0"), "{piped}");
    assert!(!piped.contains("+ debug line 79"), "{piped}");
    assert!(
        piped.contains(&format!(
            "more lines of the diff: `cargo xtask run {} --full` shows it whole",
            first.name
        )),
        "{piped}"
    );
    assert!(rows_of(&piped) <= 50, "{piped}");
    let whole = text(&wb.xtask(&["run", &first.name, "--full"]));
    assert!(whole.contains("+ debug line 79"), "{whole}");
    assert!(!whole.contains("more lines of the diff"), "{whole}");
    let Some(screen) = watch_screen(&wb, 30) else {
        return;
    };
    assert!(
        screen.contains("Expected (every correct run gives this)"),
        "{screen}"
    );
    assert!(screen.contains("+ debug line 0"), "{screen}");
    assert!(!screen.contains("+ debug line 39"), "{screen}");
    assert!(
        screen.contains(&format!(
            "more lines of the diff: `cargo xtask run {} --full` shows it whole",
            first.name
        )),
        "{screen}"
    );
    assert!(screen.contains("Watching "), "{screen}");
    let rows = rows_of(&screen);
    assert!(rows <= 30, "{rows} lines on a 30-row screen:\n{screen}");
}

/// A deadlock with more blocked threads than the screen has rows: the list
/// is cut, counts the threads left out and names the command that lists
/// them all; the whole verdict fits.
#[test]
fn the_watcher_fits_a_long_list_of_blocked_threads_to_the_terminal() {
    let wb = TempWorkbook::new();
    let catalog = wb.catalog();
    let at = catalog.katas.iter().position(|k| k.explore).unwrap();
    let kata = catalog.katas[at].clone();
    let done: Vec<&str> = catalog.katas[..at]
        .iter()
        .map(|k| k.name.as_str())
        .collect();
    std::fs::create_dir_all(wb.progress_file().parent().unwrap()).unwrap();
    std::fs::write(
        wb.progress_file(),
        serde_json::json!({ "format_version": 1, "done": done }).to_string(),
    )
    .unwrap();
    // Thirty threads wait in `recv` on channels whose Senders `main` keeps,
    // and `main` waits to join the first.
    wb.write_kata(
        &kata.name,
        "use std::sync::mpsc;
use std::thread;

fn main() {
    let mut senders = Vec::new();
    let mut handles = Vec::new();
    for _ in 0..30 {
        let (tx, rx) = mpsc::channel::<u32>();
        senders.push(tx);
        handles.push(thread::spawn(move || {
            let _ = rx.recv();
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }
}
",
    );
    build_the_explorer(&wb, &kata.name);
    let whole = text(&wb.xtask(&["run", &kata.name, "--full"]));
    assert!(whole.contains("every thread is blocked"), "{whole}");
    assert!(whole.contains("thread 30 (spawned at line 10)"), "{whole}");
    // Without `--full` and without a terminal, a screenful.
    let piped = text(&wb.xtask(&["run", &kata.name]));
    assert!(piped.contains("every thread is blocked"), "{piped}");
    assert!(piped.contains("lists them all"), "{piped}");
    let Some(screen) = watch_screen(&wb, 30) else {
        return;
    };
    assert!(screen.contains("every thread is blocked"), "{screen}");
    assert!(screen.contains("main "), "{screen}");
    assert!(!screen.contains("thread 30 "), "{screen}");
    let more = screen
        .lines()
        .find(|l| l.contains("more blocked threads"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(
        more.contains("lists them all")
            && (more.contains(&format!("cargo xtask explore {} --seed", kata.name))
                || more.contains(&format!("cargo xtask trace {}`", kata.name))),
        "{screen}"
    );
    assert!(screen.contains("Likely cause"), "{screen}");
    let rows = rows_of(&screen);
    assert!(rows <= 30, "{rows} lines on a 30-row screen:\n{screen}");
}

#[cfg(unix)]
#[test]
fn a_reader_that_goes_away_ends_the_runner_quietly() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;
    let wb = TempWorkbook::new();
    // `cargo xtask hint --all | head -0`: the pipe is closed before anything
    // is written, so the first line already finds no reader.
    let mut child = wb
        .command(&["hint", "--all"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.signal(), Some(libc::SIGPIPE), "{stderr}");
}

/// A fresh clone's first command waits for the runner's build: a second
/// major version of a heavy build-time crate (syn, the derives' parser) is
/// several seconds of it. `xtask/Cargo.toml` says which releases keep one.
#[test]
fn the_runner_s_first_build_compiles_one_syn() {
    let lock = std::fs::read_to_string(xtask::core::workbook::runner_root().join("Cargo.lock"))
        .expect("the workspace has a Cargo.lock");
    let syns: Vec<&str> = lock
        .split("[[package]]")
        .filter(|package| package.contains("\nname = \"syn\"\n"))
        .filter_map(|package| package.lines().find(|l| l.starts_with("version = ")))
        .collect();
    assert_eq!(syns.len(), 1, "more than one syn in Cargo.lock: {syns:?}");
}

/// The katas' dependencies are built with the runner's first build (see
/// `xtask/Cargo.toml`): each one is the runner's too, with the same version
/// and features, or cargo would build it again for the first kata.
#[test]
fn the_katas_dependencies_come_with_the_runner_s_first_build() {
    let root = xtask::core::workbook::runner_root();
    let deps = |manifest: &str| -> toml::Table {
        let text = std::fs::read_to_string(root.join(manifest)).unwrap();
        let manifest: toml::Table = text.parse().unwrap();
        manifest["dependencies"].as_table().unwrap().clone()
    };
    let runner = deps("xtask/Cargo.toml");
    for (name, wanted) in deps("exercises/Cargo.toml") {
        assert_eq!(runner.get(&name), Some(&wanted), "the katas' `{name}`");
    }
}

/// A kata passed before the recorder of real runs was built is passed on its
/// output alone, and said so; once the recorder is built, `next` judges its
/// channels before anything else, and a program that only printed the right
/// lines is not done any more.
#[test]
fn a_pass_on_output_alone_is_judged_again_once_the_recorder_is_built() {
    let wb = TempWorkbook::new();
    let kata = wb.catalog().find("ignored_send").unwrap().clone();
    // Makes exactly the three tickets `main` takes: it stops by counting,
    // not because a send failed.
    let counting = wb.root().join("xtask/attempts/ignored_send/fixed_three.rs");
    std::fs::copy(&counting, wb.root().join(&kata.path)).unwrap();

    // An explorer folder of its own, where nothing is built yet.
    let explorer = wb.root().join("explorer");
    let xtask = |args: &[&str]| {
        wb.command(args)
            .env(xtask::core::explore::EXPLORER_DIR_VAR, &explorer)
            .output()
            .expect("the runner starts")
    };
    let run = xtask(&["run", "ignored_send"]);
    let said = text(&run);
    assert_eq!(run.status.code(), Some(0), "{said}");
    assert!(
        said.contains("not judged, only its output")
            && said.contains("`cargo xtask next` judges them once it is"),
        "{said}"
    );
    assert!(done_katas(&wb).contains(&kata.name));

    // `verify` builds the recorder before it judges (here a solution, which
    // leaves the learner's progress alone).
    let verify = xtask(&["verify", "--solutions", "ignored_send"]);
    assert_eq!(verify.status.code(), Some(0), "{}", text(&verify));

    let next = xtask(&["next"]);
    let said = text(&next);
    assert_eq!(next.status.code(), Some(1), "{said}");
    assert!(
        said.contains("ignored_send passed before the recorder of real runs was built")
            && said.contains("No send ever failed")
            && said.contains("ignored_send printed the right output, but what its channels did"),
        "{said}"
    );
    assert!(!done_katas(&wb).contains(&kata.name));
}
