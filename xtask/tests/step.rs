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
    assert!(text.contains("--choices 1,1,1,1,1,1"), "{text}");
    assert_eq!(output.status.code(), Some(0), "{text}");
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
    assert!(
        text.contains("--break-it --param messages=") && text.contains(" --choices 1,1,1,1,1,1,"),
        "{text}"
    );
    assert_eq!(output.status.code(), Some(0), "{text}");
}
