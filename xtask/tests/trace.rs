//! `cargo xtask trace` as a learner meets it: the facts a trace shows of a
//! solution hold on every schedule, a wrong program's breaking event is
//! marked, the terminal view fits 80 columns, and the page, opened in a
//! headless Chromium when one is installed (always in CI), has a lane per thread and the
//! marked event.

use std::path::{Path, PathBuf};
use std::process::Command;

use explore_protocol::What;
use xtask::core::catalog::Kata;
use xtask::core::checks::{Params, Problem};
use xtask::core::explore::{NotRun, Scheduler};
use xtask::core::judge::trace::{self, Broke, Traced, Tracing};
use xtask::core::workbook::Workbook;
use xtask::render::{not_run, trace as draw, trace_html};

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
        Tracing::Unavailable { reason } => panic!("not traced: {}", not_run::reason(&reason)),
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
        Tracing::Unavailable {
            reason: NotRun::NotExplored { why: Some(why), .. },
        } => assert!(why.contains("real time (`recv_timeout`)"), "{why}"),
        Tracing::Unavailable { reason } => panic!("not traced: {}", not_run::reason(&reason)),
        Tracing::Traced(_) => panic!("a kata on real time was traced"),
    }
}

/// Three threads blocked for good (two producers and `main`, with a Sender
/// left alive): every operation is drawn whole, never cut to fit a lane, and
/// every line fits the terminal.
#[test]
fn no_operation_is_cut_short_to_fit_a_lane() {
    let workbook = workbook();
    let kata = workbook.catalog.find("fan_in").unwrap();
    let text = std::fs::read_to_string(workbook.root.join(&kata.solution)).unwrap();
    assert!(text.contains("drop(tx);"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fan_in_leftover_sender.rs");
    std::fs::write(&file, text.replace("drop(tx);", "")).unwrap();
    let params: Params = [("producers".to_string(), 2), ("messages".to_string(), 2)]
        .into_iter()
        .collect();
    for seed in 0..5 {
        let traced = match trace::trace(
            &workbook,
            kata,
            &file,
            &params,
            seed,
            Scheduler::Random,
            &[],
        )
        .expect("the explorer runs")
        {
            Tracing::Traced(traced) => *traced,
            Tracing::Unavailable { reason } => panic!("not traced: {}", not_run::reason(&reason)),
        };
        assert!(
            traced.finding.is_some(),
            "seed {seed}: a leftover Sender deadlocks"
        );
        colored::control::set_override(false);
        let lines = draw::lines(&traced);
        let view = lines.join("\n");
        assert!(!view.contains('…'), "seed {seed}: a cell was cut:\n{view}");
        for line in &lines {
            assert!(
                line.chars().count() <= draw::WIDTH,
                "seed {seed}: too wide: {line}"
            );
        }
        // The page: each lane's rectangle ends before the next begins.
        let page = trace_html::page(&traced);
        let lanes: Vec<(f64, f64)> = page
            .split(r#"<g class="lane""#)
            .skip(1)
            .map(|lane| {
                let number = |name: &str| -> f64 {
                    let at = lane.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
                    lane[at..].split('"').next().unwrap().parse().unwrap()
                };
                (number("x"), number("width"))
            })
            .collect();
        assert_eq!(lanes.len(), 3, "{page}");
        // And no text runs past its lane's right edge (12-pixel monospace:
        // under 7.4 pixels a character).
        // The fill column, right of the lanes, ends with the picture.
        let picture_width: f64 = page
            .split("<svg ")
            .nth(1)
            .unwrap()
            .split("width=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let last_lane_end = lanes.last().map(|(x, w)| x + w).unwrap();
        for (x, text) in texts_in_lanes(&page) {
            let end = x + 7.4 * text.chars().count() as f64;
            let edge = if x >= last_lane_end {
                picture_width
            } else {
                let (lx, lw) = lanes[lanes.iter().rposition(|(lx, _)| *lx <= x).unwrap()];
                lx + lw
            };
            assert!(
                end <= edge,
                "seed {seed}: `{text}` runs past its column ({end} > {edge})"
            );
        }
        for pair in lanes.windows(2) {
            assert!(
                pair[0].0 + pair[0].1 <= pair[1].0,
                "seed {seed}: lanes overlap: {lanes:?}"
            );
        }
    }
}

/// The event and wait texts of a page's picture, with where each begins
/// (the line numbers at the far left and the end-of-schedule mark, which
/// spans the lanes on a row of its own, are left out).
fn texts_in_lanes(page: &str) -> Vec<(f64, String)> {
    page.split("<text ")
        .skip(1)
        .filter_map(|piece| {
            let x: f64 = piece
                .split("x=\"")
                .nth(1)?
                .split('"')
                .next()?
                .parse()
                .ok()?;
            let text = piece.split('>').nth(1)?.split("</text").next()?.to_string();
            let unescaped = text
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            (x > 20.0 && !unescaped.starts_with("✗ deadlock")).then_some((x, unescaped))
        })
        .collect()
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

/// The number after `L` at the start of a drawn row.
fn row_line(row: &str) -> Option<u32> {
    row.strip_prefix('L')?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

#[test]
fn every_row_of_a_rendezvous_trace_shows_its_own_line_and_nothing_before_a_spawn() {
    colored::control::set_override(false);
    let workbook = workbook();
    let dir = tempfile::tempdir().unwrap();
    let traced = broken_rendezvous(&workbook, dir.path());
    let lines = draw::lines(&traced);
    let text = lines.join("\n");
    let source = |l: u32| traced.lines[l as usize - 1].as_str();
    let mut waits = 0;
    for row in &lines {
        if let Some(wait) = row.split("┄ waits: ").nth(1) {
            waits += 1;
            let at = row_line(row).unwrap_or_else(|| panic!("a wait without its line: {row}"));
            // The line of the call that waits, not of another lane's event.
            let call = if wait.contains(".send") { "send" } else { "rx" };
            assert!(
                source(at).contains(call),
                "{row} at `{}`\n{text}",
                source(at)
            );
        }
        if row.contains("A.send(") {
            assert!(
                source(row_line(row).unwrap()).contains("send"),
                "{row}\n{text}"
            );
        }
    }
    assert!(waits > 0, "{text}");
    assert!(!text.contains("another thread ran"), "{text}");
    // The explorer logs where each wait began: at the call, after the
    // waiting thread's own last event.
    let events = &traced.trace.events;
    let called: Vec<(usize, usize)> = events
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.called.map(|c| (i, c)))
        .collect();
    assert!(!called.is_empty(), "no wait logged its call");
    for (i, c) in called {
        assert!(c <= i, "{:?}", events[i]);
        assert!(
            !events[c..i].iter().any(|e| e.task == events[i].task),
            "{:?} called at {c}",
            events[i]
        );
    }
    // The page labels the same waits, each with its own line.
    let page = trace_html::page(&traced);
    let labels: Vec<&str> = page
        .split("class=\"waits\"")
        .skip(1)
        .map(|l| &l[..l.find('<').unwrap()])
        .collect();
    assert_eq!(labels.len(), waits, "{page}");
    for label in labels {
        let at: u32 = label
            .rsplit("(line ")
            .next()
            .and_then(|l| l.trim_end_matches(')').parse().ok())
            .unwrap_or_else(|| panic!("a wait without its line: {label}"));
        let call = if label.contains(".send") {
            "send"
        } else {
            "rx"
        };
        assert!(source(at).contains(call), "{label}");
    }
    // T1's lane is empty until main spawns it.
    let spawn = lines.iter().position(|l| l.contains("spawns T1")).unwrap();
    let header = lines.iter().position(|l| l.contains("T1 (line")).unwrap();
    let t1_column = lines[header].find("T1 (line").unwrap();
    for row in &lines[header + 2..spawn] {
        assert!(
            row.chars().count() <= t1_column,
            "T1 drawn before it exists: {row}"
        );
    }
    // A lead fact's count and the count at its mark are the same count.
    for mark in &traced.marks {
        if let Broke::Printed {
            problem: Some(Problem::RanAhead { received, .. }),
            here: Some(here),
        } = &mark.broke
        {
            assert_eq!(Some(*received), here.recv_lines, "{mark:?}");
        }
    }
}

/// A shared counter whose increment is a read and a write under two locks:
/// a lost update, traced on the first seed that breaks it.
fn lost_update(workbook: &Workbook, dir: &Path) -> Traced {
    let kata = workbook.catalog.find("shared_counter").unwrap();
    let text = std::fs::read_to_string(workbook.root.join(&kata.solution)).unwrap();
    let whole = "*count.lock().unwrap() += 1;";
    assert!(text.contains(whole));
    let split = "let v = *count.lock().unwrap();\n                *count.lock().unwrap() = v + 1;";
    let file = dir.join("shared_counter_lost_update.rs");
    std::fs::write(&file, text.replace(whole, split)).unwrap();
    (0..30)
        .map(|seed| traced(workbook, kata, &file, 3, seed))
        .find(|t| t.finding.is_some())
        .expect("a split increment loses an update on some schedule")
}

#[test]
fn a_lost_update_trace_unlocks_only_held_locks_and_joins_at_the_join() {
    colored::control::set_override(false);
    let workbook = workbook();
    let dir = tempfile::tempdir().unwrap();
    let traced = lost_update(&workbook, dir.path());
    let line_of = |code: &str| {
        traced
            .lines
            .iter()
            .position(|l| l.contains(code))
            .map(|i| i as u32 + 1)
            .unwrap()
    };
    let join = line_of("worker.join()");
    let reads = line_of("let v = *count");
    let writes = line_of("= v + 1;");
    // The explorer's record: the thread that lets a lock go is the one that
    // took it, and a join is logged at the join's line.
    let mut held: Option<usize> = None;
    for e in &traced.trace.events {
        match e.what {
            What::Lock { .. } => {
                assert_eq!(held, None, "{e:?}");
                held = Some(e.task);
            }
            What::Unlock { .. } => assert_eq!(held.take(), Some(e.task), "{e:?}"),
            What::Join { .. } => assert_eq!(e.at, Some(join), "{e:?}"),
            _ => {}
        }
    }
    // The view as drawn, one event a row: a thread's `unlocked` comes after
    // its own `lock() ok`, and every row says its own event's line.
    let lines = draw::lines(&traced);
    let text = lines.join("\n");
    let mut holder: Option<String> = None;
    let mut joins = 0;
    for row in &lines {
        let words: Vec<&str> = row.split_whitespace().collect();
        let (line, thread, event) = match words.as_slice() {
            [l, t, rest @ ..] if l.starts_with('L') => (row_line(row), *t, rest.join(" ")),
            [t, rest @ ..] if *t == "main" || t.starts_with('T') => (None, *t, rest.join(" ")),
            _ => continue,
        };
        if event.contains("M1.lock() ok") {
            assert_eq!(holder, None, "{row}: taken while held\n{text}");
            holder = Some(thread.to_string());
            assert!(
                [reads, writes, line_of("println!")].contains(&line.unwrap()),
                "{row}\n{text}"
            );
        }
        if event.contains("M1 unlocked") {
            assert_eq!(holder.as_deref(), Some(thread), "{row}: not held\n{text}");
            holder = None;
        }
        if event.contains("join") {
            joins += 1;
            assert_eq!(line, Some(join), "{row}\n{text}");
        }
    }
    assert!(joins >= 4, "{text}");

    // Shortened: the start, the end and a count of the rows left out, with
    // the command that draws them all; `--all` draws every row.
    assert!(lines.len() > draw::LONG, "{}", lines.len());
    let short = draw::shortened(&traced, false);
    assert!(short.len() < lines.len() / 2, "{}", short.len());
    let short_text = short.join("\n");
    assert!(short_text.contains("rows left out"), "{short_text}");
    assert!(
        short_text.contains(&format!("--seed {} ", traced.seed)) && short_text.contains("--all"),
        "{short_text}"
    );
    assert!(
        short_text.contains("total"),
        "the end is kept: {short_text}"
    );
    assert_eq!(draw::shortened(&traced, true), lines);
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

/// A fact of the channels that names a thread and a line (the pool's lock
/// held while a worker sends) marks that thread's event at that line, so the
/// ✗ is a row of the trace, not only a sentence after it.
#[test]
fn work_under_the_lock_is_marked_on_its_own_row() {
    colored::control::set_override(false);
    let workbook = workbook();
    let kata = workbook.catalog.find("worker_pool").unwrap();
    let source = workbook
        .root
        .join("xtask/attempts/worker_pool/lock_in_while_let.rs");
    let params: Params = [("messages".to_string(), 4), ("workers".to_string(), 2)]
        .into_iter()
        .collect();
    let traced = match trace::trace(&workbook, kata, &source, &params, 1, Scheduler::Random, &[])
        .expect("the explorer runs")
    {
        Tracing::Traced(traced) => *traced,
        Tracing::Unavailable { reason } => panic!("not traced: {}", not_run::reason(&reason)),
    };
    let mark = traced.marks.first().expect("the lock rule is broken");
    assert!(
        mark.event < traced.trace.events.len(),
        "the mark is after the last event, on no row"
    );
    let marked = &traced.trace.events[mark.event];
    assert!(
        !matches!(marked.what, What::Lock { .. } | What::Unlock { .. }),
        "{marked:?}"
    );
    let text = draw::lines(&traced).join("\n");
    let row = text
        .lines()
        .find(|l| l.contains('✗') && l.starts_with('L'))
        .unwrap_or_else(|| panic!("no marked row:\n{text}"));
    assert_eq!(row_line(row), marked.at, "{row}");
}
