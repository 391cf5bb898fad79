//! The record of one real run: what the channels did while the program ran
//! on real threads, not under the explorer.
//!
//! The recording `std` (`xtask/record`) appends one line per thing done to
//! the file [`RECORD`] names, as it happens, so that a run stopped at its
//! time limit, or ended by `process::exit`, leaves everything it did up to
//! then. The lines are the trace's (`trace_thread`, `trace_channel`,
//! `trace_lock`, `event`: see [`Trace`]), in the order the recorder took
//! them; [`read_record`] reads them back into a [`Trace`], whose
//! [`Trace::observations`] are what a check judges, as for a schedule.

use crate::text::{capacity_field, field, line_field};
use crate::trace::{parse_trace_line, what_fields};
use crate::{Event, Trace, TraceChannel, TraceLock, TraceThread};

/// The file a recording program appends its record to (no record without it).
pub const RECORD: &str = "KATA_RECORD";
/// How the recording `recv_timeout` meets an empty channel: without it,
/// as std's does; [`EARLY_TIMEOUTS`], the wait runs out on this run.
///
/// The runner sets it on one recorded run in two (`Workbook::judge_recorded`),
/// so that a program waiting with `recv_timeout` is judged both on a run as
/// a quiet machine gives it and on one where its waits run out, as on a
/// loaded machine. With it, a `recv_timeout` that finds its channel empty
/// when called waits out its whole time-out and returns `Timeout`, even if a
/// message comes meanwhile (for time-outs up to [`EARLY_TIMEOUT_MAX_MS`]),
/// and the first send after one on the channel waits (up to a second) until
/// a `recv_timeout` there has found the channel empty: the sender was slow.
/// Both are things a real run can do: a thread can be kept off the CPU for
/// longer than any time-out. See checks/README.md, (v).
pub const RECORD_TIMEOUTS: &str = "KATA_RECORD_TIMEOUTS";
/// The value of [`RECORD_TIMEOUTS`] that makes waits run out.
pub const EARLY_TIMEOUTS: &str = "early";
/// The longest time-out the recorder lets run out on an empty channel, in
/// milliseconds: a longer one waits as std's does, so that a run stays
/// within its time limit.
pub const EARLY_TIMEOUT_MAX_MS: u64 = 500;

/// The most bytes a record holds: a program that does channel operations
/// without end (a producer sending for nobody) would otherwise grow its
/// record past the file-size cap its run has (64 MiB), and be stopped for a
/// file it never wrote. Past this the recorder writes [`RECORD_CUT`] and
/// nothing more, and the run goes on to its own end or time limit.
pub const RECORD_BOUND: u64 = 16 << 20;
/// The line that ends a record cut at [`RECORD_BOUND`]: `record_cut <bytes
/// written before it>`. What the program did after it is not recorded.
pub const RECORD_CUT: &str = "record_cut";
/// Room kept under [`RECORD_BOUND`] for the [`RECORD_CUT`] line: a record
/// that is not cut never grows past `RECORD_BOUND - RECORD_CUT_ROOM` bytes.
pub const RECORD_CUT_ROOM: u64 = 64;

/// The [`RECORD_CUT`] line of a record cut after `written` bytes.
pub fn record_cut_line(written: u64) -> String {
    format!("{RECORD_CUT} {written}\n")
}

/// Where a record was cut ([`RECORD_CUT`]): the bytes written before it,
/// `None` for a whole record. A record longer than a whole one can be is
/// cut too, even if the run was stopped before its cut line was whole.
pub fn record_cut(text: &str) -> Option<u64> {
    let len = text.len() as u64;
    text.lines()
        .rev()
        .take(2)
        .find_map(|line| line.strip_prefix(RECORD_CUT)?.trim().parse().ok())
        .or_else(|| (len > RECORD_BOUND - RECORD_CUT_ROOM).then_some(len))
}

/// How the learner's file is named in locations (`file!()` of the program):
/// a location in any other file is not the learner's line.
pub const RECORD_SOURCE: &str = "KATA_RECORD_SOURCE";

/// The `trace_thread` line of a thread, as it starts.
pub fn thread_line(thread: &TraceThread) -> String {
    format!(
        "trace_thread {}\t{}\t{}\n",
        thread.task,
        field(&thread.name),
        line_field(thread.spawned_at)
    )
}

/// The `trace_channel` line of the channel made `index`-th.
pub fn channel_line(index: usize, channel: &TraceChannel) -> String {
    format!(
        "trace_channel {index}\t{}\t{}\n",
        line_field(channel.made_at),
        capacity_field(channel.capacity)
    )
}

/// The `trace_lock` line of the lock first used `index`-th.
pub fn lock_line(index: usize, lock: &TraceLock) -> String {
    format!("trace_lock {index}\t{}\n", line_field(lock.made_at))
}

/// The `event` line of one event.
pub fn event_line(event: &Event) -> String {
    format!(
        "event {}\t{}\t{}\n",
        event.task,
        line_field(event.at),
        what_fields(&event.what)
    )
}

/// Reads a record back. A last line without its newline was cut short (the
/// run was stopped while writing it) and is left out, as is a
/// [`RECORD_CUT`] line (see [`record_cut`]); any other line that does not
/// belong is an error.
pub fn read_record(text: &str) -> Result<Trace, String> {
    let complete = match text.rfind('\n') {
        Some(end) => &text[..end],
        None => "",
    };
    let mut trace = Trace::default();
    for line in complete.lines() {
        let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
        if word == RECORD_CUT {
            continue;
        }
        parse_trace_line(&mut trace, word, rest)
            .ok_or_else(|| format!("the record has an unexpected line: `{line}`"))?;
    }
    Ok(trace)
}
