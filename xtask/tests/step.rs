//! `cargo xtask step` driven as without a terminal: one numbered line per
//! choice on stdin. A schedule the learner makes is judged by the kata's
//! check; on a "break it" variant, the right schedule breaks it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// The runner on this workbook, with `lines` on its stdin.
fn step(args: &[&str], lines: &[usize]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("step")
        .args(args)
        .current_dir(xtask::core::workbook::runner_root())
        .env("NO_COLOR", "1")
        .env_remove("CARGO_TERM_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the runner starts");
    let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().expect("the runner ends")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn letting_the_producer_run_ahead_breaks_the_rendezvous_posing_with_a_buffer_of_one() {
    let output = step(
        &["rendezvous", "--break-it", "--param", "messages=2"],
        &[1, 1, 1, 1, 1, 1],
    );
    let text = text(&output);
    assert!(text.contains("who goes next?"), "{text}");
    assert!(text.contains("[1] T1"), "{text}");
    assert!(text.contains("A = sync_channel(1)"), "{text}");
    assert!(text.contains("breaks the check"), "{text}");
    assert!(text.contains("You broke it"), "{text}");
    assert!(replayed(&text).starts_with(&[1; 6]), "{text}");
    assert_eq!(output.status.code(), Some(0), "{text}");
}

/// A replayed choice that cannot be made is asked again, and the replay goes
/// on with the choices after it.
#[test]
fn a_choice_that_cannot_be_made_is_asked_again_and_the_rest_replayed() {
    let output = step(
        &[
            "rendezvous",
            "--break-it",
            "--param",
            "messages=2",
            "--choices",
            "7,1,1,1,1,1",
        ],
        &[1],
    );
    let text = text(&output);
    assert!(
        text.contains("Choice 1 (7) names a thread that cannot run there; choose again (the 5 choices after it are kept)"),
        "{text}"
    );
    assert!(text.contains("You broke it"), "{text}");
    assert!(replayed(&text).starts_with(&[1; 6]), "{text}");
    // A spawn seen before its thread has a number says so, not a placeholder.
    assert!(!text.contains(&usize::MAX.to_string()), "{text}");
}

/// The choices of the replay command a stepped run printed (`--choices`,
/// written short: `1x6` is six 1s).
fn replayed(text: &str) -> Vec<usize> {
    let line = text
        .lines()
        .find(|l| l.contains("replay it:") && l.contains("--choices "))
        .unwrap_or_else(|| panic!("no replay command with choices: {text}"));
    let choices = line
        .split("--choices ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap();
    explore_protocol::parse_choices(choices).unwrap_or_else(|| panic!("garbled: {line}"))
}

#[test]
fn a_consumer_first_schedule_of_the_bounded_producer_solution_passes() {
    let choices = [0; 13];
    let output = step(
        &["bounded_producer", "--solution", "--param", "messages=3"],
        &choices,
    );
    let text = text(&output);
    assert!(text.contains("passes the check"), "{text}");
    assert_eq!(output.status.code(), Some(0), "{text}");
    // The same choices, given at once, are the same schedule: no question asked.
    let replayed = step(
        &[
            "bounded_producer",
            "--solution",
            "--param",
            "messages=3",
            "--choices",
            "0,0,0,0,0,0,0,0,0,0,0,0,0",
        ],
        &[],
    );
    let replayed = self::text(&replayed);
    assert!(!replayed.contains("who goes next?"), "{replayed}");
    assert!(replayed.contains("passes the check"), "{replayed}");
}

#[test]
fn a_line_that_names_no_runnable_thread_is_asked_again() {
    let output = step(&["rendezvous", "--solution", "--param", "messages=1"], &[7]);
    let text = text(&output);
    assert!(
        text.contains("`7` is not a thread that can run now"),
        "{text}"
    );
    // Where the input ends, the rest of the schedule is run, and judged.
    assert!(text.contains("The input ended after 0 choices"), "{text}");
    assert!(text.contains("passes the check"), "{text}");
    assert_eq!(output.status.code(), Some(0), "{text}");
}

/// The README's example: six choices and no more input break the rendezvous,
/// whatever number of messages is drawn, and the schedule printed names the
/// number it was made with.
#[test]
fn the_readme_s_six_choices_break_the_rendezvous_and_the_rest_is_run() {
    let output = step(
        &["rendezvous", "--break-it", "--choices", "1,1,1,1,1,1"],
        &[],
    );
    let text = text(&output);
    assert!(text.contains("The input ended after 6 choices"), "{text}");
    assert!(text.contains("You broke it"), "{text}");
    assert!(text.contains("--break-it --param messages="), "{text}");
    // The six given, then those the rest of the schedule made.
    let choices = replayed(&text);
    assert!(choices.len() > 6 && choices.starts_with(&[1; 6]), "{text}");
    assert_eq!(output.status.code(), Some(0), "{text}");
}

/// The trace drawn at the end of a stepped run: from its heading to the
/// verdict on the break-it challenge, without where it was saved.
fn drawn(text: &str) -> String {
    let start = text
        .find("rendezvous · your own schedule")
        .unwrap_or_else(|| panic!("no trace heading:\n{text}"));
    text[start..]
        .lines()
        .filter(|l| !l.starts_with("Saved: "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A saved schedule in the workbook's `.workbook/schedules`, removed when dropped.
struct SavedSchedule {
    name: String,
    file: std::path::PathBuf,
}

impl SavedSchedule {
    fn new(what: &str) -> Self {
        let name = format!("test-{what}-{}", std::process::id());
        let file = xtask::core::workbook::runner_root()
            .join(".workbook/schedules")
            .join(format!("rendezvous-{name}.txt"));
        Self { name, file }
    }
}

impl Drop for SavedSchedule {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.file);
    }
}

#[test]
fn a_saved_schedule_replays_to_the_same_trace_and_verdict_with_its_parameters() {
    let saved = SavedSchedule::new("replay");
    let made = step(
        &[
            "rendezvous",
            "--break-it",
            "--param",
            "messages=2",
            "--save",
            &saved.name,
        ],
        &[1, 1, 1, 1, 1, 1],
    );
    let made_text = text(&made);
    assert_eq!(made.status.code(), Some(0), "{made_text}");
    assert!(made_text.contains("You broke it"), "{made_text}");
    // The heading says whose schedule it is and how to make it again.
    assert!(
        made_text.contains("rendezvous · your own schedule · breaks the check"),
        "{made_text}"
    );
    assert!(!made_text.contains("seed 0"), "{made_text}");
    assert!(
        made_text.contains(
            "replay it: cargo xtask step rendezvous --break-it --param messages=2 --choices 1x6"
        ),
        "{made_text}"
    );
    assert!(
        made_text.contains(&format!("--break-it --replay {}", saved.name)),
        "{made_text}"
    );
    let file = std::fs::read_to_string(&saved.file).expect("the schedule is saved");
    assert!(file.contains("params messages=2"), "{file}");

    // No `--param`: the saved parameters come back with the choices (drawn
    // anew, 15 to 25 messages would need more choices than were saved).
    let replayed = step(&["rendezvous", "--break-it", "--replay", &saved.name], &[]);
    let replayed_text = text(&replayed);
    assert_eq!(replayed.status.code(), Some(0), "{replayed_text}");
    assert!(!replayed_text.contains("who goes next?"), "{replayed_text}");
    assert_eq!(drawn(&replayed_text), drawn(&made_text));
}

#[test]
fn a_missing_or_garbled_saved_schedule_is_named_and_exits_2() {
    let missing = step(&["rendezvous", "--replay", "never-saved-anywhere"], &[]);
    let said = text(&missing);
    assert_eq!(missing.status.code(), Some(2), "{said}");
    assert!(
        said.contains("No saved schedule `never-saved-anywhere`"),
        "{said}"
    );
    assert!(said.contains("--save never-saved-anywhere"), "{said}");

    for (what, garbled, complaint) in [
        (
            "words",
            "params messages=2\nchoices one,two\n",
            "line 2: `one,two`",
        ),
        ("nochoices", "params messages=2\n", "no `choices` line"),
        (
            "param",
            "params bogus=2\nchoices 1\n",
            "no parameter `bogus`",
        ),
        (
            "binary",
            "\u{0}\u{1}garbage\n",
            "neither `params` nor `choices`",
        ),
    ] {
        let saved = SavedSchedule::new(what);
        std::fs::create_dir_all(saved.file.parent().unwrap()).unwrap();
        std::fs::write(&saved.file, garbled).unwrap();
        let output = step(&["rendezvous", "--replay", &saved.name], &[]);
        let said = text(&output);
        assert_eq!(output.status.code(), Some(2), "{said}");
        assert!(said.contains("is not a saved schedule"), "{said}");
        assert!(said.contains(complaint), "{what}: {said}");
        assert!(!said.contains("who goes next?"), "{said}");
    }
}

/// Joined before anything is received, the producer of the rendezvous waits
/// forever in `send` on every schedule: no thread is ever asked for, and the
/// replay command has no `--choices` to give.
#[test]
fn a_schedule_without_choices_breaks_the_same_thread_rendezvous_variant() {
    let output = step(
        &[
            "same_thread_rendezvous",
            "--break-it",
            "--param",
            "messages=5",
        ],
        &[],
    );
    let text = text(&output);
    assert!(!text.contains("who goes next?"), "{text}");
    assert!(text.contains("your own schedule · deadlocks"), "{text}");
    assert!(
        text.contains(
            "replay it: cargo xtask step same_thread_rendezvous --break-it --param messages=5\n"
        ),
        "{text}"
    );
    assert!(text.contains("You broke it"), "{text}");
    assert_eq!(output.status.code(), Some(0), "{text}");
}
