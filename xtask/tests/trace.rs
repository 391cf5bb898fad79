//! `cargo xtask trace` as a learner meets it: the facts a trace shows of a
//! solution hold on every schedule, a wrong program's breaking event is
//! marked, the terminal view fits 80 columns, and the page, opened in a
//! headless Chromium when one is installed (always in CI), has a lane per thread and the
//! marked event.

use std::path::{Path, PathBuf};
use std::process::Command;

use explore_protocol::What;
use xtask::core::catalog::Kata;
use xtask::core::checks::Params;
use xtask::core::explore::Scheduler;
use xtask::core::judge::trace::{self, Traced, Tracing};
use xtask::core::workbook::Workbook;
use xtask::render::{trace as draw, trace_html};

fn workbook() -> Workbook {
    Workbook::open(xtask::core::workbook::runner_root()).expect("the catalog is valid")
}

fn params(messages: usize) -> Params {
    [("messages".to_string(), messages)].into_iter().collect()
}

fn traced(workbook: &Workbook, kata: &Kata, source: &Path, messages: usize, seed: u64) -> Traced {
    match trace::trace(
        workbook,
        kata,
        source,
        &params(messages),
        seed,
        Scheduler::Random,
        &[],
    )
    .expect("the explorer runs")
    {
        Tracing::Traced(traced) => *traced,
        Tracing::Unavailable { reason } => panic!("not traced: {reason}"),
    }
}

fn fills(traced: &Traced) -> Vec<usize> {
    traced
        .trace
        .events
        .iter()
        .filter_map(|e| match e.what {
            What::Channel { fill, .. } => Some(fill),
            _ => None,
        })
        .collect()
}

#[test]
fn bounded_producer_fill_never_exceeds_two_and_reaches_two_on_some_schedule() {
    let workbook = workbook();
    let kata = workbook.catalog.find("bounded_producer").unwrap();
    let mut most = 0;
    for seed in 0..20 {
        let traced = traced(&workbook, kata, &kata.solution, 6, seed);
        assert!(traced.finding.is_none(), "seed {seed} fails the solution");
        let fills = fills(&traced);
        assert!(!fills.is_empty(), "seed {seed} has no channel events");
        let top = fills.into_iter().max().unwrap();
        assert!(top <= 2, "seed {seed}: the buffer held {top}");
        most = most.max(top);
        // Every message sent is received, in order.
        let sends = traced
            .trace
            .events
            .iter()
            .filter(
                |e| matches!(&e.what, What::Channel { op, message: Some(_), .. } if op.is_send()),
            )
            .count();
        assert_eq!(sends, 6);
    }
    assert_eq!(most, 2, "no schedule filled the buffer");
}

#[test]
fn a_kata_on_real_time_cannot_be_traced() {
    let workbook = workbook();
    let kata = workbook.catalog.find("recv_timeout_states").unwrap();
    assert!(!kata.explore);
    match trace::trace(
        &workbook,
        kata,
        &kata.solution,
        &Params::new(),
        1,
        Scheduler::Random,
        &[],
    )
    .unwrap()
    {
        Tracing::Unavailable { reason } => {
            assert!(reason.contains("real time (`recv_timeout`)"), "{reason}")
        }
        Tracing::Traced(_) => panic!("a kata on real time was traced"),
    }
}

/// The rendezvous kata with a buffer of 1 posing as a rendezvous, traced on
/// the first seed that breaks it.
fn broken_rendezvous(workbook: &Workbook, dir: &Path) -> Traced {
    let kata = workbook.catalog.find("rendezvous").unwrap();
    let text = std::fs::read_to_string(workbook.root.join(&kata.solution)).unwrap();
    assert!(text.contains("sync_channel(0)"));
    let file = dir.join("rendezvous_buffer_of_one.rs");
    std::fs::write(&file, text.replace("sync_channel(0)", "sync_channel(1)")).unwrap();
    (0..30)
        .map(|seed| traced(workbook, kata, &file, 3, seed))
        .find(|t| t.finding.is_some())
        .expect("a buffer of 1 breaks the rendezvous on some schedule")
}

#[test]
fn a_buffer_posing_as_a_rendezvous_is_marked_where_it_breaks() {
    colored::control::set_override(false);
    let workbook = workbook();
    let dir = tempfile::tempdir().unwrap();
    let traced = broken_rendezvous(&workbook, dir.path());
    assert!(!traced.marks.is_empty());
    let marked = &traced.trace.events[traced.marks[0].event];
    assert!(
        matches!(marked.what, What::Channel { op, fill: 1, .. } if op.is_send()),
        "{marked:?}"
    );
    let lines = draw::lines(&traced);
    for line in &lines {
        assert!(line.chars().count() <= 80, "too wide: {line:?}");
    }
    let text = lines.join("\n");
    assert!(text.contains("✗ A.send(#"), "{text}");
    assert!(text.contains("sync_channel(1)"), "{text}");
    assert!(text.contains("T1 (line"), "{text}");

    let page = trace_html::page(&traced);
    assert_eq!(page.matches("class=\"lane\"").count(), 2);
    assert!(page.contains("event broken"));
    assert!(!page.contains("http://") || !page.contains("<script src"));
    let file = dir.path().join("trace.html");
    std::fs::write(&file, &page).unwrap();
    let Some(chromium) = chromium() else {
        // CI installs Chromium (`.ci/run`): there, a missing one is a failure.
        assert!(
            std::env::var_os("CI").is_none_or(|v| v != "true"),
            "CI=true but no Chromium is installed, so the page was not opened in a browser"
        );
        println!("note: no chromium found; the page was not opened in a browser");
        return;
    };
    let dom = dump_dom(&chromium, &file);
    assert_eq!(dom.matches("class=\"lane\"").count(), 2, "{dom}");
    assert!(dom.contains("class=\"event broken"), "{dom}");
    assert!(dom.contains("<svg"), "{dom}");
}

/// The page's DOM after its script ran, from a headless Chromium that stays
/// off the network, with a profile of its own; stopped after a minute.
fn dump_dom(chromium: &Path, page: &Path) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let read = std::thread::spawn(move || {
        let mut dom = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut dom).unwrap();
        dom
    });
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within a minute");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let dom = read.join().unwrap();
    let errors = errors.join().unwrap();
    assert!(status.success(), "chromium failed ({status}):\n{errors}");
    dom
}

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome", "chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}
