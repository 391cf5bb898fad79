//! The schedule explorer finds what the OS's one schedule hides: deadlocks are
//! reported with every blocked thread and what it waits for, and a program
//! that relies on an order across producers is rejected with the interleaving
//! that breaks it. Correct programs pass on every schedule.
//!
//! Programs are explored from temporary files (the workbook's own files are
//! only read); the explorer is built in the workspace's target directory, so
//! only the first test of a fresh checkout compiles shuttle.

use std::path::Path;
use std::process::Command;

use tempfile::TempDir;
use xtask::core::catalog::{Catalog, Kata};
use xtask::core::checks::{self, Params};
use xtask::core::explore::{Against, BlockedThread, Channel, NotRun, Scheduler, Settings, Wait};
use xtask::core::judge::Status;
use xtask::core::judge::explore_stage::{self, Depth, Exploration, Explored, Finding, Problem};
use xtask::core::workbook::Workbook;
use xtask::maintainer::attempts;
use xtask::render::not_run;

fn workbook() -> Workbook {
    Workbook::open(xtask::core::workbook::runner_root()).expect("the catalog is valid")
}

/// Katas that exist only for these tests, with their snapshots, in a
/// temporary `checks/`; their programs are built in the real workspace.
struct TestKatas {
    dir: TempDir,
    workbook: Workbook,
}

impl TestKatas {
    /// `entries` are catalog `[[kata]]` tables; `snapshots` the facts each must show.
    fn new(entries: &str, snapshots: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let text = format!("format_version = 1\nwelcome = \"\"\ncomplete = \"\"\n{entries}");
        let catalog = Catalog::parse(&text, dir.path()).expect("the test catalog is valid");
        for (name, facts) in snapshots {
            checks::write_snapshot(&dir.path().join("snapshots"), name, facts).expect("a snapshot");
        }
        let workbook = Workbook {
            root: xtask::core::workbook::runner_root(),
            catalog,
            color: false,
            explorer: xtask::core::workbook::runner_explorer(),
            confinement: xtask::core::workbook::runner_confinement(),
            run_log: Default::default(),
        };
        Self { dir, workbook }
    }

    fn kata(&self, name: &str) -> &Kata {
        self.workbook.catalog.find(name).expect("a test kata")
    }
}

/// Writes `program` to a file of its own and explores it as `kata`.
fn explore(
    workbook: &Workbook,
    kata: &Kata,
    program: &str,
    params: &[(&str, usize)],
    options: &Settings,
) -> Explored {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join(format!("{}.rs", kata.name));
    std::fs::write(&file, program).expect("the program is written");
    let params: Params = params.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    match explore_stage::explore(workbook, kata, &file, &params, options)
        .expect("the explorer runs")
    {
        Exploration::Explored(explored) => explored,
        Exploration::Unavailable { reason } => {
            panic!(
                "{} could not be explored: {}",
                kata.name,
                not_run::reason(&reason)
            )
        }
    }
}

fn options(seed: u64, iterations: u64) -> Settings {
    Settings {
        scheduler: Scheduler::Random,
        seed,
        iterations,
        budget: std::time::Duration::from_secs(30),
    }
}

/// The 1-based number of the line of `program` that contains `needle`.
fn line_of(program: &str, needle: &str) -> Option<u32> {
    let index = program
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line has `{needle}`"));
    Some(index as u32 + 1)
}

fn finding(explored: &Explored) -> &Finding {
    explored.finding.as_ref().unwrap_or_else(|| {
        panic!(
            "expected a failing schedule among {} explored",
            explored.executions
        )
    })
}

fn deadlock(explored: &Explored) -> (&[BlockedThread], usize) {
    match &finding(explored).problem {
        Problem::Deadlock {
            blocked, finished, ..
        } => (blocked, *finished),
        other => panic!("expected a deadlock, found {other:?}"),
    }
}

/// Whether this copy has the reference solutions (a handout has none).
fn has_solutions(workbook: &Workbook) -> bool {
    let present = workbook.root.join("solutions").is_dir();
    if !present {
        eprintln!("note: this copy has no solutions/ (a handout): their exploration is skipped");
    }
    present
}

/// A fan-in whose `main` keeps the original Sender: the receiving loop never ends.
const LEFTOVER_SENDER: &str = r#"use std::sync::mpsc;
use std::thread;

fn main() {
    let producers = kata::param("producers", 3);
    let messages = kata::param("messages", 4);
    let (tx, rx) = mpsc::channel();
    for id in 0..producers {
        let tx = tx.clone();
        thread::spawn(move || {
            for seq in 0..messages {
                tx.send((id, seq)).unwrap();
            }
        });
    }
    for (id, seq) in rx {
        println!("recv {id} {seq}");
    }
}
"#;

#[test]
fn a_leftover_sender_is_a_deadlock_with_the_thread_that_waits() {
    let wb = workbook();
    let kata = wb.catalog.find("fan_in").unwrap();
    let params = [("producers", 3), ("messages", 4)];
    let explored = explore(&wb, kata, LEFTOVER_SENDER, &params, &options(0, 50));
    let (blocked, finished) = deadlock(&explored);
    let main = BlockedThread {
        name: "main".into(),
        spawned_at: None,
        wait: Wait::Recv {
            at: line_of(LEFTOVER_SENDER, "in rx {"),
            channel: Channel {
                made_at: line_of(LEFTOVER_SENDER, "mpsc::channel()"),
                capacity: None,
                senders: 1,
            },
        },
    };
    assert_eq!(
        blocked,
        [main],
        "only main is left, waiting on a channel that still has a Sender"
    );
    assert_eq!(finished, 3, "the three producers have finished");
    // Every message got through before the deadlock: the interleaving shows it.
    assert_eq!(
        finding(&explored).stdout.len(),
        12,
        "{:?}",
        finding(&explored).stdout
    );
}

const OUTPUT_KATA: &str = "[[kata]]\nname = \"{name}\"\nchapter = \"Tests\"\npath = \"x.rs\"\n\
    solution = \"x.rs\"\ntopic = \"t\"\nshipped = \"wrong_output\"\ncheck = \"output\"\n\
    explore = true\nhints = [\"a\", \"b\"]\n";

fn output_kata(name: &str) -> String {
    OUTPUT_KATA.replace("{name}", name)
}

#[test]
fn a_rendezvous_send_with_nobody_to_receive_is_a_deadlock() {
    let katas = TestKatas::new(
        &output_kata("handoff"),
        &[("handoff", "exit: success\noutput:\ngot 7\n")],
    );
    let program = r#"use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::sync_channel(0);
    tx.send(7).unwrap();
    let consumer = thread::spawn(move || println!("got {}", rx.recv().unwrap()));
    consumer.join().unwrap();
}
"#;
    let explored = explore(
        &katas.workbook,
        katas.kata("handoff"),
        program,
        &[],
        &options(0, 20),
    );
    let (blocked, finished) = deadlock(&explored);
    let expected = Wait::Send {
        at: line_of(program, "tx.send(7)"),
        channel: Channel {
            made_at: line_of(program, "sync_channel(0)"),
            capacity: Some(0),
            senders: 1,
        },
    };
    assert_eq!(blocked.len(), 1, "{blocked:?}");
    assert_eq!(
        (blocked[0].name.as_str(), &blocked[0].wait),
        ("main", &expected)
    );
    assert_eq!(finished, 0);
    drop(katas.dir);
}

#[test]
fn a_join_that_waits_for_a_receiving_loop_names_both_threads() {
    let katas = TestKatas::new(
        &output_kata("join_first"),
        &[("join_first", "exit: success\noutput:\n")],
    );
    let program = r#"use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel::<u32>();
    let worker = thread::Builder::new()
        .name("worker".into())
        .spawn(move || for n in rx { println!("{n}"); })
        .unwrap();
    tx.send(1).unwrap();
    worker.join().unwrap();
    drop(tx);
}
"#;
    let explored = explore(
        &katas.workbook,
        katas.kata("join_first"),
        program,
        &[],
        &options(0, 20),
    );
    let (blocked, _) = deadlock(&explored);
    let names: Vec<&str> = blocked.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["main", "worker"]);
    assert_eq!(
        blocked[0].wait,
        Wait::Join {
            at: line_of(program, "worker.join()"),
            thread: "worker".into()
        }
    );
    assert_eq!(blocked[1].spawned_at, line_of(program, ".spawn(move"));
    assert!(
        matches!(&blocked[1].wait, Wait::Recv { channel, .. } if channel.senders == 1),
        "{:?}",
        blocked[1].wait
    );
}

/// Producers spawned one after another, staggered by a millisecond: on real
/// threads their messages nearly always arrive in spawn order, so printing in
/// arrival order looks right. Nothing guarantees it.
const GLOBAL_ORDER_ATTEMPT: &str = r#"use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let (tx, rx) = mpsc::channel();
    for id in 0..4 {
        let tx = tx.clone();
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(id));
            tx.send(id).unwrap();
        });
    }
    drop(tx);
    for id in rx {
        println!("recv {id}");
    }
}
"#;

const IN_ORDER: &str = "exit: success\noutput:\nrecv 0\nrecv 1\nrecv 2\nrecv 3\n";

#[test]
fn an_attempt_that_relies_on_an_order_across_producers_is_rejected_with_the_interleaving() {
    let katas = TestKatas::new(&output_kata("in_order"), &[("in_order", IN_ORDER)]);
    let explored = explore(
        &katas.workbook,
        katas.kata("in_order"),
        GLOBAL_ORDER_ATTEMPT,
        &[],
        &options(0, 500),
    );
    let found = finding(&explored);
    let Problem::Broken { facts, expected } = &found.problem else {
        panic!("expected a broken check, found {:?}", found.problem);
    };
    assert_eq!(expected.as_deref(), Some(IN_ORDER));
    assert_ne!(facts.text, IN_ORDER);
    // The interleaving is the program's own output on that schedule.
    let mut sorted = found.stdout.clone();
    sorted.sort();
    assert_eq!(sorted, ["recv 0", "recv 1", "recv 2", "recv 3"]);
    assert_ne!(
        found.stdout, sorted,
        "the shown schedule is one that breaks the order"
    );
    assert!(
        found.failing > 0 && found.failing < explored.executions,
        "{found:?}"
    );

    // The seed replays exactly that schedule.
    let replay = explore(
        &katas.workbook,
        katas.kata("in_order"),
        GLOBAL_ORDER_ATTEMPT,
        &[],
        &options(found.seed, 1),
    );
    assert_eq!(replay.executions, 1);
    assert_eq!(finding(&replay).stdout, found.stdout);
}

#[test]
fn pct_finds_the_order_across_producers_too() {
    let katas = TestKatas::new(&output_kata("in_order"), &[("in_order", IN_ORDER)]);
    let options = Settings {
        scheduler: Scheduler::Pct,
        ..options(0, 200)
    };
    let explored = explore(
        &katas.workbook,
        katas.kata("in_order"),
        GLOBAL_ORDER_ATTEMPT,
        &[],
        &options,
    );
    assert!(matches!(finding(&explored).problem, Problem::Broken { .. }));
    assert_eq!(finding(&explored).scheduler, Scheduler::Pct);
}

#[test]
fn sorting_by_the_number_in_the_message_passes_every_schedule() {
    let katas = TestKatas::new(&output_kata("in_order"), &[("in_order", IN_ORDER)]);
    let fixed = GLOBAL_ORDER_ATTEMPT.replace(
        "    for id in rx {\n",
        "    let mut ids: Vec<u64> = rx.iter().collect();\n    ids.sort();\n    for id in ids {\n",
    );
    let explored = explore(
        &katas.workbook,
        katas.kata("in_order"),
        &fixed,
        &[],
        &options(0, 500),
    );
    assert!(explored.finding.is_none(), "{:?}", explored.finding);
    assert!(
        explored.distinct == 1 && explored.executions == 500,
        "{explored:?}"
    );
}

#[test]
fn threads_behave_as_on_real_threads_when_they_panic_or_outlive_main() {
    let katas = TestKatas::new(
        &output_kata("lenient"),
        &[("lenient", "exit: success\noutput:\nworker failed\n")],
    );
    let kata = katas.kata("lenient");
    // A panic ends its thread only, and `join` hands it over as an `Err`; a
    // thread still blocked when `main` returns ends with the process.
    let program = r#"use std::sync::mpsc;
use std::thread;

fn main() {
    let worker = thread::spawn(|| panic!("no more work"));
    if worker.join().is_err() {
        println!("worker failed");
    }
    let (tx, rx) = mpsc::channel::<u8>();
    thread::spawn(move || rx.recv());
    std::mem::forget(tx);
}
"#;
    let explored = explore(&katas.workbook, kata, program, &[], &options(0, 100));
    assert!(explored.finding.is_none(), "{:?}", explored.finding);

    let unwrapped = r#"use std::thread;

fn main() {
    let worker = thread::spawn(|| -> u8 { panic!("no more work") });
    let n = worker.join().unwrap();
    println!("worker failed {n}");
}
"#;
    let explored = explore(&katas.workbook, kata, unwrapped, &[], &options(0, 10));
    let Problem::Broken { facts, .. } = &finding(&explored).problem else {
        panic!("expected a broken check: {:?}", explored.finding);
    };
    assert!(facts.text.contains("exit: panicked"), "{}", facts.text);
    // As std prints it: the worker's panic first, placed in the kata's file.
    let Some(checks::Problem::Panicked {
        first: Some(first), ..
    }) = facts.problems.first()
    else {
        panic!("expected a panic: {:?}", facts.problems);
    };
    assert!(
        first.location.contains("lenient.rs:4:") && first.message.contains("no more work"),
        "{first:?}"
    );
}

#[test]
fn a_program_the_explorer_cannot_model_is_left_to_its_real_runs() {
    let katas = TestKatas::new(
        &output_kata("unmodelled"),
        &[("unmodelled", "exit: success\noutput:\n1\n")],
    );
    let programs = [
        (
            "OnceLock",
            "static ONE: std::sync::OnceLock<u8> = std::sync::OnceLock::new();\nfn main() { println!(\"{}\", ONE.get_or_init(|| 1)); }\n",
        ),
        (
            "Command",
            "fn main() { std::process::Command::new(\"true\").status().unwrap(); println!(\"1\"); }\n",
        ),
        (
            "Instant",
            "fn main() { let t = std::time::Instant::now(); println!(\"{}\", t.elapsed().as_secs() + 1); }\n",
        ),
        (
            "stdout",
            "use std::io::Write;\nfn main() { writeln!(std::io::stdout(), \"1\").unwrap(); }\n",
        ),
        (
            "recv_timeout",
            "use std::sync::mpsc;\nuse std::time::Duration;\n\
             fn main() { let (_tx, rx) = mpsc::channel::<u8>(); \
             println!(\"{}\", rx.recv_timeout(Duration::from_millis(5)).is_err() as u8); }\n",
        ),
    ];
    for (unmodelled, program) in programs {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("unmodelled.rs");
        std::fs::write(&file, program).unwrap();
        let kata = katas.kata("unmodelled");
        match explore_stage::explore(&katas.workbook, kata, &file, &Params::new(), &options(0, 5))
            .unwrap()
        {
            Exploration::Unavailable { reason } => {
                let reason = not_run::reason(&reason);
                assert!(reason.contains(unmodelled), "{reason}")
            }
            Exploration::Explored(e) => {
                panic!("{unmodelled} is not modelled, yet it was explored: {e:?}")
            }
        }
    }
}

/// The rendezvous kata's program with a channel of the given capacity.
fn hand_off(capacity: usize) -> String {
    format!(
        r#"use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {{
    let messages = kata::param("messages", 20);
    let (tx, rx) = mpsc::sync_channel({capacity});
    let producer = thread::spawn(move || {{
        for i in 0..messages {{
            tx.send(i).unwrap();
            println!("sent {{i}}");
        }}
    }});
    for i in rx {{
        println!("recv {{i}}");
        thread::sleep(Duration::from_millis(1));
    }}
    producer.join().unwrap();
}}
"#
    )
}

/// A buffer of one passes for a rendezvous unless the producer sends again
/// while the consumer holds an item it has not printed yet: printing is a
/// point where another thread may run, as it is on real threads.
#[test]
fn a_buffer_of_one_posing_as_a_rendezvous_is_caught() {
    let wb = workbook();
    let kata = wb.catalog.find("rendezvous").unwrap();
    let params = [("messages", 10)];
    let buffered = explore(&wb, kata, &hand_off(1), &params, &options(0, 300));
    // Found either way: by the printed facts on a schedule where the
    // producer ran ahead, or on the channel itself, which can hold a message.
    match &finding(&buffered).problem {
        Problem::Broken { facts, .. } => assert!(
            matches!(
                facts.problems[0],
                checks::Problem::RanAhead { bound: 0, .. }
            ),
            "{facts:?}"
        ),
        Problem::Channels { problems } => assert!(
            matches!(&problems[0], checks::Problem::OverBound { bound: 0, .. }),
            "{problems:?}"
        ),
        _ => panic!("expected a broken check: {:?}", buffered.finding),
    }
    let rendezvous = explore(&wb, kata, &hand_off(0), &params, &options(0, 300));
    assert!(rendezvous.finding.is_none(), "{:?}", rendezvous.finding);
    assert!(
        rendezvous.distinct > 1,
        "the schedules differ: {rendezvous:?}"
    );
}

/// Every kata marked `explore = true` is correct on every schedule when solved.
#[test]
fn the_solutions_of_explored_katas_pass_on_every_schedule() {
    let wb = workbook();
    if !has_solutions(&wb) {
        return;
    }
    let explored: Vec<&Kata> = wb.catalog.katas.iter().filter(|k| k.explore).collect();
    assert!(!explored.is_empty(), "no kata is marked `explore = true`");
    let mut failures = Vec::new();
    for kata in explored {
        for scheduler in [Scheduler::Random, Scheduler::Pct] {
            let params = checks::draw_params(kata, &mut fastrand::Rng::with_seed(7));
            let options = Settings {
                scheduler,
                ..options(0, 300)
            };
            match explore_stage::explore(&wb, kata, &kata.solution, &params, &options).unwrap() {
                Exploration::Explored(Explored { finding: None, .. }) => {}
                other => failures.push(format!("{} ({scheduler:?}): {other:#?}", kata.name)),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The explorer belongs to the runner: a judged workbook whose copy of the
/// explorer's sources is broken (or doctored, to pass every schedule) is
/// explored with the runner's own, and a wrong attempt is still caught.
#[test]
fn the_explorer_is_the_runners_own_not_the_judged_workbooks() {
    let katas = TestKatas::new(&output_kata("in_order"), &[("in_order", IN_ORDER)]);
    let copy = tempfile::tempdir().expect("a temporary directory");
    let doctored = copy.path().join("xtask/explore/src/lib.rs");
    std::fs::create_dir_all(doctored.parent().unwrap()).unwrap();
    std::fs::write(&doctored, "compile_error!(\"doctored\");\n").unwrap();
    let judged = Workbook {
        root: copy.path().to_path_buf(),
        ..katas.workbook.clone()
    };
    let explored = explore(
        &judged,
        katas.kata("in_order"),
        GLOBAL_ORDER_ATTEMPT,
        &[],
        &options(0, 500),
    );
    assert!(matches!(finding(&explored).problem, Problem::Broken { .. }));
}

fn xtask(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the runner starts");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), text)
}

#[test]
fn the_explore_command_reports_and_refuses_bad_requests() {
    for (args, said) in [
        (
            &["explore", "fan_in", "--param", "threads=2"][..],
            "has no parameter `threads`",
        ),
        (
            &["explore", "fan_in", "--param", "producers"][..],
            "NAME=VALUE",
        ),
        (&["explore", "fan_inn"][..], "did you mean `fan_in`"),
        (&["explore", "fan_in", "--iterations", "0"][..], "0"),
    ] {
        let (code, text) = xtask(args);
        assert_eq!(code, 2, "{args:?}: {text}");
        assert!(text.contains(said), "{args:?}: {text}");
        assert!(!text.contains("panicked"), "{args:?}: {text}");
    }
    if !has_solutions(&workbook()) {
        return;
    }
    let args = [
        "explore",
        "fan_in",
        "--solution",
        "--iterations",
        "200",
        "--param",
        "producers=2",
    ];
    let (code, text) = xtask(&args);
    assert_eq!(code, 0, "{text}");
    let explored = "Explored 200 thread schedules of solutions/01_basics/fan_in.rs";
    assert!(text.contains(explored), "{text}");
    assert!(text.contains("producers=2"), "{text}");
    assert!(
        text.contains("passes its check on every schedule tried"),
        "{text}"
    );
}

/// The attempt corpus (`xtask/attempts/`) under the explorer, as a check
/// searches, for the katas it explores: every attempt the check must pass
/// passes on every schedule too (the bounded search's included), every one that must time out is found to deadlock with its blocked
/// threads named, and every wrong one fails on some schedule.
#[test]
fn the_attempt_corpus_is_judged_alike_on_every_schedule() {
    let wb = workbook();
    if !wb.root.join(attempts::DIR).is_dir() {
        eprintln!("note: this copy has no attempt corpus (a handout): nothing to explore");
        return;
    }
    let corpus = attempts::load(&wb.root, &wb.catalog).expect("the corpus is valid");
    let mut explored = 0;
    let mut wrong = Vec::new();
    for attempt in &corpus {
        let kata = wb.catalog.find(&attempt.kata).unwrap();
        if !kata.explore || attempt.expect == Status::CompileError {
            continue;
        }
        explored += 1;
        let source = Path::new(attempts::DIR).join(&attempt.file);
        // The search a check makes: every schedule with few preemptions at
        // small numbers, then random ones (a race that few random
        // schedules show, fan_in's `done_counter_race`, is caught by the first).
        let exploration =
            explore_stage::check_search_file(&wb, kata, &source, Depth::Quick).unwrap();
        let finding = match &exploration {
            Exploration::Explored(e) => e.finding.as_ref().map(|f| &f.problem),
            // One that uses what the explorer does not model (`recv_timeout`)
            // is judged on its real runs' records instead (tests/attempts.rs).
            Exploration::Unavailable {
                reason:
                    NotRun::DoesNotCompile {
                        library: Against::Explorer,
                        ..
                    },
            } => {
                continue;
            }
            Exploration::Unavailable { reason } => {
                let reason = not_run::reason(reason);
                wrong.push(format!("{}: not explored: {reason}", source.display()));
                continue;
            }
        };
        let as_declared = match (attempt.expect, finding) {
            (Status::Pass, None) => true,
            (Status::Timeout | Status::Deadlock, Some(Problem::Deadlock { blocked, .. })) => {
                !blocked.is_empty()
            }
            (Status::Fail, Some(_)) => true,
            _ => false,
        };
        if !as_declared {
            wrong.push(format!(
                "{} (expected {}): {finding:#?}",
                source.display(),
                attempt.expect
            ));
        }
    }
    assert!(
        explored > 0,
        "the corpus has no attempt for an explored kata"
    );
    assert!(
        wrong.is_empty(),
        "{} of {explored}:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// A real run compiled against the recording `std` leaves a record of what
/// its channels did, in the explorer's shape: a `try_recv` loop that ends on
/// `Disconnected`, a send that met a dropped Receiver, and everything up to
/// `process::exit`.
#[test]
fn a_real_run_is_recorded_up_to_process_exit() {
    let wb = workbook();
    let program = "\
use std::sync::mpsc::{self, TryRecvError};
use std::thread;
fn main() {
    let (tx, rx) = mpsc::channel();
    let producer = thread::spawn(move || { for i in 0..3 { tx.send(i).unwrap(); } });
    loop { match rx.try_recv() { Ok(_) => {} Err(TryRecvError::Empty) => thread::yield_now(), Err(TryRecvError::Disconnected) => break } }
    producer.join().unwrap();
    let (tx, rx) = mpsc::channel::<u8>();
    drop(rx);
    let _ = tx.send(1);
    std::process::exit(3);
}
";
    let recording = wb
        .explorer
        .recording("recorded_test", "exercises/recorded_test.rs", program)
        .expect("rustc runs")
        .expect("the program compiles against the recording std");
    let request = xtask::base::execute::RunRequest {
        program: recording.binary.clone(),
        cwd: wb.root.clone(),
        env: Vec::new(),
        timeout: std::time::Duration::from_secs(10),
        give_up: None,
        confinement: Default::default(),
    };
    let run = recording.run(request, false).expect("the program runs");
    assert_eq!(run.output.exit, xtask::base::execute::Exit::Code(3));
    let seen = run.observations.expect("the record is read back");
    assert_eq!(seen.channels.len(), 2, "{seen:#?}");
    assert_eq!(
        (seen.channels[0].sends_ok, seen.channels[0].receives_ok),
        (3, 3)
    );
    assert_eq!(seen.channels[0].made_at, Some(4));
    assert!(
        seen.recv_ends.iter().any(|end| end.thread == "main"
            && end.at == Some(6)
            && end.op == explore_protocol::Op::TryRecv
            && end.result == explore_protocol::OpResult::Disconnected),
        "{seen:#?}"
    );
    assert!(
        seen.send_failures
            .iter()
            .any(|f| f.channel == 1 && f.at == Some(10) && !f.kept_sending),
        "{seen:#?}"
    );
}
