//! The runner as a learner meets it: the real binary, on a temporary copy of
//! the workbook, so no test touches the repository's own files or progress.

use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;
use xtask::catalog::Catalog;

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
        let root = xtask::default_root();
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
    assert!(text(&forced).contains("Why it works"));
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

/// Starts a `sleep` that would outlive the kata, and deadlocks: the receiving
/// loop waits for a Sender that `main` itself keeps alive.
const HANGS_WITH_A_CHILD: &str = r#"
use std::sync::mpsc;
fn main() {
    let child = std::process::Command::new("sleep").arg("1000").spawn().unwrap();
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
    assert!(
        said.contains("was still running after 1.0 s and was stopped"),
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
    // One child keeps the kata's output open, one is fully detached.
    let holding = Command::new("sleep").arg("1000").spawn().unwrap();
    let detached = Command::new("sleep").arg("1000")
        .stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
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
    let runner = wb
        .command(&["run", HOST])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    wb.wait_for_file("flooded");
    let peak = peak_rss_kib(runner.id());
    std::fs::write(wb.root().join("release"), "").unwrap();
    let out = runner.wait_with_output().unwrap();
    let said = text(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        &said[said.len().saturating_sub(2000)..]
    );
    assert!(
        said.contains("the output was cut after 1 MiB"),
        "{}",
        &said[said.len().saturating_sub(2000)..]
    );
    assert!(
        said.contains("last 20 of"),
        "only the end of the output is shown"
    );
    if let Some(peak) = peak {
        eprintln!("runner peak RSS after a 70 MB flood: {peak} KiB");
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
        &["stress", &near],
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
        &["stress", "--runs", "0"],
        &["stress", "--runs", "many"],
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
    fn start(wb: &TempWorkbook, stdin: std::process::Stdio) -> Self {
        let mut child = wb
            .command(&["watch"])
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
    let mut watcher = RunningWatcher::start(&wb, std::process::Stdio::piped());
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
/// it keeps checking saves all the same.
#[test]
fn the_watcher_keeps_watching_when_its_input_ends() {
    let wb = TempWorkbook::new();
    let kata = &wb.catalog().katas[0];
    let watcher = RunningWatcher::start(&wb, std::process::Stdio::null());
    let first = watcher.wait_for(&format!("Watching {}", kata.path.display()), 0);
    std::fs::copy(wb.root().join(&kata.solution), wb.kata_file(&kata.name)).unwrap();
    watcher.wait_for(&format!("{} passed", kata.name), first);
}
