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

const COPIED: &[&str] = &["Cargo.toml", "Cargo.lock", ".cargo", "exercises", "solutions", "checks", "xtask"];

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
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(args)
            .env("WORKBOOK_ROOT", self.root())
            .env("CARGO_TARGET_DIR", self.root().join("target"))
            .env("NO_COLOR", "1")
            .env_remove("CARGO_TERM_COLOR")
            .output()
            .expect("the runner starts")
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
    assert!(text(&first).contains(&catalog.katas[0].path.display().to_string()), "{}", text(&first));

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
        assert_eq!(std::fs::read_to_string(wb.root().join(backup)).unwrap(), attempt);
    }
    let unchanged = wb.xtask(&["reset", &kata.name]);
    assert!(text(&unchanged).contains("no backup was needed"), "{}", text(&unchanged));
}

#[test]
fn unknown_names_get_a_suggestion_and_exit_2() {
    let wb = TempWorkbook::new();
    let name = wb.catalog().katas[0].name.clone();
    let typo = format!("{}x", name);
    let out = wb.xtask(&["run", &typo]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains(&format!("did you mean `{name}`")), "{}", text(&out));
    let bad_flag = wb.xtask(&["list", "--jsonn"]);
    assert_eq!(bad_flag.status.code(), Some(2));
}

#[test]
fn hints_come_one_at_a_time_then_all() {
    let wb = TempWorkbook::new();
    let kata = &wb.catalog().katas[0];
    let first = text(&wb.xtask(&["hint"]));
    assert!(first.contains(&kata.hints[0]) && !first.contains(&kata.hints[1]), "{first}");
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
