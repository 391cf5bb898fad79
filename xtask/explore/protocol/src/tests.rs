//! Reading and writing a report, both ways.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use super::*;
use crate::text::split_at_byte;

#[test]
fn a_report_is_cut_into_lines_as_lines_cuts_it() {
    for text in ["a\nb", "a\n", "a\n\nb", "\n", "a\r\nb", "é\nx"] {
        let mut ours = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            let (line, after) = split_at_byte(rest, b'\n');
            ours.push(line.strip_suffix('\r').unwrap_or(line));
            rest = after;
        }
        assert_eq!(ours, text.lines().collect::<Vec<_>>(), "{text:?}");
    }
}

#[test]
fn a_word_is_split_off_as_split_once_splits_it() {
    for line in [
        "stdout recv 1 2",
        "end",
        "",
        " a",
        "a ",
        "é b",
        "thread\tx y",
    ] {
        assert_eq!(
            split_at_byte(line, b' '),
            line.split_once(' ').unwrap_or((line, ""))
        );
    }
}

fn deadlock() -> Schedule {
    let channel = |made_at, capacity| Channel {
        made_at: Some(made_at),
        capacity,
        senders: 1,
    };
    Schedule {
        seed: 7,
        ending: Ending::Deadlock,
        finished_threads: 2,
        blocked: vec![
            BlockedThread {
                name: "main".into(),
                spawned_at: None,
                wait: Wait::Recv {
                    at: Some(31),
                    channel: channel(22, None),
                },
            },
            BlockedThread {
                name: "worker".into(),
                spawned_at: Some(12),
                wait: Wait::Send {
                    at: Some(14),
                    channel: channel(9, Some(0)),
                },
            },
            BlockedThread {
                name: "thread 3".into(),
                spawned_at: Some(20),
                wait: Wait::Join {
                    at: Some(21),
                    thread: "worker".into(),
                },
            },
            BlockedThread {
                name: "thread 4".into(),
                spawned_at: None,
                wait: Wait::Other,
            },
        ],
        stdout: "recv 0 0\n\n".into(),
        stderr: "boom\n".into(),
        observations: Observations::default(),
        trace: None,
    }
}

/// A worker that takes a job from a locked receiver, prints while it
/// still holds the lock, then fails to send its result.
fn worker_trace() -> Trace {
    let event = |task, at, what| Event {
        task,
        at: Some(at),
        what,
        called: None,
    };
    let op = |op, channel, result, fill, message| What::Channel {
        op,
        channel,
        result,
        blocked: false,
        fill,
        message,
    };
    Trace {
        threads: vec![
            TraceThread {
                task: 0,
                name: "main".into(),
                spawned_at: None,
            },
            TraceThread {
                task: 1,
                name: "worker\tone".into(),
                spawned_at: Some(12),
            },
        ],
        channels: vec![
            TraceChannel {
                made_at: Some(5),
                capacity: Some(2),
            },
            TraceChannel {
                made_at: Some(6),
                capacity: None,
            },
        ],
        locks: vec![TraceLock { made_at: Some(7) }],
        events: vec![
            event(0, 12, What::Spawn { task: 1 }),
            event(0, 20, op(Op::Send, 0, OpResult::Ok, 1, Some(0))),
            event(0, 20, op(Op::Send, 0, OpResult::Ok, 2, Some(1))),
            event(
                1,
                14,
                What::Lock {
                    lock: 0,
                    try_lock: false,
                    result: Locked::Ok,
                    blocked: true,
                },
            ),
            event(1, 14, op(Op::Recv, 0, OpResult::Ok, 1, Some(0))),
            event(
                1,
                15,
                What::Print {
                    text: "got\t0 \\n\n".into(),
                },
            ),
            event(1, 16, What::Unlock { lock: 0 }),
            event(
                0,
                21,
                What::SenderDropped {
                    channel: 0,
                    senders_left: 0,
                },
            ),
            event(1, 17, op(Op::Send, 1, OpResult::Disconnected, 0, None)),
            event(1, 17, op(Op::Send, 1, OpResult::Disconnected, 0, None)),
            event(
                1,
                18,
                What::Select {
                    channels: vec![0, 1],
                },
            ),
            event(1, 18, op(Op::Iter, 0, OpResult::Ok, 0, Some(1))),
            event(1, 18, op(Op::Iter, 0, OpResult::Disconnected, 0, None)),
            event(1, 19, What::Panicked),
            event(1, 19, What::Finished),
            event(0, 22, What::ReceiverDropped { channel: 1 }),
            event(
                0,
                23,
                What::Join {
                    task: 1,
                    panicked: true,
                    blocked: false,
                },
            ),
            event(0, 24, What::Sleep),
        ],
    }
}

#[test]
fn the_log_is_summarised_into_what_checks_need() {
    let trace = worker_trace();
    let seen = trace.observations();
    let channel = |channel, made_at, capacity, sends_ok, receives_ok, max_fill| ChannelSummary {
        channel,
        made_at: Some(made_at),
        capacity,
        sends_ok,
        receives_ok,
        max_fill,
    };
    assert_eq!(
        seen.channels,
        [
            channel(0, 5, Some(2), 2, 2, Some(2)),
            channel(1, 6, None, 0, 0, None)
        ]
    );
    assert_eq!(
        seen.send_failures,
        [SendFailure {
            channel: 1,
            thread: "worker\tone".into(),
            at: Some(17),
            op: Op::Send,
            error: OpResult::Disconnected,
            kept_sending: true,
        }]
    );
    assert_eq!(
        seen.recv_ends,
        [RecvEnd {
            channel: 0,
            thread: "worker\tone".into(),
            at: Some(18),
            op: Op::Iter,
            result: OpResult::Disconnected,
        }]
    );
    // The receive and the print happened under the lock; the sends after it did not.
    let held = |action, at| HeldWhile {
        thread: "worker\tone".into(),
        lock_made_at: Some(7),
        acquired_at: Some(14),
        action,
        at: Some(at),
    };
    assert_eq!(
        seen.held,
        [held(Action::Channel(Op::Recv), 14), held(Action::Print, 15)]
    );
    assert_eq!(seen.panicked, ["worker\tone"]);
    assert_eq!(
        seen.locks,
        [LockSite {
            lock: 0,
            lock_made_at: Some(7),
            thread: "worker\tone".into(),
            at: Some(14),
        }]
    );
    assert_eq!(
        seen.selects,
        [SelectSite {
            thread: "worker\tone".into(),
            at: Some(18),
            channels: vec![0, 1],
        }]
    );
}

#[test]
fn observations_and_traces_are_read_back() {
    let mut trace = worker_trace();
    // The worker's lock waited, from its call after the first 2 events.
    assert!(matches!(
        trace.events[3].what,
        What::Lock { blocked: true, .. }
    ));
    trace.events[3].called = Some(2);
    let schedule = Schedule {
        seed: 3,
        ending: Ending::Panicked,
        finished_threads: 0,
        blocked: Vec::new(),
        stdout: "got\n".into(),
        stderr: String::new(),
        observations: trace.observations(),
        trace: Some(trace),
    };
    let text = schedule_text(schedule.seed, &schedule.text());
    let report = Report::parse(&text).unwrap();
    let mut expected = schedule.clone();
    // Names are fields: a tab in one is written as a space.
    let rename = |name: &mut String| *name = name.replace('\t', " ");
    let observations = &mut expected.observations;
    observations
        .send_failures
        .iter_mut()
        .for_each(|f| rename(&mut f.thread));
    observations
        .recv_ends
        .iter_mut()
        .for_each(|r| rename(&mut r.thread));
    observations
        .held
        .iter_mut()
        .for_each(|h| rename(&mut h.thread));
    observations.panicked.iter_mut().for_each(rename);
    observations
        .ops
        .iter_mut()
        .for_each(|o| rename(&mut o.thread));
    observations
        .selects
        .iter_mut()
        .for_each(|s| rename(&mut s.thread));
    observations
        .plain_receives
        .iter_mut()
        .for_each(|p| rename(&mut p.thread));
    assert!(
        !observations.plain_receives.is_empty(),
        "every message taken outside a `select!` is listed"
    );
    assert!(
        !observations.ops.is_empty(),
        "every channel operation is summed up"
    );
    observations
        .locks
        .iter_mut()
        .for_each(|l| rename(&mut l.thread));
    assert!(
        !observations.locks.is_empty(),
        "every lock taken is listed, with its thread"
    );
    let trace = expected.trace.as_mut().unwrap();
    trace.threads.iter_mut().for_each(|t| rename(&mut t.name));
    assert_eq!(report.schedules, [expected.clone()]);
    // Without its trace the schedule is the same outcome.
    assert_eq!(
        Schedule {
            trace: None,
            ..schedule.clone()
        }
        .body(),
        schedule.body()
    );
    assert!(!schedule.body().contains("\nevent "));
}

#[test]
fn a_garbled_observation_or_event_is_an_error() {
    for garbled in [
        "obs_channel 0\t5\tmany\t1\t1\t1",
        "obs_send_error 0\tmain\t4\tsend\tfull\tmaybe",
        "obs_held main\t1\t2\tdance\t3",
        "obs_timed_wait 0\tmain\tdance\t30\tok\t-\t-",
        "obs_timed_wait 0\tmain\trecv_timeout\t30\tlate\t-\t-",
        "event 0\t4\tsend\t0\tok\t-\t1",
        "event 0\t4\tprint\tbad \\q escape",
        "trace_channel 0\t-",
    ] {
        let text = format!("schedule 1\noutcome finished\n{garbled}\nend\n");
        assert!(Report::parse(&text).is_err(), "{garbled:?}");
    }
}

#[test]
fn a_report_written_by_one_side_is_read_back_by_the_other() {
    let first = deadlock();
    let second = Schedule {
        seed: 9,
        ending: Ending::Finished,
        finished_threads: 0,
        blocked: Vec::new(),
        stdout: String::new(),
        stderr: String::new(),
        observations: Observations::default(),
        trace: None,
    };
    let text = schedule_text(first.seed, &first.body())
        + &schedule_text(second.seed, &second.body())
        + &summary_text(40, &[(7, 1), (9, 39)]);
    let report = Report::parse(&text).unwrap();
    assert_eq!(report.executions, 40);
    assert_eq!(report.counts[&9], 39);
    assert_eq!(report.schedules, [first, second]);
}

#[test]
fn a_garbled_report_is_an_error_not_a_verdict() {
    for garbled in [
        "schedule x\n",
        "outcome finished\n",
        "schedule 1\noutcome maybe\n",
        "hello\n",
    ] {
        assert!(Report::parse(garbled).is_err(), "{garbled:?}");
    }
    // Cut short by the time limit: the schedules written whole still count.
    let report =
        Report::parse("schedule 3\noutcome finished\nstdout a\nend\nschedule 4\noutcome fin")
            .unwrap();
    assert_eq!(report.schedules.len(), 1);
    assert_eq!(report.executions, 1);
}

#[test]
fn settings_survive_the_environment() {
    let settings = Settings {
        scheduler: Scheduler::Pct,
        seed: 41,
        iterations: 1000,
        budget: Duration::from_millis(1500),
    };
    let env: BTreeMap<String, String> = settings
        .to_env(Some(std::path::Path::new("/tmp/r")))
        .into_iter()
        .collect();
    let (read, report) = Settings::from_env(|k| env.get(k).cloned()).unwrap();
    assert_eq!(read, settings);
    assert_eq!(report, Some(PathBuf::from("/tmp/r")));
    assert_eq!(Settings::from_env(|_| None).unwrap().0, Settings::default());
    assert!(Settings::from_env(|k| (k == SEED).then(|| "x".into())).is_err());
    assert!(Settings::from_env(|k| (k == SCHEDULER).then(|| "fifo".into())).is_err());
    let trace = |v: &str| trace_from_env(|k| (k == TRACE).then(|| v.to_string()));
    assert_eq!(trace("1"), Ok(true));
    assert_eq!(trace("0"), Ok(false));
    assert!(trace("yes").is_err());
    assert_eq!(trace_from_env(|_| None), Ok(false));
}

#[test]
fn a_record_written_line_by_line_is_read_back_and_a_cut_line_left_out() {
    let trace = worker_trace();
    let mut text = String::new();
    for t in &trace.threads {
        text.push_str(&thread_line(t));
    }
    for (i, c) in trace.channels.iter().enumerate() {
        text.push_str(&channel_line(i, c));
    }
    for (i, l) in trace.locks.iter().enumerate() {
        text.push_str(&lock_line(i, l));
    }
    for e in &trace.events {
        text.push_str(&event_line(&Event {
            called: None,
            ..e.clone()
        }));
    }
    let read = read_record(&text).unwrap();
    // As the whole trace is written (a name's tab becomes a space).
    let whole = read_record(&trace.text()).unwrap();
    assert_eq!(read.observations(), whole.observations());
    assert!(!read.observations().recv_ends.is_empty());
    assert_eq!(read.events.len(), trace.events.len());
    // Stopped while writing its last line: that line is left out.
    let cut = &text[..text.len() - 3];
    assert_eq!(
        read_record(cut).unwrap().events.len(),
        trace.events.len() - 1
    );
    assert!(read_record("event x\n").is_err());
}

#[test]
fn a_bounded_search_reads_back_with_its_choices_and_bound() {
    let body = "outcome finished\nstdout recv 1\n";
    let bounded = Bounded {
        preemptions: 2,
        choices: vec![0, 1, 1, 1, 0],
    };
    let mut text = schedule_text(7, body);
    text.push_str(&bounded_text(7, &bounded));
    text.push_str(&schedule_text(9, "outcome finished\n"));
    text.push_str(&bounded_text(
        9,
        &Bounded {
            preemptions: 0,
            choices: vec![],
        },
    ));
    text.push_str(&summary_text(12, &[(7, 3), (9, 9)]));
    text.push_str(&bound_text(1, 10));
    let report = Report::parse(&text).unwrap();
    assert_eq!(report.schedules.len(), 2);
    assert_eq!(report.bounded.get(&7), Some(&bounded));
    assert_eq!(report.bounded[&9].choices, Vec::<usize>::new());
    assert_eq!(report.bound, Some((1, 10)));
    assert_eq!(Scheduler::parse("bounded"), Some(Scheduler::Bounded));
    assert_eq!(preemptions_from_env(|_| Some("3".to_string())), Ok(3));
    assert_eq!(preemptions_from_env(|_| None), Ok(DEFAULT_PREEMPTIONS));
}

/// `main` waits on a channel with `recv_timeout`: a time-out, a message,
/// the end, then once more after the end; another thread only receives.
fn timed_trace() -> Trace {
    let event = |task, at, op, result| Event {
        task,
        at: Some(at),
        what: What::Channel {
            op,
            channel: 0,
            result,
            blocked: false,
            fill: 0,
            message: None,
        },
        called: None,
    };
    Trace {
        threads: vec![
            TraceThread {
                task: 0,
                name: "main".into(),
                spawned_at: None,
            },
            TraceThread {
                task: 1,
                name: "thread 1".into(),
                spawned_at: Some(9),
            },
        ],
        channels: vec![TraceChannel {
            made_at: Some(5),
            capacity: None,
        }],
        locks: Vec::new(),
        events: vec![
            event(0, 30, Op::RecvTimeout, OpResult::Timeout),
            event(1, 12, Op::Recv, OpResult::Ok),
            event(0, 30, Op::RecvTimeout, OpResult::Ok),
            event(0, 30, Op::RecvTimeout, OpResult::Disconnected),
            event(0, 34, Op::TryRecv, OpResult::Disconnected),
        ],
    }
}

#[test]
fn how_a_wait_with_a_time_out_ended_is_summed_up_and_read_back() {
    let trace = timed_trace();
    let observations = trace.observations();
    assert_eq!(
        observations.timed_waits,
        [TimedWait {
            channel: 0,
            thread: "main".into(),
            last_op: Op::TryRecv,
            last_at: Some(34),
            last_result: OpResult::Disconnected,
            after_closed: Some((Op::TryRecv, Some(34))),
        }],
        "only the thread that waited with a time-out, and its last receive"
    );
    let mut ended = trace.clone();
    ended.events.pop();
    let waits = ended.observations().timed_waits;
    assert_eq!(waits[0].last_at, Some(30));
    assert_eq!(waits[0].after_closed, None);
    let schedule = Schedule {
        seed: 1,
        ending: Ending::Finished,
        finished_threads: 0,
        blocked: Vec::new(),
        stdout: String::new(),
        stderr: String::new(),
        observations: ended.observations(),
        trace: None,
    };
    let text = schedule_text(schedule.seed, &schedule.text());
    assert!(text.contains("obs_timed_wait 0\tmain\trecv_timeout\t30\tdisconnected\t-\t-\n"));
    assert_eq!(
        Report::parse(&text).unwrap().schedules,
        std::slice::from_ref(&schedule)
    );
    let schedule = Schedule {
        observations,
        ..schedule
    };
    let text = schedule_text(schedule.seed, &schedule.text());
    assert_eq!(Report::parse(&text).unwrap().schedules, [schedule]);
}
