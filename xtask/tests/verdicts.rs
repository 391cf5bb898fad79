//! Every kind of verdict, worded in full on a real program: the shipped
//! katas, a solution and attempts of the corpus, run with fixed parameters
//! (and explored on a fixed seed), then rendered as the learner reads them.
//! A change of words is reviewed as a snapshot diff (`cargo insta review`).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use xtask::base::build::{self, BinBuild, Package};
use xtask::core::catalog::Kata;
use xtask::core::checks::Params;
use xtask::core::explore::{Scheduler, Settings};
use xtask::core::judge::explore_stage::{self, Depth, Exploration};
use xtask::core::judge::{Candidate, Verdict};
use xtask::core::workbook::{Target, Workbook};
use xtask::maintainer::attempts;
use xtask::render::verdict;

fn workbook() -> Workbook {
    colored::control::set_override(false);
    Workbook::open(xtask::core::workbook::runner_root()).expect("the catalog is valid")
}

fn params(pairs: &[(&str, usize)]) -> Params {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

/// The verdict of one real run of `target` of `kata` with `params`.
fn run(wb: &Workbook, name: &str, target: Target, pairs: &[(&str, usize)]) -> (Kata, Verdict) {
    let kata = wb.catalog.find(name).expect("a kata").clone();
    let bin = target.bin(&kata);
    run_bin(wb, kata, target.package(), &bin, pairs)
}

/// The verdict of one real run of the binary `bin` of `package`, judged by
/// `kata`'s check.
fn run_bin(
    wb: &Workbook,
    kata: Kata,
    package: Package,
    bin: &str,
    pairs: &[(&str, usize)],
) -> (Kata, Verdict) {
    let built: BTreeMap<String, BinBuild> =
        build::build(&wb.root, package, &[bin], false).expect("cargo runs");
    let verdict = match &built[bin] {
        BinBuild::Failed { errors } => Verdict::CompileError {
            errors: errors.clone(),
        },
        BinBuild::Built { executable, .. } => {
            let params = params(pairs);
            let output = wb
                .run_once(&kata, executable, &params, None)
                .expect("the program runs");
            wb.verdict_of_run(&kata, params, output)
        }
    };
    (kata, verdict)
}

/// The verdict of the first failing schedule of an attempt of the corpus,
/// explored on a fixed seed, as a learner's passing file would get it.
fn explored(wb: &Workbook, name: &str, file: &str, pairs: &[(&str, usize)]) -> (Kata, Verdict) {
    let kata = wb.catalog.find(name).expect("a kata").clone();
    let params = params(pairs);
    let settings = Settings {
        scheduler: Scheduler::Random,
        seed: 7,
        iterations: 20,
        budget: Duration::from_secs(600),
    };
    let source = Path::new(attempts::DIR).join(file);
    let exploration =
        explore_stage::explore(wb, &kata, &source, &params, &settings).expect("the explorer runs");
    let Exploration::Explored(explored) = exploration else {
        panic!("{name}: {file} cannot be explored: {exploration:?}");
    };
    let finding = explored
        .finding
        .unwrap_or_else(|| panic!("{name}: no schedule of {file} fails"));
    let verdict = Verdict::Schedule {
        finding: Box::new(finding),
        params,
        timed_out: None,
    };
    (kata, verdict)
}

/// The verdict as printed, with what changes from run to run made stable:
/// the ids std gives threads in a panic's line, and how long a run took.
fn words(kata: &Kata, verdict: &Verdict) -> String {
    let text = verdict::verdict(kata, verdict, &[]);
    let mut stable = String::new();
    for line in text.lines() {
        stable.push_str(&stable_line(line));
        stable.push('\n');
    }
    stable
}

fn stable_line(line: &str) -> String {
    let mut line = line.to_string();
    // "thread 'main' (15820) panicked": the id is the OS's.
    if let Some(start) = line.find("' (")
        && let Some(len) = line[start + 3..].find(')')
        && line[start + 3..start + 3 + len]
            .chars()
            .all(|c| c.is_ascii_digit())
    {
        line.replace_range(start + 3..start + 3 + len, "[id]");
    }
    // "stopped after 0.3 s": the time the runner took to see it.
    if let Some(start) = line.find("stopped after ")
        && let Some(len) = line[start + 14..].find(" s")
    {
        line.replace_range(start + 14..start + 14 + len, "[time]");
    }
    line
}

#[test]
fn a_pass() {
    let wb = workbook();
    let (kata, verdict) = run(&wb, "receive_all", Target::Solution, &[("messages", 5)]);
    insta::assert_snapshot!(words(&kata, &verdict));
}

#[test]
fn wrong_output_with_a_diff() {
    let wb = workbook();
    let (kata, verdict) = run(&wb, "try_recv_states", Target::Shipped, &[]);
    insta::assert_snapshot!(words(&kata, &verdict));
}

#[test]
fn a_delivery_problem() {
    let wb = workbook();
    let (kata, verdict) = run(&wb, "receive_all", Target::Shipped, &[("messages", 6)]);
    insta::assert_snapshot!(words(&kata, &verdict));
}

#[test]
fn a_panic() {
    let wb = workbook();
    let (kata, verdict) = run(&wb, "send_error_gives_back", Target::Shipped, &[]);
    insta::assert_snapshot!(words(&kata, &verdict));
}

#[test]
fn a_time_limit() {
    let wb = workbook();
    let (kata, verdict) = run(&wb, "first_channel", Target::Shipped, &[]);
    insta::assert_snapshot!(words(&kata, &verdict));
}

#[test]
fn a_compile_error_with_its_note() {
    let wb = workbook();
    let (kata, mut verdict) = run(&wb, "moved_message", Target::Shipped, &[]);
    // The notes are ours; how rustc draws its error changes with its
    // version: only its headline, from the JSON it gives, is kept.
    let Verdict::CompileError { errors } = &mut verdict else {
        panic!("expected a compile error: {verdict:?}");
    };
    for error in errors {
        let code = error.code.as_deref().unwrap_or("?");
        error.rendered = format!("error[{code}]: {}", error.message);
    }
    insta::assert_snapshot!(words(&kata, &verdict));
}

#[test]
fn a_bounded_problem() {
    let wb = workbook();
    let kata = wb.catalog.find("same_thread_rendezvous").unwrap().clone();
    let (kata, verdict) = run_bin(
        &wb,
        kata,
        Package::Attempts,
        "same_thread_rendezvous__big_buffer",
        &[("messages", 5)],
    );
    insta::assert_snapshot!(words(&kata, &verdict));
}

#[test]
fn a_channel_over_its_bound_on_a_schedule() {
    let wb = workbook();
    let (kata, verdict) = explored(
        &wb,
        "bounded_producer",
        "bounded_producer/unbounded_channel.rs",
        &[("messages", 6)],
    );
    insta::assert_snapshot!(words(&kata, &verdict));
}

#[test]
fn a_channel_fact_on_a_schedule() {
    let wb = workbook();
    let (kata, verdict) = explored(
        &wb,
        "worker_pool",
        "worker_pool/lock_in_while_let.rs",
        &[("workers", 2), ("messages", 5)],
    );
    insta::assert_snapshot!(words(&kata, &verdict));
}

#[test]
fn a_deadlock_on_a_schedule() {
    let wb = workbook();
    let (kata, verdict) = explored(
        &wb,
        "fan_in",
        "fan_in/leftover_sender.rs",
        &[("producers", 2), ("messages", 3)],
    );
    insta::assert_snapshot!(words(&kata, &verdict));
}

/// The verdict of one real run of an attempt of the corpus; a compile error
/// keeps only the compiler's headlines (see `a_compile_error_with_its_note`).
fn attempt(wb: &Workbook, name: &str, bin: &str, pairs: &[(&str, usize)]) -> (Kata, Verdict) {
    let kata = wb.catalog.find(name).expect("a kata").clone();
    let (kata, mut verdict) = run_bin(wb, kata, Package::Attempts, bin, pairs);
    if let Verdict::CompileError { errors } = &mut verdict {
        for error in errors {
            let code = error.code.as_deref().unwrap_or("?");
            error.rendered = format!("error[{code}]: {}", error.message);
        }
    }
    (kata, verdict)
}

#[test]
fn messages_printed_in_another_format_are_not_called_lost() {
    let wb = workbook();
    let (kata, verdict) = attempt(
        &wb,
        "two_producers",
        "two_producers__debug_tuple",
        &[("producers", 2), ("messages", 3)],
    );
    let words = words(&kata, &verdict);
    // Which producer's line comes first varies from run to run.
    assert!(
        words.contains(
            "6 of 6 messages were never printed as received in the kata's format, e.g. `recv 0 0`. \
             6 `recv` lines carry a message's numbers in another format, e.g. `recv ("
        ),
        "{words}"
    );
    assert!(
        words.contains("but the runner reads only lines like `recv 0 0`"),
        "{words}"
    );
    assert!(!words.contains("Likely cause"), "{words}");
}

#[test]
fn a_tuple_in_a_recv_line_is_pointed_to_the_kata_s_format() {
    let wb = workbook();
    let (kata, verdict) = attempt(&wb, "two_producers", "two_producers__display_tuple", &[]);
    insta::assert_snapshot!(words(&kata, &verdict));
}

#[test]
fn a_reference_sent_is_told_to_send_the_value() {
    let wb = workbook();
    let (kata, verdict) = attempt(&wb, "first_channel", "first_channel__send_a_reference", &[]);
    insta::assert_snapshot!(words(&kata, &verdict));
}

#[test]
fn a_sender_moved_in_a_loop_names_no_line_after_the_loop_as_the_next_round() {
    let wb = workbook();
    let (kata, verdict) = attempt(&wb, "fan_in", "fan_in__moved_in_loop_then_dropped", &[]);
    insta::assert_snapshot!(words(&kata, &verdict));
}

#[test]
fn a_move_closure_already_in_a_scope_is_not_told_to_use_a_scope() {
    let wb = workbook();
    let (kata, verdict) = attempt(&wb, "scoped_borrow", "scoped_borrow__move_in_scope", &[]);
    insta::assert_snapshot!(words(&kata, &verdict));
}

#[test]
fn a_tuple_received_is_taken_apart_not_printed_with_debug() {
    let wb = workbook();
    let (kata, verdict) = attempt(&wb, "oneshot", "oneshot__receive_twice", &[]);
    insta::assert_snapshot!(words(&kata, &verdict));
}

#[test]
fn a_sender_dropped_in_a_polling_loop_points_to_try_iter() {
    let wb = workbook();
    let (kata, verdict) = attempt(&wb, "try_iter_drain", "try_iter_drain__drop_in_loop", &[]);
    insta::assert_snapshot!(words(&kata, &verdict));
}

#[test]
fn an_error_the_runner_can_add_nothing_to_gets_no_note() {
    let wb = workbook();
    let (kata, mut verdict) = run(&wb, "request_reply", Target::Shipped, &[]);
    let Verdict::CompileError { errors } = &mut verdict else {
        panic!("expected a compile error: {verdict:?}");
    };
    for error in errors {
        let code = error.code.as_deref().unwrap_or("?");
        error.rendered = format!("error[{code}]: {}", error.message);
    }
    insta::assert_snapshot!(words(&kata, &verdict));
}

#[test]
fn a_sender_dropped_after_another_thread_s_wait_is_named() {
    let wb = workbook();
    let (kata, verdict) = explored(
        &wb,
        "pipeline",
        "pipeline/drop_after_loop.rs",
        &[("messages", 3)],
    );
    insta::assert_snapshot!(words(&kata, &verdict));
}

/// fan_in as shipped: producer 1 has no Sender, so none of its messages
/// arrive. Nothing shows whether it sent them, so the likely cause says
/// both what it may be and what it may not, and does not claim the loop
/// ended early.
#[test]
fn a_producer_whose_messages_never_came_is_not_blamed_on_the_loop() {
    let wb = workbook();
    let (kata, verdict) = run(
        &wb,
        "fan_in",
        Target::Shipped,
        &[("producers", 2), ("messages", 3)],
    );
    insta::assert_snapshot!(words(&kata, &verdict));
}

/// An attempt of the corpus judged as `verify` and grading judge a file
/// (the recorder built first, the thorough search), in the words `next`
/// prints: the verdict, then what the schedule search covered, then what its
/// channels were judged on.
fn judged_words(wb: &Workbook, name: &str, file: &str) -> String {
    let kata = wb.catalog.find(name).expect("a kata").clone();
    let bin = format!(
        "{name}__{}",
        Path::new(file).file_stem().unwrap().to_string_lossy()
    );
    let candidate = Candidate {
        kata: &kata,
        bin,
        give_up: None,
    };
    let mut judged = wb
        .judge_bins(Package::Attempts, &[candidate])
        .expect("cargo builds the attempt")
        .remove(0);
    let source = Path::new(attempts::DIR).join(file);
    explore_stage::refine_source(wb, &kata, &source, &mut judged, Depth::Thorough)
        .expect("the explorer runs");
    let mut text = words(&kata, &judged.verdict);
    text.push_str(&verdict::coverage(
        &judged.verdict,
        judged.searched.as_ref(),
        &judged.judged_on,
    ));
    text
}

/// Printed what a correct program prints, but the records of its real runs
/// show the point missed: it stopped by counting, no send ever failed.
#[test]
fn a_point_missed_on_the_records() {
    let wb = workbook();
    insta::assert_snapshot!(judged_words(
        &wb,
        "ignored_send",
        "ignored_send/fixed_three.rs"
    ));
}

/// A pass says what its channels were judged on: here the real runs' records.
#[test]
fn a_pass_judged_on_its_records() {
    let wb = workbook();
    insta::assert_snapshot!(judged_words(
        &wb,
        "ignored_send",
        "ignored_send/while_send_ok.rs"
    ));
}

/// A pass of an explored kata says what its schedule search covered, in one
/// line. The search stops at a number of schedules, not at a time, and is
/// seeded from the file, so the whole line is the same on every run.
#[test]
fn a_pass_checked_on_every_schedule_within_a_bound() {
    let wb = workbook();
    insta::assert_snapshot!(judged_words(&wb, "fan_in", "fan_in/while_let_recv.rs"));
}

/// A program stopped by its memory cap, told so whatever it printed. Only
/// where the cap is kept (Linux; `docs/platforms.md`).
#[cfg(target_os = "linux")]
#[test]
fn a_memory_limit() {
    let wb = workbook();
    let kata = wb.catalog.find("first_channel").expect("a kata").clone();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let source = dir.path().join("hoard.rs");
    std::fs::write(
        &source,
        // Reserved, not written: the cap is reached at once, however
        // loaded the machine (filling a gibibyte can outlast the time limit).
        "fn main() {\n    println!(\"hoarding\");\n    let mut kept: Vec<Vec<u8>> = Vec::new();\n    \
         loop {\n        let mut block = Vec::with_capacity(64 << 20);\n        block.push(1u8);\n        \
         kept.push(block);\n    }\n}\n",
    )
    .unwrap();
    let executable = dir.path().join("hoard");
    let built = std::process::Command::new("rustc")
        .args(["--edition", "2024", "-o"])
        .arg(&executable)
        .arg(&source)
        .status()
        .expect("rustc runs");
    assert!(built.success());
    let output = wb
        .run_once(&kata, &executable, &BTreeMap::new(), None)
        .expect("the program runs");
    let verdict = wb.verdict_of_run(&kata, BTreeMap::new(), output);
    insta::assert_snapshot!(words(&kata, &verdict));
}

/// recv_before_send as shipped: both threads wait in `recv` first, and
/// `main` sends on `to_pong` only in its loop. The cause says that nobody
/// sends first, not to drop `to_pong` sooner (it is still needed).
#[test]
fn each_thread_waiting_for_the_other_to_send_first_is_told_to_serve() {
    let wb = workbook();
    let (kata, verdict) = explored(
        &wb,
        "recv_before_send",
        "recv_before_send/nobody_serves.rs",
        &[],
    );
    insta::assert_snapshot!(words(&kata, &verdict));
}

/// recv_before_send with the `join` before the rally: `main` waits in
/// `join`, not in `recv`, and still needs `to_pong` after it.
#[test]
fn a_join_before_the_holder_is_done_with_the_sender_is_moved_after_it() {
    let wb = workbook();
    let (kata, verdict) = explored(
        &wb,
        "recv_before_send",
        "recv_before_send/join_before_rally.rs",
        &[],
    );
    insta::assert_snapshot!(words(&kata, &verdict));
}

/// clean_shutdown with the original `tx` dropped inside the spawning loop:
/// the note says to drop it after the loop, not to poll with `try_iter`
/// (which belongs to try_iter_drain, whose own note says so).
#[test]
fn a_sender_dropped_in_a_spawning_loop_is_dropped_after_the_loop() {
    let wb = workbook();
    let (kata, verdict) = attempt(
        &wb,
        "clean_shutdown",
        "clean_shutdown__drop_original_in_spawn_loop",
        &[],
    );
    insta::assert_snapshot!(words(&kata, &verdict));
}

/// try_iter_drain as shipped: `main` needs `tx` in the next batch, so the
/// cause does not tell it to drop `tx`, as the kata says to keep it.
#[test]
fn a_sender_needed_in_the_next_round_is_not_told_to_be_dropped() {
    let wb = workbook();
    let (kata, verdict) = explored(
        &wb,
        "try_iter_drain",
        "try_iter_drain/iter_waits_for_close.rs",
        &[],
    );
    insta::assert_snapshot!(words(&kata, &verdict));
}

/// capstone with batch 2's `join` before `drop(rx)`: `main` receives
/// nothing more, so the fix is to drop `rx` first (the blocked sends then
/// fail), not to receive before joining.
#[test]
fn a_receiver_kept_through_a_join_on_a_blocked_send_is_dropped_first() {
    let wb = workbook();
    let (kata, verdict) = explored(
        &wb,
        "capstone",
        "capstone/join_before_drop_rx.rs",
        &[("producers", 2), ("messages", 8), ("wanted", 2)],
    );
    insta::assert_snapshot!(words(&kata, &verdict));
}

/// fan_in printing `recv {seq} {id}`: every message came, read the other way
/// round. The cause says the fields are swapped, not that the loop ended
/// early.
#[test]
fn fields_printed_in_swapped_order_are_called_swapped() {
    let wb = workbook();
    let (kata, verdict) = attempt(
        &wb,
        "fan_in",
        "fan_in__fields_swapped",
        &[("producers", 3), ("messages", 4)],
    );
    insta::assert_snapshot!(words(&kata, &verdict));
}

/// try_send_shed retrying `try_send` on `Full`: the receiver is alive, but
/// `main` is blocked and reads only later, so room never comes. The cause
/// names the spinning thread and the blocked one, not a channel whose other
/// side is gone.
#[cfg(target_os = "linux")]
#[test]
fn a_loop_retrying_while_every_other_thread_is_blocked_is_told_to_give_up() {
    let wb = workbook();
    let (kata, verdict) = attempt(&wb, "try_send_shed", "try_send_shed__retry_on_full", &[]);
    // Up to the likely cause: how much it printed before the limit (and so
    // where the output was cut) depends on the machine.
    let words = words(&kata, &verdict);
    let head: Vec<&str> = words.lines().take_while(|l| !l.is_empty()).collect();
    insta::assert_snapshot!(head.join("\n"));
}
