//! From a finished run to facts, and from facts to a verdict.
//!
//! A concurrent program has many correct outputs, so a raw interleaving is
//! never compared. The output is first reduced to facts that every correct run
//! shares (see `checks/README.md` for why each one is sound), and those facts
//! are compared with the kata's insta snapshot. The functions that compute
//! facts are pure; only `snapshot_matches` touches the disk.
//!
//! - delivery (fan-in): `delivery_facts`
//! - bounded lead / rendezvous: `lead_facts`
//! - facts observed on the channels under the explorer: `channels`

pub mod channels;
mod lines;
mod problem;

pub(crate) use lines::received_before;
pub use lines::{is_recv_line, message_lines, normalize};
pub use problem::{ChannelAt, Event, MessageLine, Panic, Problem, Reworded, Roomy};

use lines::{event_of, first_words, parse_events};

use std::collections::BTreeMap;
use std::path::Path;

use insta::TextSnapshotKind;
use insta::internals::TextSnapshotContents;

use crate::base::execute::{Exit, RunOutput};
use crate::core::catalog::{CheckKind, Kata};

/// The values drawn for one run, passed to the program as `KATA_<NAME>`.
pub type Params = BTreeMap<String, usize>;

/// What a run showed, reduced to what every correct run has in common.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// The text compared with the snapshot.
    pub text: String,
    /// Each broken fact, as data (`render::problem` words it).
    pub problems: Vec<Problem>,
}

/// Draws this run's parameters from the catalog's ranges.
pub fn draw_params(kata: &Kata, rng: &mut fastrand::Rng) -> Params {
    kata.params
        .iter()
        .map(|(name, range)| (name.clone(), rng.usize(range.low..=range.high)))
        .collect()
}

/// Draws the parameters of a passing program's schedule search: each from
/// the lower half of its range. What the searches look for (a message lost,
/// doubled or out of its producer's order, a channel over its bound, a
/// thread left waiting) shows with two threads and a few messages as well as
/// with four and forty, and shorter schedules cost less each: 1000 of
/// `capstone` take 0.19 s with 2 producers of 8 messages, 0.91 s with 4 of
/// 30. The real runs keep drawing from the whole range.
pub fn draw_search_params(kata: &Kata, rng: &mut fastrand::Rng) -> Params {
    kata.params
        .iter()
        .map(|(name, range)| {
            let middle = range.low + (range.high - range.low) / 2;
            (name.clone(), rng.usize(range.low..=middle))
        })
        .collect()
}

/// A parameter given on the command line that the kata does not have, and
/// the ones it has (worded in `render::learner`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownParam {
    pub kata: String,
    pub param: String,
    pub known: Vec<String>,
}

/// The kata's parameters: drawn, with the ones given fixed.
pub fn params_with(kata: &Kata, given: &[(String, usize)]) -> anyhow::Result<Params> {
    let mut params = draw_params(kata, &mut fastrand::Rng::new());
    for (name, value) in given {
        if !kata.params.contains_key(name) {
            return Err(UnknownParam {
                kata: kata.name.clone(),
                param: name.clone(),
                known: kata.params.keys().cloned().collect(),
            }
            .into());
        }
        params.insert(name.clone(), *value);
    }
    Ok(params)
}

/// How many different parameter sets the catalog's ranges allow.
pub fn param_choices(kata: &Kata) -> usize {
    kata.params
        .values()
        .map(|r| r.high - r.low + 1)
        .fold(1, usize::saturating_mul)
}

/// The parameters of every checked run of `kata`.
///
/// Where the parameters can vary there are at least two runs, and no two runs
/// get the same values. A program that prints one memorized output can match
/// at most one of them, so it always fails, while a correct program passes
/// whatever the values are.
pub fn draw_runs(kata: &Kata, rng: &mut fastrand::Rng) -> Vec<Params> {
    let choices = param_choices(kata);
    let runs = if choices > 1 {
        kata.runs.max(2)
    } else {
        kata.runs
    } as usize;
    let mut drawn: Vec<Params> = Vec::with_capacity(runs);
    while drawn.len() < runs {
        let params = draw_params(kata, rng);
        // Only insist on new values while there are new values left.
        if drawn.len() < choices && drawn.contains(&params) {
            continue;
        }
        drawn.push(params);
    }
    drawn
}

/// The environment variables that carry `params` to the program.
pub fn param_env(params: &Params) -> Vec<(String, String)> {
    params
        .iter()
        .map(|(name, value)| {
            (
                format!("KATA_{}", name.to_ascii_uppercase()),
                value.to_string(),
            )
        })
        .collect()
}

/// The facts of one finished (not timed-out) run.
pub fn facts(kata: &Kata, params: &Params, run: &RunOutput) -> Facts {
    let stdout = normalize(&run.stdout_text());
    let mut problems = Vec::new();
    let mut text = String::new();
    match &run.exit {
        Exit::Code(0) => text.push_str("exit: success\n"),
        Exit::Code(101) => {
            text.push_str("exit: panicked\n");
            let (first, then_main) = panics(&run.stderr_text());
            let recv_error = first
                .as_ref()
                .is_some_and(|p| p.message.contains("an `Err` value: RecvError"))
                || then_main
                    .as_ref()
                    .is_some_and(|p| p.message.contains("an `Err` value: RecvError"));
            // `TrySendError::Full(..)` (`Full(..)` in older std's `Debug`).
            let full_unwrapped = first.as_ref().is_some_and(|p| {
                p.message.contains("an `Err` value: TrySendError::Full(")
                    || p.message.contains("an `Err` value: Full(")
            });
            problems.push(Problem::Panicked { first, then_main });
            if recv_error {
                problems.push(Problem::RecvErrorUnwrapped);
            }
            if full_unwrapped {
                problems.push(Problem::TrySendFullUnwrapped);
            }
        }
        Exit::Code(code) => {
            text.push_str("exit: failure\n");
            problems.push(Problem::ExitCode(*code));
        }
        Exit::Signal(signal) => {
            text.push_str("exit: killed by a signal\n");
            problems.push(Problem::Signal(*signal));
        }
        Exit::TimedOut | Exit::GaveUp | Exit::Stuck => {
            text.push_str("exit: did not finish\n");
            problems.push(Problem::DidNotFinish);
        }
    }
    if run.truncated {
        problems.push(Problem::OutputCut);
    }
    let producers = params.get("producers").copied().unwrap_or(1);
    let messages = params.get("messages").copied().unwrap_or(0);
    let events = parse_events(&stdout);
    match kata.check {
        CheckKind::Output => text.push_str(&format!("output:\n{stdout}")),
        CheckKind::SortedLines => {
            let mut lines: Vec<&str> = stdout.lines().collect();
            lines.sort_unstable();
            text.push_str("lines, sorted:\n");
            for line in lines {
                text.push_str(line);
                text.push('\n');
            }
        }
        CheckKind::Delivery => {
            let lines = lines_of(kata, producers, messages);
            delivery_facts(&events, lines, &mut text, &mut problems);
            note_reworded(&stdout, lines, &mut problems);
            if let Some(closing) = &kata.closing_line {
                closing_facts(&stdout, closing, &mut text, &mut problems);
            }
        }
        CheckKind::Bounded => {
            let bound = kata.bound.unwrap_or(0);
            let lines = lines_of(kata, producers, messages);
            delivery_facts(&events, lines, &mut text, &mut problems);
            note_reworded(&stdout, lines, &mut problems);
            lead_facts(&events, lines, bound, &mut text, &mut problems);
        }
    }
    Facts { text, problems }
}

/// Where the program panicked and the first line of each message: the
/// first panic, and when `main` panicked after another thread did (unwrapping
/// what `join` returned, or a panic of its own), `main`'s too, since that is
/// the one that ended the program.
fn panics(stderr: &str) -> (Option<Panic>, Option<Panic>) {
    let lines: Vec<&str> = stderr.lines().collect();
    let panics: Vec<(bool, Panic)> = lines
        .iter()
        .enumerate()
        .filter(|(_, line)| line.contains("panicked at"))
        .map(|(i, line)| {
            let location = line
                .split("panicked at ")
                .nth(1)
                .unwrap_or("")
                .trim_end_matches(':');
            let message = lines.get(i + 1).copied().unwrap_or("").trim();
            (
                line.starts_with("thread 'main'"),
                Panic {
                    location: location.to_string(),
                    message: message.to_string(),
                },
            )
        })
        .collect();
    let Some((first_is_main, first)) = panics.first() else {
        return (None, None);
    };
    let then_main = panics
        .iter()
        .find(|(is_main, _)| *is_main)
        .filter(|_| !first_is_main)
        .map(|(_, main)| main.clone());
    (Some(first.clone()), then_main)
}

/// What a run's lines should hold: how many producers and messages, and
/// whether a line names its producer (`recv 1 3`) or has only the sequence
/// number (`recv 3`, where the kata has no `producers` parameter).
#[derive(Debug, Clone, Copy)]
struct Lines {
    producers: usize,
    messages: usize,
    named: bool,
}

impl Lines {
    /// `recv 1 3`, or `recv 3` in a kata whose lines do not name a producer.
    fn recv(self, producer: usize, seq: usize) -> MessageLine {
        MessageLine {
            event: Event::Recv { producer, seq },
            named: self.named,
        }
    }

    fn sent(self, producer: usize, seq: usize) -> MessageLine {
        MessageLine {
            event: Event::Sent { producer, seq },
            named: self.named,
        }
    }
}

fn lines_of(kata: &Kata, producers: usize, messages: usize) -> Lines {
    Lines {
        producers,
        messages,
        named: kata.params.contains_key("producers"),
    }
}

/// Every message received exactly once, and each producer's order kept.
///
/// Sound because a channel delivers each message once and keeps each sender's
/// order, and promises nothing across senders: grouping receipts by producer
/// gives the same groups on every correct run.
fn delivery_facts(events: &[Event], lines: Lines, text: &mut String, problems: &mut Vec<Problem>) {
    let Lines {
        producers,
        messages,
        ..
    } = lines;
    // Plain vectors indexed by producer and sequence number, not maps: a
    // search judges thousands of runs in an unoptimized runner.
    let mut received: Vec<Vec<usize>> = vec![Vec::new(); producers];
    let mut strangers: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for event in events {
        if let Event::Recv { producer, seq } = *event {
            match received.get_mut(producer) {
                Some(seqs) => seqs.push(seq),
                None => strangers.entry(producer).or_default().push(seq),
            }
        }
    }
    let mut missing = Vec::new();
    let mut doubled = Vec::new();
    let mut unexpected = Vec::new();
    let mut out_of_order = Vec::new();
    for (producer, seqs) in received.iter().enumerate() {
        let mut seen = vec![false; messages];
        // The order is judged on each message's first receipt: a message
        // printed twice is a doubled message, not a channel reordering.
        let mut last_first: Option<usize> = None;
        let mut reordered = None;
        for &seq in seqs {
            match seen.get_mut(seq) {
                None => unexpected.push(lines.recv(producer, seq)),
                Some(true) => doubled.push(lines.recv(producer, seq)),
                Some(first) => {
                    *first = true;
                    if let Some(before) = last_first
                        && seq < before
                    {
                        reordered.get_or_insert((seq, before));
                    }
                    last_first = Some(seq);
                }
            }
        }
        if let Some((seq, before)) = reordered {
            out_of_order.push(Problem::OutOfOrder {
                producer,
                seq,
                after: before,
            });
        }
        for (seq, _) in seen.iter().enumerate().filter(|(_, seen)| !**seen) {
            missing.push(lines.recv(producer, seq));
        }
    }
    for (&producer, seqs) in &strangers {
        unexpected.extend(seqs.iter().map(|&s| lines.recv(producer, s)));
    }
    let exactly_once = missing.is_empty() && doubled.is_empty() && unexpected.is_empty();
    text.push_str(&format!(
        "messages: {}\n",
        if exactly_once {
            "every one received exactly once"
        } else {
            "lost, doubled or unexpected"
        }
    ));
    text.push_str(&format!(
        "order within each producer: {}\n",
        if out_of_order.is_empty() {
            "kept"
        } else {
            "broken"
        }
    ));
    if let Some(&example) = missing.first() {
        problems.push(Problem::Missing {
            count: missing.len(),
            total: producers * messages,
            example,
            reworded: None,
        });
    }
    if let Some(&example) = doubled.first() {
        problems.push(Problem::Doubled { example });
    }
    if let Some(&example) = unexpected.first() {
        problems.push(Problem::Unexpected {
            producers,
            messages,
            example,
        });
    }
    problems.extend(out_of_order.into_iter().take(1));
}

/// Adds to a `Missing` problem the `recv` lines that carry a message's
/// numbers in another format than the kata's (`recv (0, 1)`, `recv 0, 1`,
/// `recv: 1`): what was received may well be all there, printed otherwise.
/// A line counts when its numbers are exactly those of a message this run
/// sent (a producer and a sequence number in range, or the sequence number
/// alone where lines name no producer). Read only when messages are missing.
fn note_reworded(stdout: &str, lines: Lines, problems: &mut [Problem]) {
    let Some(Problem::Missing { reworded, .. }) = problems
        .iter_mut()
        .find(|p| matches!(p, Problem::Missing { .. }))
    else {
        return;
    };
    let mut found: Option<Reworded> = None;
    for line in stdout.lines() {
        if !is_recv_line(line) || event_of(line).is_some() {
            continue;
        }
        let rest = line.trim_start().strip_prefix("recv").unwrap_or_default();
        let numbers: Vec<usize> = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|w| !w.is_empty())
            .map(|w| w.parse().unwrap_or(usize::MAX))
            .collect();
        let a_message = match (lines.named, numbers.as_slice()) {
            (true, &[producer, seq]) => producer < lines.producers && seq < lines.messages,
            (false, &[seq]) => seq < lines.messages,
            _ => false,
        };
        if a_message {
            let found = found.get_or_insert_with(|| Reworded {
                count: 0,
                first: line.trim().to_string(),
            });
            found.count += 1;
        }
    }
    *reworded = found;
}

/// The closing line printed after every `recv` line.
///
/// Sound because `main` prints it once its receiving loop has ended, after
/// the last receipt it printed, in the same thread: on every schedule.
fn closing_facts(stdout: &str, closing: &str, text: &mut String, problems: &mut Vec<Problem>) {
    let lines: Vec<&str> = stdout.lines().collect();
    let last_recv = lines
        .iter()
        .rposition(|l| is_recv_line(l))
        .map_or(0, |i| i + 1);
    let closed = lines[last_recv..].iter().any(|l| l.trim() == closing);
    if closed {
        text.push_str(&format!("then: {closing}\n"));
    } else {
        text.push_str(&format!("then: no `{closing}` after the messages\n"));
        problems.push(Problem::NoClosingLine {
            closing: closing.to_string(),
        });
    }
}

/// Before each `sent i` line of a producer, at least `i - bound` of its `recv` lines.
///
/// Sound for `sync_channel(bound)`: when `send(i)` returns, at most `bound` items
/// sit in the buffer, so `recv` has returned item `i - bound`, and the consumer
/// printed every earlier receipt before it called that `recv`.
fn lead_facts(
    events: &[Event],
    lines: Lines,
    bound: usize,
    text: &mut String,
    problems: &mut Vec<Problem>,
) {
    let mut received: BTreeMap<usize, usize> = BTreeMap::new();
    let mut violation = None;
    for event in events {
        match *event {
            Event::Recv { producer, .. } => *received.entry(producer).or_default() += 1,
            Event::Sent { producer, seq } => {
                let got = received.get(&producer).copied().unwrap_or(0);
                if violation.is_none() && got + bound < seq {
                    violation = Some((producer, seq, got));
                }
            }
        }
    }
    let rule = if bound == 0 {
        "every send completed only after the receiver took the message before it".to_string()
    } else {
        format!("the producer never ran more than {bound} messages ahead of the consumer")
    };
    match violation {
        None => text.push_str(&format!("flow: {rule}\n")),
        Some((producer, seq, got)) => {
            text.push_str("flow: the producer ran ahead\n");
            problems.push(Problem::RanAhead {
                line: lines.sent(producer, seq),
                received: got,
                bound,
            });
        }
    }
}

/// A kata's recorded facts, read and compared by insta as it reads and
/// compares a file snapshot (trailing blanks and CRLF line ends do not
/// count), without its assertion macro: a mismatch is a verdict for the
/// learner, not a panic, and nothing is ever written beside the snapshot.
/// Snapshots are recorded by `cargo xtask dev bless` and reviewed like any
/// insta snapshot.
#[derive(Debug, Clone)]
pub struct Snapshot(TextSnapshotContents);

impl Snapshot {
    /// The snapshot of `name` in `snapshot_dir`, if one is recorded.
    pub fn read(snapshot_dir: &Path, name: &str) -> Option<Self> {
        let path = snapshot_dir.join(format!("{name}.snap"));
        let stored = insta::Snapshot::from_file(&path).ok()?;
        stored.as_text().cloned().map(Self)
    }

    /// Whether `facts` are the recorded ones.
    pub fn matches(&self, facts: &str) -> bool {
        let actual = TextSnapshotContents::new(facts.to_string(), TextSnapshotKind::File);
        self.0.matches_latest(&actual)
    }

    /// The recorded facts, a line each, for showing a difference.
    pub fn text(&self) -> String {
        let mut text = self.0.to_string();
        if !text.is_empty() {
            text.push('\n');
        }
        text
    }
}

/// Whether `facts` are the snapshot of `name` (none recorded: they are not).
pub fn snapshot_matches(snapshot_dir: &Path, name: &str, facts: &str) -> bool {
    Snapshot::read(snapshot_dir, name).is_some_and(|s| s.matches(facts))
}

/// The expected facts stored in a snapshot file, for showing a difference.
pub fn read_snapshot(snapshot_dir: &Path, name: &str) -> Option<String> {
    Snapshot::read(snapshot_dir, name).map(|s| s.text())
}

/// Writes the snapshot for `name` (used by `bless`), in insta's file format.
pub fn write_snapshot(snapshot_dir: &Path, name: &str, facts: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(snapshot_dir)?;
    let text = format!("---\nsource: checks/katas.toml\n---\n{facts}");
    std::fs::write(snapshot_dir.join(format!("{name}.snap")), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::core::catalog::{ParamRange, ShippedFailure};
    use std::time::Duration;

    fn kata(check: CheckKind, bound: Option<usize>) -> Kata {
        Kata {
            name: "k".into(),
            chapter: "c".into(),
            path: "e.rs".into(),
            solution: "s.rs".into(),
            topic: "t".into(),
            shipped: ShippedFailure::WrongOutput,
            error_code: None,
            check,
            bound,
            params: [("messages".to_string(), ParamRange { low: 1, high: 9 })].into(),
            timeout_ms: 1000,
            runs: 1,
            on_timeout: None,
            on_timeout_speaks_of: None,
            explore: false,
            bounded_search: None,
            unexplored: None,
            channels: Vec::new(),
            senders: None,
            workers: None,
            closing_line: None,
            points: 1,
            hints: vec![],
            docs: vec![],
            compiler_notes: Default::default(),
        }
    }

    fn run(stdout: &str, exit: Exit) -> RunOutput {
        RunOutput {
            exit,
            stdout: stdout.as_bytes().to_vec(),
            stderr: b"thread 'main' panicked at src/x.rs:3:5:\nboom\n".to_vec(),
            duration: Duration::ZERO,
            truncated: false,
            leaked: false,
            hang: None,
            limit: None,
            refused: None,
        }
    }

    #[test]
    fn a_panic_of_main_after_another_thread_s_is_named_too() {
        let stderr = "\nthread '<unnamed>' (15824) panicked at ex.rs:24:48:\nParseIntError\n\
                      note: run with `RUST_BACKTRACE=1`\n\n\
                      thread 'main' (15820) panicked at ex.rs:41:23:\nAny { .. }\n";
        let at = |location: &str, message: &str| Panic {
            location: location.into(),
            message: message.into(),
        };
        assert_eq!(
            panics(stderr),
            (
                Some(at("ex.rs:24:48", "ParseIntError")),
                Some(at("ex.rs:41:23", "Any { .. }"))
            )
        );
        let other = "thread '<unnamed>' (3) panicked at ex.rs:24:48:\nParseIntError\n";
        assert_eq!(
            panics(other),
            (Some(at("ex.rs:24:48", "ParseIntError")), None)
        );
    }

    fn params(producers: usize, messages: usize) -> Params {
        [
            ("producers".to_string(), producers),
            ("messages".to_string(), messages),
        ]
        .into()
    }

    #[test]
    fn interleavings_of_a_correct_fan_in_give_the_same_facts() {
        let k = kata(CheckKind::Delivery, None);
        let a = facts(
            &k,
            &params(2, 2),
            &run("recv 0 0\nrecv 1 0\nrecv 0 1\nrecv 1 1\n", Exit::Code(0)),
        );
        let b = facts(
            &k,
            &params(2, 2),
            &run(
                "recv 1 0\nrecv 1 1\ndebug!\nrecv 0 0\nrecv 0 1\n",
                Exit::Code(0),
            ),
        );
        assert_eq!(a, b);
        assert!(a.problems.is_empty(), "{:?}", a.problems);
    }

    #[test]
    fn lost_doubled_and_reordered_messages_change_the_facts() {
        let k = kata(CheckKind::Delivery, None);
        let good = facts(
            &k,
            &params(2, 2),
            &run("recv 0 0\nrecv 0 1\nrecv 1 0\nrecv 1 1\n", Exit::Code(0)),
        );
        for bad in [
            "recv 0 0\nrecv 0 1\nrecv 1 0\n",
            "recv 0 0\nrecv 0 1\nrecv 1 0\nrecv 1 1\nrecv 1 1\n",
            "recv 0 1\nrecv 0 0\nrecv 1 0\nrecv 1 1\n",
            "recv 0 0\nrecv 0 1\nrecv 1 0\nrecv 1 1\nrecv 2 0\n",
        ] {
            let f = facts(&k, &params(2, 2), &run(bad, Exit::Code(0)));
            assert_ne!(f.text, good.text, "{bad}");
            assert!(!f.problems.is_empty(), "{bad}");
        }
    }

    #[test]
    fn a_message_printed_twice_is_doubled_not_reordered() {
        let k = kata(CheckKind::Delivery, None);
        let twice = facts(
            &k,
            &params(1, 3),
            &run("recv 0 0\nrecv 0 1\nrecv 0 2\nrecv 0 1\n", Exit::Code(0)),
        );
        assert!(
            twice.text.contains("order within each producer: kept"),
            "{}",
            twice.text
        );
        assert_eq!(
            twice.problems,
            [Problem::Doubled {
                example: MessageLine {
                    event: Event::Recv {
                        producer: 0,
                        seq: 1
                    },
                    named: false
                }
            }]
        );
        // A real reordering is still one, whatever else is wrong.
        let swapped = facts(
            &k,
            &params(1, 3),
            &run("recv 0 1\nrecv 0 0\nrecv 0 0\nrecv 0 2\n", Exit::Code(0)),
        );
        assert!(
            swapped.problems.contains(&Problem::OutOfOrder {
                producer: 0,
                seq: 0,
                after: 1
            }),
            "{:?}",
            swapped.problems
        );
    }

    #[test]
    fn an_example_line_is_written_as_the_kata_prints_its_lines() {
        let line = |event, named| MessageLine { event, named };
        // No `producers` parameter: lines are `recv <seq>`.
        let single = kata(CheckKind::Delivery, None);
        let f = facts(&single, &params(1, 3), &run("recv 0\n", Exit::Code(0)));
        assert_eq!(
            f.problems[0],
            Problem::Missing {
                count: 2,
                total: 3,
                example: line(
                    Event::Recv {
                        producer: 0,
                        seq: 1
                    },
                    false
                ),
                reworded: None,
            }
        );
        let f = facts(
            &single,
            &params(1, 2),
            &run("recv 0\nrecv 5\nrecv 1\n", Exit::Code(0)),
        );
        assert_eq!(
            f.problems[0],
            Problem::Unexpected {
                producers: 1,
                messages: 2,
                example: line(
                    Event::Recv {
                        producer: 0,
                        seq: 5
                    },
                    false
                )
            }
        );
        // With one: lines are `recv <producer> <seq>`, and so is `sent`.
        let mut named = kata(CheckKind::Bounded, Some(1));
        named
            .params
            .insert("producers".into(), ParamRange { low: 2, high: 2 });
        let f = facts(
            &named,
            &params(2, 4),
            &run("sent 1 0\nsent 1 1\nsent 1 2\nsent 1 3\n", Exit::Code(0)),
        );
        let example = line(
            Event::Recv {
                producer: 0,
                seq: 0,
            },
            true,
        );
        assert!(
            f.problems.contains(&Problem::Missing {
                count: 8,
                total: 8,
                example,
                reworded: None,
            }),
            "{:?}",
            f.problems
        );
        let sent = line(
            Event::Sent {
                producer: 1,
                seq: 2,
            },
            true,
        );
        assert!(
            f.problems.contains(&Problem::RanAhead {
                line: sent,
                received: 0,
                bound: 1
            }),
            "{:?}",
            f.problems
        );
        // The line a problem is about is found in the output as printed.
        assert!(sent.is("sent 1 2") && sent.is("sent  1\t2 "));
        assert!(!sent.is("sent 2") && !sent.is("sent 1 2 3") && !sent.is("recv 1 2"));
    }

    #[test]
    fn a_recv_error_unwrapped_is_told_it_is_the_end_of_the_stream() {
        let k = kata(CheckKind::Output, None);
        let mut output = run("recv 0\n", Exit::Code(101));
        output.stderr = b"thread 'main' panicked at src/x.rs:9:29:\ncalled `Result::unwrap()` on an `Err` value: RecvError\n".to_vec();
        let f = facts(&k, &Params::new(), &output);
        assert_eq!(
            f.problems[1],
            Problem::RecvErrorUnwrapped,
            "{:?}",
            f.problems
        );
        // Another panic gets no such line.
        let f = facts(&k, &Params::new(), &run("hi\n", Exit::Code(101)));
        assert_eq!(f.problems.len(), 1, "{:?}", f.problems);
    }

    #[test]
    fn a_panic_is_a_fact_and_is_explained() {
        let k = kata(CheckKind::Output, None);
        let f = facts(&k, &Params::new(), &run("hi\n", Exit::Code(101)));
        assert!(f.text.starts_with("exit: panicked"));
        assert_eq!(
            f.problems[0],
            Problem::Panicked {
                first: Some(Panic {
                    location: "src/x.rs:3:5".into(),
                    message: "boom".into()
                }),
                then_main: None
            }
        );
    }

    #[test]
    fn bounded_lead_allows_exactly_the_slack_the_channel_allows() {
        let k = kata(CheckKind::Bounded, Some(2));
        // `sent 3` after 1 receipt: 3 - 2 = 1 receipt is the minimum. Passes.
        let ok = "sent 0\nsent 1\nsent 2\nrecv 0\nsent 3\nrecv 1\nrecv 2\nrecv 3\n";
        assert!(
            facts(&k, &params(1, 4), &run(ok, Exit::Code(0)))
                .problems
                .is_empty()
        );
        // `sent 3` before any receipt: 3 ahead with capacity 2. Fails.
        let bad = "sent 0\nsent 1\nsent 2\nsent 3\nrecv 0\nrecv 1\nrecv 2\nrecv 3\n";
        let f = facts(&k, &params(1, 4), &run(bad, Exit::Code(0)));
        assert!(f.text.contains("ran ahead"));
        assert!(
            matches!(
                f.problems[0],
                Problem::RanAhead {
                    line: MessageLine {
                        event: Event::Sent { seq: 3, .. },
                        ..
                    },
                    received: 0,
                    bound: 2
                }
            ),
            "{:?}",
            f.problems
        );
    }

    #[test]
    fn rendezvous_needs_the_previous_receipt_before_each_send() {
        let k = kata(CheckKind::Bounded, Some(0));
        let ok = "recv 0\nsent 0\nsent 1\nrecv 1\n";
        assert!(
            facts(&k, &params(1, 2), &run(ok, Exit::Code(0)))
                .problems
                .is_empty()
        );
        let buffered = "sent 0\nsent 1\nrecv 0\nrecv 1\n";
        assert!(
            !facts(&k, &params(1, 2), &run(buffered, Exit::Code(0)))
                .problems
                .is_empty()
        );
    }

    #[test]
    fn lead_is_counted_per_producer() {
        let k = kata(CheckKind::Bounded, Some(1));
        let ok = "sent 0 0\nsent 1 0\nrecv 1 0\nrecv 0 0\nsent 0 1\nrecv 0 1\nsent 1 1\nrecv 1 1\n";
        assert!(
            facts(&k, &params(2, 2), &run(ok, Exit::Code(0)))
                .problems
                .is_empty()
        );
    }

    #[test]
    fn varying_parameters_give_at_least_two_distinct_runs() {
        let mut k = kata(CheckKind::Delivery, None);
        k.params
            .insert("producers".into(), ParamRange { low: 2, high: 3 });
        k.params
            .insert("messages".into(), ParamRange { low: 4, high: 4 });
        let mut rng = fastrand::Rng::with_seed(7);
        for runs in [1, 2, 5] {
            k.runs = runs;
            let drawn = draw_runs(&k, &mut rng);
            assert_eq!(drawn.len(), runs.max(2) as usize);
            // Only two different sets exist: the first two runs use both.
            assert_ne!(drawn[0], drawn[1]);
        }
        k.params.clear();
        k.runs = 1;
        assert_eq!(draw_runs(&k, &mut rng).len(), 1);
    }

    #[test]
    fn a_search_draws_every_value_of_the_lower_half_and_nothing_above() {
        let mut k = kata(CheckKind::Delivery, None);
        k.params
            .insert("messages".into(), ParamRange { low: 5, high: 40 });
        k.params
            .insert("producers".into(), ParamRange { low: 2, high: 2 });
        let mut rng = fastrand::Rng::with_seed(7);
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..2000 {
            let params = draw_search_params(&k, &mut rng);
            assert_eq!(params["producers"], 2);
            seen.insert(params["messages"]);
        }
        assert_eq!(seen, (5..=22).collect());
    }

    #[test]
    fn normalize_strips_colour_and_trailing_blanks() {
        assert_eq!(normalize("\u{1b}[1;31mred\u{1b}[0m  \r\n\n\n"), "red\n");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn sorted_lines_ignore_order_but_not_content() {
        let k = kata(CheckKind::SortedLines, None);
        let a = facts(&k, &Params::new(), &run("b\na\n", Exit::Code(0)));
        let b = facts(&k, &Params::new(), &run("a\nb\n", Exit::Code(0)));
        let c = facts(&k, &Params::new(), &run("a\na\n", Exit::Code(0)));
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn snapshots_round_trip_through_insta() {
        let dir = tempfile::tempdir().unwrap();
        write_snapshot(dir.path(), "k", "exit: success\n").unwrap();
        assert!(snapshot_matches(dir.path(), "k", "exit: success\n"));
        assert!(!snapshot_matches(dir.path(), "k", "exit: panicked\n"));
        assert_eq!(
            read_snapshot(dir.path(), "k").as_deref(),
            Some("exit: success\n")
        );
    }

    #[test]
    fn recv_lines_in_another_format_are_counted_with_the_missing_messages() {
        let mut named = kata(CheckKind::Delivery, None);
        named
            .params
            .insert("producers".into(), ParamRange { low: 2, high: 2 });
        let f = facts(
            &named,
            &params(2, 2),
            &run(
                "recv (0, 0)\nrecv (1, 0)\nrecv 0 1\nrecv (1, 1)\nrecv (7, 7)\nsent 0 0\n",
                Exit::Code(0),
            ),
        );
        let Some(Problem::Missing {
            count, reworded, ..
        }) = f.problems.first()
        else {
            panic!("{:?}", f.problems);
        };
        assert_eq!(*count, 3);
        // `recv (7, 7)` is no message of this run.
        assert_eq!(
            reworded.as_ref(),
            Some(&Reworded {
                count: 3,
                first: "recv (0, 0)".into()
            })
        );
        // Lines in the kata's format only: nothing reworded.
        let f = facts(&named, &params(2, 2), &run("recv 0 0\n", Exit::Code(0)));
        assert!(
            matches!(
                f.problems.first(),
                Some(Problem::Missing { reworded: None, .. })
            ),
            "{:?}",
            f.problems
        );
    }
}
