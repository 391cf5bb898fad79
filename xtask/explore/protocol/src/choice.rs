//! Stepping: the learner is the scheduler.
//!
//! With [`CHOICES`] set (`EXPLORE_CHOICES=0,1,1,0`) the explorer runs one
//! execution and, at the `i`-th scheduling point where more than one thread
//! could run, runs the thread whose task index is the `i`-th choice. At the
//! first such point past the list it stops the execution and reports, instead
//! of a schedule, the point it stopped at:
//!
//! ```text
//! choice <index of the point: how many choices were followed>
//! choice_thread <task>\t<name>\t<runnable|waiting>\t<next>\t<target|->\t<at|->
//! choice_channel <channel>\t<made at>\t<capacity>\t<fill>
//! trace_thread ... / event ...                 (EXPLORE_TRACE=1: what ran so far)
//! end
//! ```
//!
//! `next` is what the thread is about to do ([`Next`]); `target` is the
//! channel, lock or thread it names. The runner asks the learner and runs
//! again with one more choice: each run is a few milliseconds.

use std::fmt::Write as _;

use crate::Trace;
use crate::text::{capacity_field, field, line_field, parse_capacity, parse_line_field};

/// The choices to follow, comma-separated task indexes; empty asks for the
/// first point at once.
pub const CHOICES: &str = "EXPLORE_CHOICES";

/// The choices the environment gives ([`CHOICES`]), if it gives any.
pub fn choices_from_env(
    var: impl Fn(&str) -> Option<String>,
) -> Result<Option<Vec<usize>>, String> {
    match var(CHOICES) {
        None => Ok(None),
        Some(text) => parse_choices(&text)
            .map(Some)
            .ok_or_else(|| format!("{CHOICES}=`{text}` is not a list of thread numbers")),
    }
}

/// `0,1,1,0x5`: the setting's value, and what a replay command shows. A run
/// of three or more of the same thread is written `thread x count`, so a
/// schedule of a hundred choices stays a short line.
pub fn choices_text(choices: &[usize]) -> String {
    let mut parts = Vec::new();
    let mut rest = choices;
    while let Some(&first) = rest.first() {
        let run = rest.iter().take_while(|&&c| c == first).count();
        if run >= 3 {
            parts.push(format!("{first}x{run}"));
        } else {
            parts.extend(std::iter::repeat_n(first.to_string(), run));
        }
        rest = &rest[run..];
    }
    parts.join(",")
}

/// Reads `0,1,1,0x5` (spaces and a trailing newline allowed); `None` if garbled.
pub fn parse_choices(text: &str) -> Option<Vec<usize>> {
    let mut choices = Vec::new();
    for part in text.split(|c: char| c == ',' || c.is_whitespace()) {
        match part.split_once('x') {
            _ if part.is_empty() => {}
            Some((thread, count)) => {
                let thread: usize = thread.parse().ok()?;
                let count: usize = count.parse().ok()?;
                choices.extend(std::iter::repeat_n(thread, count));
            }
            None => choices.push(part.parse().ok()?),
        }
    }
    Some(choices)
}

/// What a thread is about to do at a choice point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// A channel operation (`send`, `recv`, ...) on the channel `target`.
    Channel(crate::Op),
    /// Take the lock `target`.
    Lock,
    /// Wait for the thread `target` to end.
    Join,
    /// Spawn a thread.
    Spawn,
    Print,
    Sleep,
    /// Not started yet.
    Start,
    /// Something the explorer does not label: dropping a value, ending.
    Other,
}

impl Next {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Channel(op) => op.as_str(),
            Self::Lock => "lock",
            Self::Join => "join",
            Self::Spawn => "spawn",
            Self::Print => "print",
            Self::Sleep => "sleep",
            Self::Start => "start",
            Self::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        crate::Op::parse(text).map(Self::Channel).or(match text {
            "lock" => Some(Self::Lock),
            "join" => Some(Self::Join),
            "spawn" => Some(Self::Spawn),
            "print" => Some(Self::Print),
            "sleep" => Some(Self::Sleep),
            "start" => Some(Self::Start),
            "other" => Some(Self::Other),
            _ => None,
        })
    }
}

/// One thread at a choice point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceThread {
    /// Shuttle's task index: what a choice names.
    pub task: usize,
    pub name: String,
    /// It may run now; otherwise it waits (blocked).
    pub runnable: bool,
    pub next: Next,
    /// The channel, lock or thread `next` names.
    pub target: Option<usize>,
    /// The line of the learner's file it is at.
    pub at: Option<u32>,
}

/// One channel at a choice point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceChannel {
    pub channel: usize,
    pub made_at: Option<u32>,
    pub capacity: Option<usize>,
    /// Messages in its buffer now.
    pub fill: usize,
}

/// Where a stepped execution stopped to ask which thread goes next.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChoicePoint {
    /// Choices followed before it.
    pub index: usize,
    /// Every thread not finished, in task order.
    pub threads: Vec<ChoiceThread>,
    pub channels: Vec<ChoiceChannel>,
    /// What ran so far, when the trace was asked for.
    pub trace: Option<Trace>,
}

impl ChoicePoint {
    /// Task indexes of the threads that may run now.
    pub fn runnable(&self) -> Vec<usize> {
        self.threads
            .iter()
            .filter(|t| t.runnable)
            .map(|t| t.task)
            .collect()
    }

    /// `choice ...` to `end`.
    pub fn text(&self) -> String {
        let mut text = format!("choice {}\n", self.index);
        for t in &self.threads {
            let _ = writeln!(
                text,
                "choice_thread {}\t{}\t{}\t{}\t{}\t{}",
                t.task,
                field(&t.name),
                if t.runnable { "runnable" } else { "waiting" },
                t.next.as_str(),
                t.target.map_or("-".to_string(), |x| x.to_string()),
                line_field(t.at)
            );
        }
        for c in &self.channels {
            let _ = writeln!(
                text,
                "choice_channel {}\t{}\t{}\t{}",
                c.channel,
                line_field(c.made_at),
                capacity_field(c.capacity),
                c.fill
            );
        }
        if let Some(trace) = &self.trace {
            text.push_str(&trace.text());
        }
        text.push_str("end\n");
        text
    }

    /// Reads one `choice_` line into `self`.
    pub(crate) fn parse_line(&mut self, word: &str, rest: &str) -> Option<()> {
        let f: Vec<&str> = rest.split('\t').collect();
        let get = |i: usize| f.get(i).copied();
        match word {
            "choice_thread" => self.threads.push(ChoiceThread {
                task: get(0)?.parse().ok()?,
                name: get(1)?.to_string(),
                runnable: match get(2)? {
                    "runnable" => true,
                    "waiting" => false,
                    _ => return None,
                },
                next: Next::parse(get(3)?)?,
                target: match get(4)? {
                    "-" => None,
                    n => Some(n.parse().ok()?),
                },
                at: parse_line_field(get(5)?)?,
            }),
            "choice_channel" => self.channels.push(ChoiceChannel {
                channel: get(0)?.parse().ok()?,
                made_at: parse_line_field(get(1)?)?,
                capacity: parse_capacity(get(2)?)?,
                fill: get(3)?.parse().ok()?,
            }),
            _ => return None,
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Event, Op, OpResult, Report, TraceThread, What};

    fn point() -> ChoicePoint {
        ChoicePoint {
            index: 3,
            threads: vec![
                ChoiceThread {
                    task: 0,
                    name: "main".into(),
                    runnable: true,
                    next: Next::Channel(Op::Recv),
                    target: Some(0),
                    at: Some(31),
                },
                ChoiceThread {
                    task: 1,
                    name: "producer\tone".into(),
                    runnable: false,
                    next: Next::Channel(Op::Send),
                    target: Some(0),
                    at: Some(14),
                },
                ChoiceThread {
                    task: 2,
                    name: "thread 2".into(),
                    runnable: true,
                    next: Next::Start,
                    target: None,
                    at: None,
                },
            ],
            channels: vec![ChoiceChannel {
                channel: 0,
                made_at: Some(9),
                capacity: Some(1),
                fill: 1,
            }],
            trace: Some(Trace {
                threads: vec![TraceThread {
                    task: 0,
                    name: "main".into(),
                    spawned_at: None,
                }],
                events: vec![Event {
                    task: 1,
                    at: Some(14),
                    what: What::Channel {
                        op: Op::Send,
                        channel: 0,
                        result: OpResult::Ok,
                        blocked: false,
                        fill: 1,
                        message: Some(0),
                    },
                    called: None,
                }],
                ..Trace::default()
            }),
        }
    }

    #[test]
    fn a_choice_point_is_read_back() {
        let point = point();
        let report = Report::parse(&point.text()).unwrap();
        let mut expected = point.clone();
        expected.threads[1].name = "producer one".into();
        assert_eq!(report.choice, Some(expected));
        assert!(report.schedules.is_empty());
        assert_eq!(report.choice.unwrap().runnable(), vec![0, 2]);
    }

    #[test]
    fn a_choice_point_cut_short_is_no_choice_point() {
        let text = point().text();
        let cut = &text[..text.len() - "end\n".len()];
        assert_eq!(Report::parse(cut).unwrap().choice, None);
        let garbled = text.replace("runnable", "maybe");
        assert!(Report::parse(&garbled).is_err());
    }

    #[test]
    fn choices_survive_the_environment() {
        let text = choices_text(&[0, 1, 1, 0]);
        assert_eq!(text, "0,1,1,0");
        let var = |name: &str| (name == CHOICES).then(|| text.clone());
        assert_eq!(choices_from_env(var), Ok(Some(vec![0, 1, 1, 0])));
        assert_eq!(choices_from_env(|_| None), Ok(None));
        assert_eq!(parse_choices(""), Some(vec![]));
        assert_eq!(parse_choices("0, 1\n"), Some(vec![0, 1]));
        assert!(choices_from_env(|_| Some("0,x".into())).is_err());
    }

    #[test]
    fn long_runs_of_one_thread_are_written_short_and_read_back() {
        let choices = [
            0, 0, 0, 0, 1, 1, 0, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        let text = choices_text(&choices);
        assert_eq!(text, "0x4,1,1,0,2x3,0x12");
        assert_eq!(parse_choices(&text), Some(choices.to_vec()));
        assert_eq!(parse_choices("1x0,2"), Some(vec![2]));
        for garbled in ["1x", "x3", "1x2x3", "1xa"] {
            assert_eq!(parse_choices(garbled), None, "{garbled}");
        }
    }
}
