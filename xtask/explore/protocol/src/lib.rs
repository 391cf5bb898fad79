//! What the runner and the explorer tell each other, written once for both.
//!
//! The runner starts an explorer (a kata program compiled against the
//! `explore` library) the way it starts a kata, with its settings in the
//! environment ([`Settings::to_env`], read back by [`Settings::from_env`]).
//! The explorer writes what it saw to the file [`REPORT`] names, one
//! schedule per distinct outcome, in this line format:
//!
//! ```text
//! schedule <seed>
//! outcome finished|exit_error|panicked|deadlock|endless
//! finished_threads <n>                                         (deadlock only)
//! thread <name>\t<spawned at>\t<recv|send|join|blocked>\t...   (deadlock only)
//! stdout <line>
//! stderr <line>
//! obs_channel <channel>\t<made at>\t<capacity>\t<sends ok>\t<receives ok>\t<max fill|->
//! obs_send_error <channel>\t<thread>\t<at>\t<send|try_send>\t<full|disconnected>\t<stopped|kept_sending>
//! obs_recv_end <channel>\t<thread>\t<at>\t<recv|try_recv|iter|try_iter>\t<empty|disconnected>
//! obs_held <thread>\t<lock made at>\t<acquired at>\t<send|try_send|recv|...|print|join|sleep|lock>\t<at>
//! obs_panicked <thread>
//! obs_op <channel>\t<thread>\t<at>\t<op>\t<ok|full|empty|disconnected>\t<times|->
//! obs_select <thread>\t<at>\t<channel,channel,...|->                (real runs only)
//! obs_timed_wait <channel>\t<thread>\t<last op>\t<at>\t<result>\t<op after disconnected|->\t<at|->
//! trace_thread <task>\t<name>\t<spawned at>                 (EXPLORE_TRACE=1 only)
//! trace_channel <channel>\t<made at>\t<capacity>
//! trace_lock <lock>\t<made at>
//! event <task>\t<at>\t<what>\t...                          (see [`What`])
//! end
//! ...
//! bounded <seed> <preemptions> <choices>                      (bounded search only)
//! ...
//! explored <executions>
//! count <seed> <executions with that outcome>
//! bound <k> <schedules>                                       (bounded search only)
//! ```
//!
//! A bounded search ([`Scheduler::Bounded`]) follows each new outcome with
//! its `bounded` line (the choices that replay it, see [`CHOICES`]), and
//! ends with `bound` when it ran every schedule with at most `k` preemptions.
//!
//! The `obs_` lines ([`Observations`]) summarise what the channels and locks
//! did; they are part of the outcome, so they hold sets and totals that a
//! correct program repeats on every schedule, never timings. The `trace_` and
//! `event` lines ([`Trace`]) are the whole log, for viewing one seed; they
//! follow the outcome and are not part of it. `-` is a line the learner's
//! file does not have; a capacity is `unbounded` or the `k` of
//! `sync_channel(k)`. An event's blocked field is `-`, `blocked`, or
//! `blocked@N` when the operation was called after the log's first `N`
//! events ([`Event::called`]).
//!
//! A stepped run ([`CHOICES`]) writes, instead of a schedule, the point
//! where it stopped to ask which thread goes next (`choice` ... `end`, see
//! [`ChoicePoint`]), or the one schedule the choices made.
//!
//! [`Report::parse`] reads it back. A report cut short (the explorer stopped
//! at its time limit) still gives every schedule written whole.

mod api;
mod choice;
mod observations;
mod record;
mod report;
mod settings;
mod text;
mod trace;

pub use choice::{
    CHOICES, ChoiceChannel, ChoicePoint, ChoiceThread, Next, choices_from_env, choices_text,
    parse_choices,
};
pub use observations::{
    ChannelSummary, HeldWhile, LockSite, Observations, OpSite, PlainReceive, RecvEnd, SelectSite,
    SendFailure, TimedWait,
};
pub use record::{
    EARLY_TIMEOUT_MAX_MS, EARLY_TIMEOUTS, RECORD, RECORD_BOUND, RECORD_CUT, RECORD_CUT_ROOM,
    RECORD_SOURCE, RECORD_TIMEOUTS, channel_line, event_line, lock_line, read_record, record_cut,
    record_cut_line, thread_line,
};
pub use report::{
    BlockedThread, Bounded, Channel, Ending, Report, Schedule, Wait, bound_text, bounded_text,
    schedule_text, summary_text,
};
pub use settings::*;
pub use trace::{
    Action, Event, Locked, Op, OpResult, Trace, TraceChannel, TraceLock, TraceThread, What,
};

#[cfg(test)]
mod tests;
