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
use crate::core::judge::trace::{Traced, released_by, tasks, wait_starts};

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
                (Op::SelectRecv, OpResult::Ok) => format!("select! {c}.recv() → {n}"),
                (Op::SelectRecv, OpResult::Disconnected) => format!("select! {c}.recv() → closed"),
                (Op::SelectSend, OpResult::Ok) => format!("select! {c}.send({n}) ok"),
                (Op::SelectSend, _) => format!("select! {c}.send() → no receiver"),
                (Op::Send | Op::TrySend, OpResult::Ok) => format!("{c}.{}({n}) ok", op.as_str()),
                (_, OpResult::Ok) => format!("{c}.{}() → {n}", op.as_str()),
                (Op::Send | Op::TrySend, OpResult::Disconnected) => {
                    format!("{c}.{}() → no receiver", op.as_str())
                }
                (Op::Iter, OpResult::Disconnected) => format!("{c}.iter() → closed, loop ends"),
                (_, OpResult::Disconnected) => format!("{c}.{}() → closed", op.as_str()),
                (_, OpResult::Full) => format!("{c}.{}() → full", op.as_str()),
                (_, OpResult::Empty) => format!("{c}.{}() → empty", op.as_str()),
                (_, OpResult::Timeout) => format!("{c}.{}() → timed out", op.as_str()),
            }
        }
        // Logged before the child exists: a choice point can fall between.
        What::Spawn { task: usize::MAX } => "spawns a thread".to_string(),
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
        What::Select { channels } => format!(
            "select! waits on {}",
            channels
                .iter()
                .map(|c| ch(*c))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
    .replace('\t', " ")
    .chars()
    .filter(|c| !c.is_control())
    .collect()
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
        Some(_) if traced.scheduler == crate::core::explore::Scheduler::Bounded => {
            "a schedule with the fewest preemptions".to_string()
        }
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

/// Builds the rows, one event each, so that a row's line is its event's: a
/// row where a blocked operation began to wait (at the operation's line),
/// one per event, and the threads still blocked at a deadlock.
fn rows(traced: &Traced) -> Vec<Row> {
    let trace = &traced.trace;
    let starts = wait_starts(trace);
    // Waits beginning before each event: (event that ends it).
    let mut begins: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (&end, &start) in &starts {
        begins.entry(start).or_default().push(end);
    }
    let mut rows: Vec<Row> = Vec::new();
    // Lanes waiting now.
    let mut waiting: BTreeMap<usize, usize> = BTreeMap::new();
    let blank = |line: Option<u32>| Row {
        line,
        cells: BTreeMap::new(),
        style: BTreeMap::new(),
        fill: None,
        marks: Vec::new(),
    };
    let waiting_marks = |row: &mut Row, waiting: &BTreeMap<usize, usize>| {
        for &task in waiting.keys() {
            row.cells.entry(task).or_insert_with(|| "┆".to_string());
            row.style.entry(task).or_insert(Style::Waiting);
        }
    };
    for (i, e) in trace.events.iter().enumerate() {
        for &end in begins.get(&i).into_iter().flatten() {
            let ended = &trace.events[end];
            let mut row = blank(ended.at);
            waiting_marks(&mut row, &waiting);
            row.cells
                .insert(ended.task, format!("┄ waits: {}", waiting_for(&ended.what)));
            row.style.insert(ended.task, Style::Waiting);
            waiting.insert(ended.task, end);
            rows.push(row);
        }
        let mut text = describe(&e.what);
        let mut style = match e.what {
            What::Print { .. } => Style::Print,
            _ => Style::Plain,
        };
        if starts.contains_key(&i) {
            waiting.remove(&e.task);
            let by = released_by(trace, i)
                .map(|r| thread_short(trace.events[r].task))
                .unwrap_or_else(|| "another thread".into());
            text = format!("↳ {text} (let go by {by})");
            style = Style::Released;
        }
        let marks: Vec<String> = traced
            .marks
            .iter()
            .filter(|m| m.event == i)
            .map(|m| crate::render::broke::broke(&m.broke))
            .collect();
        if !marks.is_empty() {
            text = format!("✗ {text}");
            style = Style::Broken;
        }
        let mut row = blank(e.at);
        row.fill = fill_after(trace, &e.what);
        row.marks = marks;
        row.cells.insert(e.task, text);
        row.style.insert(e.task, style);
        waiting_marks(&mut row, &waiting);
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
            let mut row = blank(at);
            row.cells.insert(task, format!("┄ {what}: waits forever"));
            row.style.insert(task, Style::Broken);
            rows.push(row);
        }
    }
    let end: Vec<String> = traced
        .marks
        .iter()
        .filter(|m| m.event >= trace.events.len())
        .map(|m| crate::render::broke::broke(&m.broke))
        .collect();
    if !end.is_empty() {
        let mut row = blank(None);
        row.marks = end;
        rows.push(row);
    }
    rows
}

/// What a blocked operation waits for, in a few words.
pub fn waiting_for(what: &What) -> String {
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
    let mut out = lines_before_rows(traced);
    out.extend(row_lines(traced, &rows(traced)).into_iter().flatten());
    out
}

/// Lanes side by side (or the compact layout), and a lane's width.
fn layout(trace: &Trace) -> (Vec<usize>, bool, usize) {
    let tasks = tasks(trace);
    let lanes = tasks.len() <= MAX_LANES;
    let lane_width = if lanes {
        (WIDTH - LINE_COLUMN - FILL_COLUMN) / tasks.len().max(1) - 1
    } else {
        WIDTH - LINE_COLUMN - FILL_COLUMN - 6
    };
    (tasks, lanes, lane_width)
}

/// The heading and the lanes' header.
fn lines_before_rows(traced: &Traced) -> Vec<String> {
    let trace = &traced.trace;
    let mut out = heading(traced);
    out.push(String::new());
    let (tasks, lanes, lane_width) = layout(trace);
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
    out
}

/// Each row drawn, with the facts it broke under it.
fn row_lines(traced: &Traced, rows: &[Row]) -> Vec<Vec<String>> {
    let (tasks, lanes, lane_width) = layout(&traced.trace);
    let mut drawn = Vec::new();
    for row in rows {
        let mut out = Vec::new();
        let line = fit(
            &row.line.map_or(String::new(), |l| format!("L{l}")),
            LINE_COLUMN,
        )
        .dimmed()
        .to_string();
        let mut text = line;
        let mut continued: Vec<String> = Vec::new();
        if lanes {
            // A cell too long for its lane goes on under itself, in its lane:
            // an operation is never cut short.
            let parts: Vec<Vec<String>> = tasks
                .iter()
                .map(|t| wrap(row.cells.get(t).map_or("", String::as_str), lane_width))
                .collect();
            let height = parts.iter().map(Vec::len).max().unwrap_or(1);
            for (i, &t) in tasks.iter().enumerate() {
                let style = row.style.get(&t).copied().unwrap_or(Style::Plain);
                text.push_str(&paint(fit(&parts[i][0], lane_width), style));
                text.push(' ');
            }
            for line in 1..height {
                let mut more = " ".repeat(LINE_COLUMN);
                for (i, &t) in tasks.iter().enumerate() {
                    let style = row.style.get(&t).copied().unwrap_or(Style::Plain);
                    let part = parts[i].get(line).map_or("", String::as_str);
                    more.push_str(&paint(fit(part, lane_width), style));
                    more.push(' ');
                }
                continued.push(more.trim_end().to_string());
            }
        } else if let Some((&t, cell)) = row
            .cells
            .iter()
            .find(|(_, c)| !c.starts_with('┆'))
            .or_else(|| row.cells.iter().next())
        {
            let style = row.style.get(&t).copied().unwrap_or(Style::Plain);
            text.push_str(&fit(&thread_short(t), 6).bold().to_string());
            // A cell too long for the line goes on under itself, whole.
            let mut parts = wrap(cell, lane_width).into_iter();
            text.push_str(&paint(
                fit(&parts.next().unwrap_or_default(), lane_width),
                style,
            ));
            continued = parts
                .map(|part| format!("{}{}", " ".repeat(LINE_COLUMN + 6), paint(part, style)))
                .collect();
        } else {
            text.push_str(&" ".repeat(6 + lane_width));
        }
        if let Some(fill) = &row.fill {
            text.push_str(&fill.cyan().to_string());
        }
        out.push(text.trim_end().to_string());
        out.append(&mut continued);
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
        drawn.push(out);
    }
    drawn
}

/// Rows drawn at most before a view is shortened.
pub const LONG: usize = 160;
/// Rows kept at the start and the end of a shortened view, and on each side
/// of a marked row.
const KEEP_ENDS: usize = 25;
const KEEP_AROUND: usize = 30;

/// The rows a shortened view keeps, by index: every row when there are at
/// most [`LONG`]; else the first and last rows and those around each row
/// that breaks a check.
fn kept_rows(rows: &[Row]) -> Vec<bool> {
    let n = rows.len();
    if n <= LONG {
        return vec![true; n];
    }
    let mut keep = vec![false; n];
    for k in keep.iter_mut().take(KEEP_ENDS) {
        *k = true;
    }
    for k in keep.iter_mut().skip(n.saturating_sub(KEEP_ENDS)) {
        *k = true;
    }
    for (i, row) in rows.iter().enumerate() {
        let broken =
            !row.marks.is_empty() || row.style.values().any(|s| matches!(s, Style::Broken));
        if broken {
            let from = i.saturating_sub(KEEP_AROUND);
            let to = (i + KEEP_AROUND + 1).min(n);
            for k in &mut keep[from..to] {
                *k = true;
            }
        }
    }
    keep
}

/// The command that draws this seed's schedule whole.
fn whole_command(traced: &Traced) -> String {
    let params: String = traced
        .params
        .iter()
        .map(|(k, v)| format!(" --param {k}={v}"))
        .collect();
    let pct = if traced.scheduler == crate::core::explore::Scheduler::Pct {
        " --pct"
    } else {
        ""
    };
    format!(
        "cargo xtask trace {} --seed {}{pct}{params} --all",
        traced.kata, traced.seed
    )
}

/// The view as [`lines`] draws it, shortened when it is long (unless `all`):
/// each left-out stretch is one line that says how many rows it holds, and
/// the end says how to see them all.
pub fn shortened(traced: &Traced, all: bool) -> Vec<String> {
    let rows = rows(traced);
    // A schedule the learner stepped through is drawn whole: it was made
    // one choice at a time, and `step` has no other way to show it.
    let keep = if all || traced.stepped.is_some() {
        vec![true; rows.len()]
    } else {
        kept_rows(&rows)
    };
    let heading_lines = lines_before_rows(traced);
    let mut body = row_lines(traced, &rows);
    let mut out = heading_lines;
    let mut left_out = 0;
    let mut gap = 0;
    for (i, drawn) in body.drain(..).enumerate() {
        if keep[i] {
            if gap > 0 {
                out.push(gap_line(gap));
                gap = 0;
            }
            out.extend(drawn);
        } else {
            gap += 1;
            left_out += 1;
        }
    }
    if gap > 0 {
        out.push(gap_line(gap));
    }
    if left_out > 0 {
        let how = format!(
            "{left_out} of {} rows left out; every row: {}",
            rows.len(),
            whole_command(traced)
        );
        out.push(String::new());
        out.push(how.dimmed().to_string());
    }
    out
}

fn gap_line(rows: usize) -> String {
    format!(
        "{}{}",
        " ".repeat(LINE_COLUMN),
        format!("⋮ {rows} rows left out").dimmed()
    )
}

/// Said before the trace of the schedule the last check failed on.
pub fn replaying_last_failure(kata: &str) -> String {
    format!("The schedule your last check of `{kata}` failed on (`--fresh` draws a new one):\n\n")
}

/// The view as text, shortened when it is long unless `all`.
pub fn view(traced: &Traced, all: bool) -> String {
    let mut out = String::new();
    for line in shortened(traced, all) {
        say!(out, "{line}");
    }
    out
}
