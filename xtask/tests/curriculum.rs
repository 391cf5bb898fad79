//! The curriculum is consistent: every shipped kata fails the way the catalog
//! says, every reference solution passes its check, every snapshot is current
//! and every file the catalog names is where it says.
//!
//! These tests judge the pristine copies in `checks/shipped/` and the solutions,
//! never the learner's files, so they pass however far a learner has got. In a
//! handout (`cargo xtask handout`: no `solutions/`) the solution checks say so
//! and stand down; the shipped katas and the check data are still checked.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::core::catalog::ShippedFailure;
use xtask::core::workbook::{Target, Workbook};

fn workbook() -> Workbook {
    Workbook::open(xtask::core::workbook::runner_root()).expect("the catalog is valid")
}

/// Whether this copy has the reference solutions (a handout has none).
fn has_solutions(workbook: &Workbook) -> bool {
    let present = workbook.root.join("solutions").is_dir();
    if !present {
        // Straight to stderr, not `eprintln!`: the test harness would swallow
        // the note of a passing test, and a check that stands down must say so.
        let _ = writeln!(
            std::io::stderr(),
            "note: this copy has no solutions/ (a handout): only the shipped katas and the \
             check data are checked"
        );
    }
    present
}

fn failures(
    workbook: &Workbook,
    target: Target,
    ok: impl Fn(&xtask::core::catalog::Kata, &xtask::core::judge::Verdict) -> bool,
) -> Vec<String> {
    let katas: Vec<_> = workbook.catalog.katas.iter().collect();
    let judged = workbook
        .judge_many(&katas, target)
        .expect("cargo builds the katas");
    katas
        .iter()
        .zip(judged)
        .filter(|(kata, j)| !ok(kata, &j.verdict))
        .map(|(kata, j)| format!("{}: {:#?}", kata.name, j.verdict))
        .collect()
}

#[test]
fn every_solution_passes_its_check() {
    let wb = workbook();
    if !has_solutions(&wb) {
        return;
    }
    let failed = failures(&wb, Target::Solution, |_, v| v.passed());
    assert!(
        failed.is_empty(),
        "solutions that fail their own check:\n{}",
        failed.join("\n")
    );
}

#[test]
fn every_shipped_kata_fails_as_declared() {
    let wb = workbook();
    let failed = failures(&wb, Target::Shipped, |kata, v| v.is_declared_failure(kata));
    assert!(
        failed.is_empty(),
        "shipped katas that do not fail the way the catalog says:\n{}",
        failed.join("\n")
    );
}

/// The toolchain the pinned `.stderr` files were recorded with.
fn pinned_rustc(checks: &Path) -> String {
    std::fs::read_to_string(checks.join("shipped/rustc-version"))
        .expect("checks/shipped/rustc-version names the toolchain of the .stderr files")
        .trim()
        .to_string()
}

fn current_rustc() -> String {
    let out = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
        .arg("--version")
        .output()
        .expect("rustc runs");
    // "rustc 1.95.0 (59807616e 2026-04-14)" -> "1.95"
    let text = String::from_utf8_lossy(&out.stdout);
    let version = text.split_whitespace().nth(1).unwrap_or_default();
    version.split('.').take(2).collect::<Vec<_>>().join(".")
}

/// The compiler's full diagnostics for each compile-error kata, pinned as
/// trybuild normalizes them (paths, line numbers). Notes that point into std
/// move between compiler versions, so on another toolchain the exact text is
/// not compared; the error codes still are, by
/// `every_shipped_kata_fails_as_declared`.
///
/// What the compiler quotes of the standard library's own source is left out
/// on both sides (`without_std_source`): it quotes it only where rustup's
/// `rust-src` component is installed (dtolnay/trybuild#126), as it is on most
/// editors' set-ups, and the pinned text must not depend on that. With
/// `TRYBUILD=overwrite` (`cargo xtask dev bless`) the files are recorded.
#[test]
fn shipped_compile_errors_match_their_pinned_diagnostics() {
    let wb = workbook();
    let pinned = pinned_rustc(&wb.catalog.checks_dir);
    let current = current_rustc();
    if pinned != current {
        eprintln!(
            "note: the pinned diagnostics were recorded with rustc {pinned}, this is rustc \
             {current}; only the error codes are compared (see every_shipped_kata_fails_as_declared)"
        );
        return;
    }
    let cases: Vec<PathBuf> = wb
        .catalog
        .katas
        .iter()
        .filter(|k| k.shipped == ShippedFailure::CompileError)
        .map(|k| k.shipped_path(&wb.catalog.checks_dir))
        .collect();
    let recording = std::env::var("TRYBUILD").is_ok_and(|v| v == "overwrite");
    for case in cases.iter().filter(|_| !recording) {
        assert!(
            case.with_extension("stderr").exists(),
            "{} has no pinned .stderr: run `cargo xtask dev bless`",
            case.display()
        );
    }
    let said = rendered_by_trybuild(&wb, &cases);
    let mut differ = Vec::new();
    for (case, said) in cases.iter().zip(said) {
        let file = case.with_extension("stderr");
        let said = without_std_source(&said);
        if recording {
            std::fs::write(&file, said).expect("write the pinned diagnostics");
            continue;
        }
        let pinned = without_std_source(
            &std::fs::read_to_string(&file)
                .expect("the pinned .stderr is readable")
                .replace("\r\n", "\n"),
        );
        if pinned != said {
            let diff = similar::TextDiff::from_lines(&pinned, &said)
                .unified_diff()
                .header("pinned", "compiler")
                .to_string();
            differ.push(format!("{}:\n{diff}", file.display()));
        }
    }
    assert!(
        differ.is_empty(),
        "the compiler's diagnostics differ from the pinned ones (`cargo xtask dev bless` \
         records them, if the change is meant):\n{}",
        differ.join("\n")
    );
}

/// Where `render_compile_errors_with_trybuild` finds its cases.
const RENDER_DIR: &str = "WORKBOOK_RENDER_COMPILE_ERRORS";

/// What the compiler says of each case, as trybuild normalizes it: trybuild
/// records it for copies of the cases (`TRYBUILD=overwrite`, in a child of
/// this test binary, whose environment is its own), and the copies' folder
/// is renamed back to the cases' in the text. The copies are in the
/// workspace, outside `target/`, as the cases are, so that trybuild
/// normalizes their paths alike.
fn rendered_by_trybuild(wb: &Workbook, cases: &[PathBuf]) -> Vec<String> {
    let parent = wb.root.join(".workbook");
    std::fs::create_dir_all(&parent).expect("make .workbook/");
    let copies = tempfile::Builder::new()
        .prefix("pinned-")
        .tempdir_in(&parent)
        .expect("make a folder for the copies");
    let mut names = Vec::new();
    for case in cases {
        let name = case.file_name().expect("a case is a file");
        std::fs::copy(case, copies.path().join(name)).expect("copy a case");
        names.push(name.to_owned());
    }
    let out = Command::new(std::env::current_exe().expect("this test binary"))
        .args([
            "render_compile_errors_with_trybuild",
            "--exact",
            "--ignored",
            "--test-threads=1",
        ])
        .env(RENDER_DIR, copies.path())
        .env("TRYBUILD", "overwrite")
        .output()
        .expect("run trybuild");
    assert!(
        out.status.success(),
        "trybuild failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let relative = |dir: &Path| {
        let path = dir.strip_prefix(&wb.root).expect("inside the workspace");
        format!("$WORKSPACE/{}/", path.to_string_lossy().replace('\\', "/"))
    };
    let copies_dir = relative(copies.path());
    let cases_dir = relative(case_dir(cases));
    names
        .iter()
        .map(|name| {
            let file = copies.path().join(name).with_extension("stderr");
            std::fs::read_to_string(&file)
                .expect("trybuild recorded the case")
                .replace("\r\n", "\n")
                .replace(&copies_dir, &cases_dir)
        })
        .collect()
}

fn case_dir(cases: &[PathBuf]) -> &Path {
    cases
        .first()
        .and_then(|case| case.parent())
        .expect("at least one compile-error kata")
}

/// Runs in a child of this test binary (see `rendered_by_trybuild`).
#[test]
#[ignore = "helper: only meaningful when started by shipped_compile_errors_match_their_pinned_diagnostics"]
fn render_compile_errors_with_trybuild() {
    let Some(dir) = std::env::var_os(RENDER_DIR) else {
        return;
    };
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the copies' folder")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .collect();
    cases.sort();
    let t = trybuild::TestCases::new();
    for case in &cases {
        t.compile_fail(case);
    }
}

/// The diagnostics without the lines the compiler quotes from the standard
/// library's source: the snippet under a `--> $RUST/...` (or `::: $RUST/...`)
/// location, which only a toolchain with `rust-src` prints. The location
/// itself stays.
fn without_std_source(stderr: &str) -> String {
    let mut kept = Vec::new();
    let mut in_std = false;
    for line in stderr.lines() {
        let text = line.trim_start();
        if text.starts_with("--> ") || text.starts_with("::: ") {
            in_std = text[4..].starts_with("$RUST/");
            kept.push(line);
        } else if in_std && (text.starts_with('|') || text.starts_with("...")) {
            // A quoted line of std, or its marker line.
        } else {
            in_std = false;
            kept.push(line);
        }
    }
    let mut text = kept.join("\n");
    text.truncate(text.trim_end().len());
    text.push('\n');
    text
}

#[test]
fn std_source_quoted_by_the_compiler_is_left_out() {
    let with_src = "\
note: required by a bound in `spawn`
 --> $RUST/std/src/thread/functions.rs
  |
  | pub fn spawn<F, T>(f: F) -> JoinHandle<T>
  |        ----- required by a bound in this function
...
  |     F: Send + 'static,
  |        ^^^^ required by this bound in `spawn`

error[E0382]: borrow of moved value: `tx`
 --> $WORKSPACE/checks/shipped/x.rs
  |
  |     tx.send(1);
  |     ^^ value borrowed here after move
";
    let without_src = "\
note: required by a bound in `spawn`
 --> $RUST/std/src/thread/functions.rs

error[E0382]: borrow of moved value: `tx`
 --> $WORKSPACE/checks/shipped/x.rs
  |
  |     tx.send(1);
  |     ^^ value borrowed here after move
";
    assert_eq!(without_std_source(with_src), without_src);
    assert_eq!(without_std_source(without_src), without_src);
}

#[test]
fn every_file_the_catalog_names_exists_and_is_a_binary() {
    let wb = workbook();
    let with_solutions = has_solutions(&wb);
    let manifest = |dir: &str| -> toml::Table {
        let text = std::fs::read_to_string(wb.root.join(dir).join("Cargo.toml")).unwrap();
        toml::from_str(&text).unwrap()
    };
    let bins = |table: &toml::Table| -> Vec<(String, String)> {
        table["bin"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["name"].as_str().unwrap().to_string(),
                    b["path"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let exercises = bins(&manifest("exercises"));
    let solutions = if with_solutions {
        bins(&manifest("solutions"))
    } else {
        Vec::new()
    };
    let shipped = bins(&manifest("checks"));
    let mut problems = Vec::new();
    for kata in &wb.catalog.katas {
        let expect = [
            (
                &exercises,
                kata.name.clone(),
                kata.path.strip_prefix("exercises").unwrap().to_path_buf(),
            ),
            (
                &solutions,
                kata.solution_bin(),
                kata.solution
                    .strip_prefix("solutions")
                    .unwrap()
                    .to_path_buf(),
            ),
            (
                &shipped,
                kata.shipped_bin(),
                PathBuf::from(format!("shipped/{}.rs", kata.name)),
            ),
        ];
        for (list, bin, path) in expect {
            if !with_solutions && bin == kata.solution_bin() {
                continue;
            }
            if !list.iter().any(|(n, p)| *n == bin && Path::new(p) == path) {
                problems.push(format!("no [[bin]] `{bin}` with path `{}`", path.display()));
            }
        }
        for file in [
            wb.root.join(&kata.path),
            wb.root.join(&kata.solution),
            kata.shipped_path(&wb.catalog.checks_dir),
            kata.snapshot_path(&wb.catalog.checks_dir),
        ] {
            if !file.exists() && (with_solutions || file != wb.root.join(&kata.solution)) {
                problems.push(format!("{}: missing {}", kata.name, file.display()));
            }
        }
        if kata.docs.is_empty() {
            problems.push(format!("{}: no docs link", kata.name));
        }
        let solution = std::fs::read_to_string(wb.root.join(&kata.solution)).unwrap_or_default();
        if with_solutions && !solution.starts_with("//! Why it works:") {
            problems.push(format!(
                "{}: the solution does not start with `//! Why it works:`",
                kata.name
            ));
        }
        // It is shown to a learner whose own passing program may differ, so
        // it says which program it describes.
        let why: Vec<&str> = solution
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .map(|l| l.trim_start_matches("//!").trim())
            .collect();
        if with_solutions && !why.join(" ").contains("reference solution") {
            problems.push(format!(
                "{}: the solution's \"Why it works\" does not say it speaks of the reference solution",
                kata.name
            ));
        }
    }
    // Every snapshot belongs to a kata: a renamed kata leaves none behind.
    for entry in std::fs::read_dir(wb.snapshot_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".snap")
            && wb.catalog.find(stem).is_err()
        {
            problems.push(format!("stray snapshot {name}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
