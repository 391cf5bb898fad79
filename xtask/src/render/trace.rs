//! One schedule drawn for a terminal of 80 columns: a lane per thread, time
//! going down, each channel's fill at the right, the program's lines in the
//! lane of the thread that printed them, and the event that broke a check
//! marked with the fact it broke. More than three threads do not fit side by
//! side; then each event is one line naming its thread.

use std::collections::BTreeMap;

use colored::Colorize;
use explore_protocol::{Locked, Op, OpResult, Trace, What};

use crate::core::explore::Wait;
use crate::core::judge::explore_stage::Problem;
use crate::core::judge::trace::Traced;

/// Columns the view fits in.
pub const WIDTH: usize = 80;
/// Lanes side by side at most; more threads get the compact layout.
const MAX_LANES: usize = 3;
/// The line-number column (`L27 `) and the fill column.
const LINE_COLUMN: usize = 4;
const FILL_COLUMN: usize = 12;

/// `A`, `B`, ...: a channel by its place in order of creation.
pub fn channel_letter(index: usize) -> String {
    let letters = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    match letters.get(index) {
        Some(&l) => (l as char).to_string(),
        None => format!("C{index}"),
    }
}

/// `main`, `T1`, `T2`: a thread by its task number.
pub fn thread_short(task: usize) -> String {
    if task == 0 {
        "main".to_string()
    } else {
        format!("T{task}")
    }
}

/// One event in a few words, without its thread.
pub fn describe(what: &What) -> String {
    let ch = channel_letter;
    match what {
        What::Channel {
            op,
            channel,
            result,
            message,
            ..
        } => {
            let c = ch(*channel);
            let n = message.map(|m| format!("#{m}")).unwrap_or_default();
            match (op, result) {
                (Op::Send | Op::TrySend, OpResult::Ok) => format!("{c}.{}({n}) ok", op.as_str()),
                (_, OpResult::Ok) => format!("{c}.{}() → {n}", op.as_str()),
                (Op::Send | Op::TrySend, OpResult::Disconnected) => {
                    format!("{c}.{}() → no receiver", op.as_str())
                }
                (Op::Iter, OpResult::Disconnected) => format!("{c}.iter() → closed, loop ends"),
                (_, OpResult::Disconnected) => format!("{c}.{}() → closed", op.as_str()),
                (_, OpResult::Full) => format!("{c}.{}() → full", op.as_str()),
                (_, OpResult::Empty) => format!("{c}.{}() → empty", op.as_str()),
            }
        }
        What::Spawn { task } => format!("spawns {}", thread_short(*task)),
        What::Join { task, panicked, .. } => format!(
            "join {} → {}",
            thread_short(*task),
            if *panicked { "panicked" } else { "ok" }
        ),
        What::SenderDropped {
            channel,
            senders_left: 0,
        } => format!("drops last Sender: {} closed", ch(*channel)),
        What::SenderDropped {
            channel,
            senders_left,
        } => format!("drops a Sender of {} ({senders_left} left)", ch(*channel)),
        What::ReceiverDropped { channel } => format!("drops {}'s Receiver", ch(*channel)),
        What::Lock {
            lock,
            try_lock,
            result,
            ..
        } => {
            let call = if *try_lock { "try_lock" } else { "lock" };
            let how = match result {
                Locked::Ok => "ok",
                Locked::Poisoned => "poisoned",
                Locked::WouldBlock => "would block",
            };
            format!("M{}.{call}() {how}", lock + 1)
        }
        What::Unlock { lock } => format!("M{} unlocked", lock + 1),
        What::Print { text } => format!("\"{}\"", text.trim_end_matches('\n')),
        What::Sleep => "sleep".to_string(),
        What::Panicked => "panics".to_string(),
        What::Finished => "ends".to_string(),
    }
    .replace('\t', " ")
    .chars()
    .filter(|c| !c.is_control())
    .collect()
}

/// Did this event wait for another thread?
fn blocked(what: &What) -> bool {
    match what {
        What::Channel { blocked, .. } | What::Join { blocked, .. } | What::Lock { blocked, .. } => {
            *blocked
        }
        _ => false,
    }
}

/// The event of another thread that let a blocked one go on: the last one
/// before it on the same channel, the joined thread's end, the unlock.
pub fn released_by(trace: &Trace, index: usize) -> Option<usize> {
    let event = &trace.events[index];
    let before = trace.events[..index].iter().enumerate().rev();
    let mut others = before.filter(|(_, e)| e.task != event.task);
    match &event.what {
        What::Channel { channel, .. } => others
            .find(|(_, e)| match &e.what {
                What::Channel { channel: c, .. } | What::SenderDropped { channel: c, .. } => {
                    c == channel
                }
                What::ReceiverDropped { channel: c } => c == channel,
                _ => false,
            })
            .map(|(i, _)| i),
        What::Join { task, .. } => others
            .find(|(_, e)| e.task == *task && matches!(e.what, What::Finished | What::Panicked))
            .map(|(i, _)| i),
        What::Lock { lock, .. } => others
            .find(|(_, e)| matches!(&e.what, What::Unlock { lock: l } if l == lock))
            .map(|(i, _)| i),
        _ => None,
    }
}

/// A buffer's fill as boxes and numbers: `■■□ 2/3`, `■■■ 3` (unbounded).
pub fn fill_text(capacity: Option<usize>, fill: usize) -> String {
    const BOXES: usize = 6;
    match capacity {
        Some(0) => "0/0".to_string(),
        Some(k) if k <= BOXES => format!(
            "{}{} {fill}/{k}",
            "■".repeat(fill),
            "□".repeat(k - fill.min(k))
        ),
        Some(k) => format!("{} {fill}/{k}", "■".repeat(fill.min(BOXES))),
        None => format!("{} {fill}", "■".repeat(fill.min(BOXES))),
    }
}

/// The channel column after an event, if it changed a channel.
fn fill_after(trace: &Trace, what: &What) -> Option<String> {
    match what {
        What::Channel { channel, fill, .. } => {
            let capacity = trace.channels.get(*channel).and_then(|c| c.capacity);
            Some(format!(
                "{} {}",
                channel_letter(*channel),
                fill_text(capacity, *fill)
            ))
        }
        What::SenderDropped {
            channel,
            senders_left: 0,
        } => Some(format!("{} closed", channel_letter(*channel))),
        _ => None,
    }
}

fn fit(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count <= width {
        format!("{text}{}", " ".repeat(width - count))
    } else {
        let cut: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let last = lines.last_mut().expect("one line");
        if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > width {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines
}

/// The heading: kata, seed (or the learner's own schedule and how to replay
/// it), verdict on this schedule, the channels and threads.
fn heading(traced: &Traced) -> Vec<String> {
    let trace = &traced.trace;
    let verdict = match &traced.finding {
        None => "passes the check".green().to_string(),
        Some(f) => match f.problem {
            Problem::Deadlock { .. } => "deadlocks".red().bold().to_string(),
            Problem::Endless => "never ends".red().bold().to_string(),
            _ => "breaks the check".red().bold().to_string(),
        },
    };
    let which = match &traced.stepped {
        Some(_) => "your own schedule".to_string(),
        None => format!("seed {}", traced.seed),
    };
    let mut out = vec![format!("{} · {which} · {}", traced.kata.bold(), verdict)];
    let params: Vec<String> = traced
        .params
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    out.push(
        format!(
            "{}{}",
            traced.source.display(),
            if params.is_empty() {
                String::new()
            } else {
                format!(" · {}", params.join(" "))
            }
        )
        .dimmed()
        .to_string(),
    );
    if let Some(command) = &traced.stepped {
        // One line however long: a command is copied whole.
        out.push(format!("replay it: {command}").dimmed().to_string());
    }
    for (i, c) in trace.channels.iter().enumerate() {
        let kind = match c.capacity {
            None => "channel()".to_string(),
            Some(k) => format!("sync_channel({k})"),
        };
        out.push(format!(
            "  {} = {kind}, line {}",
            channel_letter(i).cyan().bold(),
            c.made_at.map_or("-".into(), |l| l.to_string())
        ));
    }
    for (i, l) in trace.locks.iter().enumerate() {
        out.push(format!(
            "  M{} = Mutex, line {}",
            i + 1,
            l.made_at.map_or("-".into(), |l| l.to_string())
        ));
    }
    for t in trace.threads.iter().filter(|t| t.task != 0) {
        out.push(format!(
            "  {} = {}, spawned line {}",
            thread_short(t.task).bold(),
            t.name,
            t.spawned_at.map_or("-".into(), |l| l.to_string())
        ));
    }
    out
}

/// One row: the cells of each lane (or of the one lane in compact form).
struct Row {
    line: Option<u32>,
    cells: BTreeMap<usize, String>,
    /// Marks as they are drawn: the lane the cell is in, styled.
    style: BTreeMap<usize, Style>,
    fill: Option<String>,
    marks: Vec<String>,
}

#[derive(Clone, Copy)]
enum Style {
    Plain,
    Print,
    Waiting,
    Released,
    Broken,
}

fn paint(text: String, style: Style) -> String {
    match style {
        Style::Plain => text,
        Style::Print => text.green().to_string(),
        Style::Waiting => text.yellow().to_string(),
        Style::Released => text.yellow().bold().to_string(),
        Style::Broken => text.red().bold().to_string(),
    }
}

/// The tasks in lane order.
fn tasks(trace: &Trace) -> Vec<usize> {
    let mut tasks: Vec<usize> = trace.threads.iter().map(|t| t.task).collect();
    for e in &trace.events {
        if !tasks.contains(&e.task) {
            tasks.push(e.task);
        }
    }
    if !tasks.contains(&0) {
        tasks.insert(0, 0);
    }
    tasks.sort_unstable();
    tasks
}

/// Builds the rows: one per event, a waiting mark where a blocked operation
/// began, and the threads still blocked at a deadlock.
fn rows(traced: &Traced) -> Vec<Row> {
    let trace = &traced.trace;
    let mut rows: Vec<Row> = Vec::new();
    let mut last_row: BTreeMap<usize, usize> = BTreeMap::new();
    let mut row_of_event = Vec::new();
    for (i, e) in trace.events.iter().enumerate() {
        let mut text = describe(&e.what);
        let mut style = match e.what {
            What::Print { .. } => Style::Print,
            _ => Style::Plain,
        };
        if blocked(&e.what) {
            let start = last_row.get(&e.task).map_or(0, |r| r + 1);
            // Another thread ran in between; it waited only if the channel
            // left it no choice when it got there.
            let really = start < rows.len() && had_to_wait(trace, start, &e.what);
            if start < rows.len() && !really {
                rows[start]
                    .cells
                    .insert(e.task, "┄ (another thread ran)".to_string());
                rows[start].style.insert(e.task, Style::Plain);
                for row in &mut rows[start + 1..] {
                    row.cells.insert(e.task, "┆".to_string());
                    row.style.insert(e.task, Style::Plain);
                }
            }
            if really {
                rows[start]
                    .cells
                    .insert(e.task, format!("┄ waits: {}", waiting_for(&e.what)));
                rows[start].style.insert(e.task, Style::Waiting);
                for row in &mut rows[start + 1..] {
                    row.cells.insert(e.task, "┆".to_string());
                    row.style.insert(e.task, Style::Waiting);
                }
                let by = released_by(trace, i)
                    .map(|r| thread_short(trace.events[r].task))
                    .unwrap_or_else(|| "another thread".into());
                text = format!("↳ {text} (let go by {by})");
                style = Style::Released;
            }
        }
        let marks: Vec<String> = traced
            .marks
            .iter()
            .filter(|m| m.event == i)
            .map(|m| m.fact.clone())
            .collect();
        if !marks.is_empty() {
            text = format!("✗ {text}");
            style = Style::Broken;
        }
        let mut row = Row {
            line: e.at,
            cells: BTreeMap::new(),
            style: BTreeMap::new(),
            fill: fill_after(trace, &e.what),
            marks,
        };
        row.cells.insert(e.task, text);
        row.style.insert(e.task, style);
        last_row.insert(e.task, rows.len());
        row_of_event.push(rows.len());
        rows.push(row);
    }
    if let Some(f) = &traced.finding
        && let Problem::Deadlock { blocked, .. } = &f.problem
    {
        for b in blocked {
            let task = trace
                .threads
                .iter()
                .find(|t| t.name == b.name)
                .map_or(0, |t| t.task);
            let (at, what) = match &b.wait {
                Wait::Recv { at, .. } => (*at, "recv".to_string()),
                Wait::Send { at, .. } => (*at, "send".to_string()),
                Wait::Join { at, thread } => (*at, format!("join {thread}")),
                Wait::Other => (None, "a lock".to_string()),
            };
            let mut row = Row {
                line: at,
                cells: BTreeMap::new(),
                style: BTreeMap::new(),
                fill: None,
                marks: Vec::new(),
            };
            row.cells.insert(task, format!("┄ {what}: waits forever"));
            row.style.insert(task, Style::Broken);
            rows.push(row);
        }
    }
    let end: Vec<String> = traced
        .marks
        .iter()
        .filter(|m| m.event >= trace.events.len())
        .map(|m| m.fact.clone())
        .collect();
    if !end.is_empty() {
        rows.push(Row {
            line: None,
            cells: BTreeMap::new(),
            style: BTreeMap::new(),
            fill: None,
            marks: end,
        });
    }
    rows
}

/// Whether the operation `what` had to wait when its thread reached it,
/// right after the event of row `start - 1` (one row per event until the
/// deadlock rows): a receive on an empty channel, a send on a full one (a
/// rendezvous always waits), a join, a lock.
pub fn had_to_wait(trace: &Trace, start: usize, what: &What) -> bool {
    match what {
        What::Channel { op, channel, .. } => {
            let fill = trace.events[..start.min(trace.events.len())]
                .iter()
                .rev()
                .find_map(|e| match e.what {
                    What::Channel {
                        channel: c, fill, ..
                    } if c == *channel => Some(fill),
                    _ => None,
                })
                .unwrap_or(0);
            let capacity = trace.channels.get(*channel).and_then(|c| c.capacity);
            if op.is_send() {
                capacity.is_some_and(|k| fill >= k)
            } else {
                fill == 0
            }
        }
        _ => true,
    }
}

/// What a blocked operation waits for, in a few words.
fn waiting_for(what: &What) -> String {
    match what {
        What::Channel { op, channel, .. } if op.is_send() => {
            format!("{}.{}, full", channel_letter(*channel), op.as_str())
        }
        What::Channel { op, channel, .. } => {
            format!("{}.{}, empty", channel_letter(*channel), op.as_str())
        }
        What::Join { task, .. } => format!("join {}", thread_short(*task)),
        What::Lock { lock, .. } => format!("M{}.lock", lock + 1),
        _ => "…".to_string(),
    }
}

/// The whole view, as lines (coloured when colour is on).
pub fn lines(traced: &Traced) -> Vec<String> {
    let trace = &traced.trace;
    let mut out = heading(traced);
    out.push(String::new());
    let tasks = tasks(trace);
    let lanes = tasks.len() <= MAX_LANES;
    let lane_width = if lanes {
        (WIDTH - LINE_COLUMN - FILL_COLUMN) / tasks.len().max(1) - 1
    } else {
        WIDTH - LINE_COLUMN - FILL_COLUMN - 6
    };
    let fill_header = if trace.channels.is_empty() {
        String::new()
    } else {
        "fill".to_string()
    };
    if lanes {
        let mut header = " ".repeat(LINE_COLUMN);
        let mut rule = " ".repeat(LINE_COLUMN);
        for &t in &tasks {
            let name = match trace.threads.iter().find(|th| th.task == t) {
                Some(th) if t != 0 => format!(
                    "{} (line {})",
                    thread_short(t),
                    th.spawned_at.map_or("-".into(), |l| l.to_string())
                ),
                _ => thread_short(t),
            };
            header.push_str(&fit(&name, lane_width));
            header.push(' ');
            rule.push_str(&"─".repeat(lane_width - 1));
            rule.push_str("  ");
        }
        out.push(format!("{}{}", header.bold(), fill_header.bold()));
        out.push(
            format!("{rule}{}", "─".repeat(FILL_COLUMN - 1))
                .dimmed()
                .to_string(),
        );
    } else {
        out.push(
            format!(
                "{}{}",
                fit("line thread  event", WIDTH - FILL_COLUMN),
                fill_header
            )
            .bold()
            .to_string(),
        );
    }
    for row in rows(traced) {
        let line = fit(
            &row.line.map_or(String::new(), |l| format!("L{l}")),
            LINE_COLUMN,
        )
        .dimmed()
        .to_string();
        let mut text = line;
        if lanes {
            for &t in &tasks {
                let cell = row.cells.get(&t).cloned().unwrap_or_default();
                let style = row.style.get(&t).copied().unwrap_or(Style::Plain);
                text.push_str(&paint(fit(&cell, lane_width), style));
                text.push(' ');
            }
        } else if let Some((&t, cell)) = row
            .cells
            .iter()
            .find(|(_, c)| !c.starts_with('┆'))
            .or_else(|| row.cells.iter().next())
        {
            let style = row.style.get(&t).copied().unwrap_or(Style::Plain);
            text.push_str(&fit(&thread_short(t), 6).bold().to_string());
            text.push_str(&paint(fit(cell, lane_width), style));
        } else {
            text.push_str(&" ".repeat(6 + lane_width));
        }
        if let Some(fill) = &row.fill {
            text.push_str(&fill.cyan().to_string());
        }
        out.push(text.trim_end().to_string());
        for fact in &row.marks {
            for (i, l) in wrap(fact, WIDTH - LINE_COLUMN - 2).into_iter().enumerate() {
                let lead = if i == 0 { "✗ " } else { "  " };
                out.push(format!(
                    "{}{}",
                    " ".repeat(LINE_COLUMN),
                    format!("{lead}{l}").red()
                ));
            }
        }
    }
    out
}

/// Prints the view.
pub fn print(traced: &Traced) {
    for line in lines(traced) {
        println!("{line}");
    }
}
