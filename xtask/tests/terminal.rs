//! `step` and `trace` in a real (pseudo-)terminal, as a learner runs them:
//! `step` reads single key presses (no Enter) and `trace` draws in colour,
//! because standard input and output are a terminal. The pipes of
//! `tests/step.rs` see neither.
#![cfg(unix)]

use std::process::Command;

use rexpect::process::WaitStatus;
use rexpect::session::{PtySession, spawn_command};
use xtask::core::explore::Scheduler;
use xtask::core::judge::trace::{self, Tracing};
use xtask::core::workbook::{Workbook, runner_root};

/// How long one expected answer may take; the explorer's library is built
/// before the runner starts (`explorer_built`), so each is a few runs.
const PATIENCE_MS: u64 = 60_000;

/// Builds the explorer's library (the runner's own), so that no expectation
/// below waits for a compilation.
fn explorer_built() {
    let workbook = Workbook::open(runner_root()).expect("the catalog is valid");
    let kata = workbook.catalog.find("rendezvous").unwrap();
    let params = [("messages".to_string(), 1)].into_iter().collect();
    let traced = trace::trace(
        &workbook,
        kata,
        &kata.solution,
        &params,
        1,
        Scheduler::Random,
        &[],
    )
    .expect("the explorer runs");
    assert!(matches!(traced, Tracing::Traced(_)));
}

/// The runner in a pseudo-terminal, colour left to its own choice.
fn in_terminal(args: &[&str]) -> PtySession {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command
        .args(args)
        .current_dir(runner_root())
        .env_remove("NO_COLOR")
        .env_remove("CARGO_TERM_COLOR")
        .env("TERM", "xterm-256color");
    spawn_command(command, Some(PATIENCE_MS)).expect("the runner starts in a pseudo-terminal")
}

/// What the terminal showed, as text. rexpect hands over each byte as a
/// `char` of its own, so UTF-8 (`·`, `■`) is put back together here first.
fn decoded(read: &str) -> String {
    let bytes: Vec<u8> = read.chars().map(|c| c as u32 as u8).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The text without colour codes (`ESC [ ... m`).
fn plain(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn exit_code(session: &PtySession) -> i32 {
    match session.process().wait().expect("the runner ends") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("the runner did not exit: {other:?}"),
    }
}

#[test]
fn step_takes_single_keys_and_draws_the_broken_schedule_in_colour() {
    explorer_built();
    let mut session = in_terminal(&["step", "rendezvous", "--break-it", "--param", "messages=2"]);
    // The producer (thread 1) runs ahead six times: the buffer of 1 lets its
    // second send return before anything was received.
    for choice in 1..=6 {
        let asked = session
            .exp_string("(q quits)")
            .unwrap_or_else(|e| panic!("choice {choice} was not asked: {e}"));
        let asked = plain(&decoded(&asked));
        assert!(asked.contains("who goes next?"), "{asked}");
        // A terminal takes a key press: "press", not "type" and Enter.
        assert!(
            asked.contains("press 0, 1") || asked.contains("press 1"),
            "{asked}"
        );
        session.send("1").unwrap();
        session.flush().unwrap();
    }
    let rest = decoded(&session.exp_eof().expect("the runner ends"));
    let text = plain(&rest);
    assert!(
        text.contains("rendezvous · your own schedule · breaks the check"),
        "{text}"
    );
    assert!(text.contains("--choices 1x6"), "{text}");
    assert!(text.contains("You broke it"), "{text}");
    // Coloured: the verdict is red and bold, a printed line green.
    assert!(rest.contains("\u{1b}[1;31mbreaks the check"), "{rest:?}");
    assert!(rest.contains("\u{1b}[32m"), "{rest:?}");
    assert_eq!(exit_code(&session), 0, "{text}");
}

#[test]
fn q_stops_step_at_a_choice_with_the_choices_made_so_far() {
    explorer_built();
    let mut session = in_terminal(&["step", "rendezvous", "--solution", "--param", "messages=1"]);
    session.exp_string("(q quits)").expect("a choice is asked");
    session.send("1").unwrap();
    session.flush().unwrap();
    session
        .exp_string("(q quits)")
        .expect("a second choice is asked");
    session.send("q").unwrap();
    session.flush().unwrap();
    let rest = plain(&decoded(&session.exp_eof().expect("the runner ends")));
    assert!(
        rest.contains("Stopped. Your choices so far: `cargo xtask step rendezvous --solution --param messages=1 --choices 1`"),
        "{rest}"
    );
    assert_eq!(exit_code(&session), 1, "{rest}");
}

#[test]
fn trace_draws_in_colour_within_80_columns_in_a_terminal() {
    explorer_built();
    let mut session = in_terminal(&[
        "trace",
        "bounded_producer",
        "--solution",
        "--seed",
        "3",
        "--param",
        "messages=4",
    ]);
    let all = decoded(&session.exp_eof().expect("the runner ends"));
    let text = plain(&all);
    assert!(
        text.contains("bounded_producer · seed 3 · passes the check"),
        "{text}"
    );
    assert!(all.contains("\u{1b}[32mpasses the check"), "{all:?}");
    // The fill column is cyan, the lanes' heading bold.
    assert!(all.contains("\u{1b}[36m"), "{all:?}");
    // The view, from its heading on (the kata's heading above is the track's).
    let view = &text[text.find("bounded_producer · seed").unwrap()..];
    for line in view.lines() {
        let line = line.trim_end_matches('\r');
        assert!(line.chars().count() <= 80, "too wide: {line:?}");
    }
    assert!(text.contains("main"), "{text}");
    assert_eq!(exit_code(&session), 0, "{text}");
}

/// A copy of the workbook to change (the runner's own files stay as they are).
fn workbook_copy() -> tempfile::TempDir {
    fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
        if from.is_dir() {
            std::fs::create_dir_all(to).unwrap();
            for entry in std::fs::read_dir(from).unwrap() {
                let entry = entry.unwrap();
                if entry.file_name() != "target" {
                    copy_tree(&entry.path(), &to.join(entry.file_name()));
                }
            }
        } else {
            std::fs::copy(from, to).unwrap();
        }
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = runner_root();
    for name in [
        "Cargo.toml",
        "Cargo.lock",
        ".cargo",
        "exercises",
        "solutions",
        "checks",
        "xtask",
    ] {
        copy_tree(&root.join(name), &dir.path().join(name));
    }
    dir
}

/// `l` in watch, in a terminal: the track as a list to move through. `j`
/// moves, Enter watches the kata under the cursor, `r` then `y` resets one
/// (the attempt kept), `q` closes the list, and `q` again quits.
#[test]
fn the_watch_list_moves_watches_a_picked_kata_and_resets_one() {
    let copy = workbook_copy();
    let catalog = Workbook::open(copy.path().to_path_buf()).unwrap().catalog;
    let (first, second, third) = (&catalog.katas[0], &catalog.katas[1], &catalog.katas[2]);
    let third_file = copy.path().join(&third.path);
    std::fs::write(&third_file, "fn main() {} // an attempt\n").unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command
        .arg("watch")
        .current_dir(copy.path())
        .env("WORKBOOK_ROOT", copy.path())
        .env("CARGO_TARGET_DIR", copy.path().join("target"))
        .env("WORKBOOK_NO_BACKGROUND_BUILD", "1")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm-256color");
    let mut session = spawn_command(command, Some(PATIENCE_MS)).expect("watch starts");
    let press = |session: &mut PtySession, key: &str| {
        session.send(key).unwrap();
        session.flush().unwrap();
    };
    let watching =
        |kata: &xtask::core::catalog::Kata| format!("Watching {} for saves", kata.path.display());
    session
        .exp_string(&watching(first))
        .expect("the first kata is watched");
    // Each drawing of the list ends with the track's last kata.
    let last = catalog.katas.last().unwrap().name.clone();
    press(&mut session, "l");
    session
        .exp_string("The track, all")
        .expect("the list opens");
    let list = decoded(&session.exp_string(&last).expect("the whole list"));
    assert!(list.contains(&format!("▸ → {}", first.name)), "{list}");
    press(&mut session, "j");
    let list = decoded(&session.exp_string(&last).expect("the list again"));
    assert!(
        list.contains(&format!("▸ · {}", second.name)),
        "the cursor moves down: {list}"
    );
    press(&mut session, "\r");
    session
        .exp_string(&watching(second))
        .expect("the picked kata is watched");
    press(&mut session, "l");
    session
        .exp_string("The track, all")
        .expect("the list opens again");
    press(&mut session, "j");
    press(&mut session, "r");
    session
        .exp_string(&format!("Reset {} to the file as shipped?", third.name))
        .expect("a reset asks first");
    press(&mut session, "y");
    session
        .exp_string(&format!("Restored `{}` as shipped.", third.path.display()))
        .expect("the kata is reset");
    let shipped = std::fs::read(third.shipped_path(&catalog.checks_dir)).unwrap();
    assert_eq!(std::fs::read(&third_file).unwrap(), shipped);
    let kept = std::fs::read_to_string(
        copy.path()
            .join(format!(".workbook/backups/{}-1.rs", third.name)),
    )
    .expect("the attempt is kept");
    assert!(kept.contains("an attempt"), "{kept}");
    press(&mut session, "q");
    session
        .exp_string(&watching(second))
        .expect("the list closes; the picked kata is still watched");
    press(&mut session, "q");
    session.exp_eof().expect("watch ends");
    assert_eq!(exit_code(&session), 0);
}
