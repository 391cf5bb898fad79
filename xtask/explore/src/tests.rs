//! The log of real executions under shuttle: what the observations of a
//! schedule rest on.

use std::sync::{Mutex as StdMutex, MutexGuard as StdGuard, PoisonError};

use explore_protocol::{Action, Event, Observations, Op, OpResult, Trace, What};
use shuttle::scheduler::RandomScheduler;
use shuttle::{Config, Runner};

use crate::record::{self, Source};
use crate::std::sync::mpsc;
use crate::std::sync::{Arc, Mutex};
use crate::std::thread;

/// The record is one global: tests that fill it take turns.
pub(crate) static TURN: StdMutex<()> = StdMutex::new(());

/// Runs `program` on `schedules` random schedules and returns each one's log,
/// with lines numbered as in this file.
fn logs(schedules: usize, program: impl Fn() + Send + Sync + 'static) -> Vec<Trace> {
    static LOGS: StdMutex<Vec<Trace>> = StdMutex::new(Vec::new());
    let _turn: StdGuard<'_, ()> = TURN.lock().unwrap_or_else(PoisonError::into_inner);
    record::set_source(Source {
        file: file!(),
        first_line: 1,
        shown_as: "tests.rs",
    });
    LOGS.lock().unwrap().clear();
    let scheduler = RandomScheduler::new_from_seed(7, schedules);
    Runner::new(scheduler, Config::new()).run(move || {
        record::reset();
        program();
        let log = record::take().take_trace();
        LOGS.lock().unwrap().push(log);
    });
    std::mem::take(&mut *LOGS.lock().unwrap())
}

/// The line of this file that ends with `// <mark>`.
fn line_at(mark: &str) -> Option<u32> {
    let tag = format!("// {mark}");
    let line = include_str!("tests.rs")
        .lines()
        .position(|l| l.trim_end().ends_with(&tag))?;
    Some(line as u32 + 1)
}

fn fills(trace: &Trace) -> impl Iterator<Item = usize> + '_ {
    trace.events.iter().filter_map(|e| match e.what {
        What::Channel { fill, .. } => Some(fill),
        _ => None,
    })
}

#[test]
fn a_bounded_channel_never_holds_more_than_its_bound() {
    let logs = logs(3000, || {
        let (tx, rx) = mpsc::sync_channel(2);
        let producer = thread::spawn(move || {
            for i in 0..6 {
                tx.send(i).unwrap();
            }
        });
        let received: Vec<i32> = rx.iter().collect();
        assert_eq!(received, [0, 1, 2, 3, 4, 5]);
        producer.join().unwrap();
    });
    assert_eq!(logs.len(), 3000);
    let most = logs.iter().flat_map(fills).max();
    assert_eq!(
        most,
        Some(2),
        "fill reaches the bound on some schedule, never more"
    );
    for log in &logs {
        let seen = log.observations();
        assert_eq!(seen.channels[0].sends_ok, 6);
        assert_eq!(seen.channels[0].receives_ok, 6);
        assert_eq!(seen.channels[0].capacity, Some(2));
    }
    // Blocked sends happen: the producer met a full channel on some schedule.
    let blocked_send = logs.iter().flat_map(|l| &l.events).any(|e| {
        matches!(
            e.what,
            What::Channel {
                op: Op::Send,
                blocked: true,
                ..
            }
        )
    });
    assert!(blocked_send);
}

#[test]
fn a_rendezvous_hands_each_message_over() {
    let logs = logs(500, || {
        let (tx, rx) = mpsc::sync_channel(0);
        let producer = thread::spawn(move || {
            for i in 0..3 {
                tx.send(i).unwrap();
            }
        });
        for _ in 0..3 {
            rx.recv().unwrap();
        }
        producer.join().unwrap();
    });
    for log in &logs {
        assert!(fills(log).all(|f| f == 0));
        // Send n is received by receive n.
        let numbered = |send: bool| -> Vec<u64> {
            log.events
                .iter()
                .filter_map(|e| match e.what {
                    What::Channel { op, message, .. } if op.is_send() == send => message,
                    _ => None,
                })
                .collect()
        };
        assert_eq!(numbered(true), [0, 1, 2]);
        assert_eq!(numbered(false), [0, 1, 2]);
    }
}

#[test]
fn a_loop_over_the_receiver_ends_on_disconnection_and_a_closed_channel_stops_a_producer() {
    let producers = logs(300, || {
        let (tx, rx) = mpsc::channel::<u32>();
        let (back_tx, back_rx) = mpsc::channel::<u32>();
        drop(back_rx);
        let worker = thread::Builder::new()
            .name("worker".into())
            .spawn(move || {
                for x in &rx {
                    let sent = back_tx.send(x); // back
                    if sent.is_err() {
                        break;
                    }
                }
            })
            .unwrap();
        // The second send may come after the worker has stopped.
        let _ = tx.send(1);
        let _ = tx.send(2);
        drop(tx);
        worker.join().unwrap();
    });
    for log in &producers {
        let seen: Observations = log.observations();
        assert!(seen.channels[0].sends_ok >= 1);
        // The worker stops at its first failed send: the loop never ends on
        // disconnection, and nobody panicked.
        let failures: Vec<_> = seen
            .send_failures
            .iter()
            .filter(|f| f.thread != "main")
            .collect();
        assert_eq!(failures.len(), 1);
        let failure = failures[0];
        assert_eq!(
            (failure.thread.as_str(), failure.error, failure.kept_sending),
            ("worker", OpResult::Disconnected, false)
        );
        assert_eq!(failure.at, line_at("back"));
        assert!(seen.recv_ends.is_empty());
        assert!(seen.panicked.is_empty());
        let dropped = log.events.iter().any(|e| {
            matches!(
                e.what,
                What::SenderDropped {
                    channel: 0,
                    senders_left: 0
                }
            )
        });
        assert!(dropped);
    }
    let loops = logs(300, || {
        let (tx, rx) = mpsc::channel::<u32>();
        let t = thread::spawn(move || {
            tx.send(1).unwrap();
        });
        let got: Vec<u32> = rx.iter().collect(); // iter
        assert_eq!(got, [1]);
        t.join().unwrap();
    });
    for log in &loops {
        let ends = log.observations().recv_ends;
        assert_eq!(ends.len(), 1);
        assert_eq!(
            (ends[0].op, ends[0].result),
            (Op::Iter, OpResult::Disconnected)
        );
        assert_eq!(ends[0].at, line_at("iter"));
    }
}

#[test]
fn work_done_while_holding_the_queue_lock_is_seen() {
    let logs = logs(300, || {
        let (tx, rx) = mpsc::channel::<u32>();
        let queue = Arc::new(Mutex::new(rx)); // queue
        let workers: Vec<_> = (0..2)
            .map(|_| {
                let queue = Arc::clone(&queue);
                thread::spawn(move || {
                    loop {
                        let job = queue.lock().unwrap().recv(); // take
                        let Ok(job) = job else { break };
                        let guard = queue.lock().unwrap(); // hold
                        crate::__print(format_args!("job {job}\n")); // print
                        drop(guard);
                    }
                })
            })
            .collect();
        for job in 0..3 {
            tx.send(job).unwrap();
        }
        drop(tx);
        for worker in workers {
            worker.join().unwrap();
        }
    });
    for log in &logs {
        let held: Vec<_> = log
            .observations()
            .held
            .iter()
            .map(|h| (h.lock_made_at, h.acquired_at, h.action, h.at))
            .collect();
        let (queue, take) = (line_at("queue"), line_at("take"));
        assert!(held.contains(&(queue, take, Action::Channel(Op::Recv), take)));
        let (hold, print) = (line_at("hold"), line_at("print"));
        assert!(held.contains(&(queue, hold, Action::Print, print)));
        // The lock taken for a job is released before the job is printed.
        assert!(!held.contains(&(queue, take, Action::Print, print)));
        assert!(log.events.iter().any(|e| matches!(
            &e.what,
            What::Print { text } if text.starts_with("job ")
        )));
    }
}

#[test]
fn a_spawn_comes_before_anything_the_thread_does() {
    let logs = logs(300, || {
        let (tx, rx) = mpsc::channel();
        let t = thread::spawn(move || tx.send(()).unwrap()); // spawn
        rx.recv().unwrap();
        t.join().unwrap();
    });
    for log in &logs {
        let spawn = log
            .events
            .iter()
            .position(|e| matches!(e.what, What::Spawn { task: 1 }));
        let first_of_child = log.events.iter().position(|e: &Event| e.task == 1);
        assert!(spawn.is_some() && spawn < first_of_child, "{log:?}");
        assert_eq!(log.threads[1].spawned_at, line_at("spawn"));
    }
}

/// Runs `program` once on the schedule `choices` make: the point where it
/// stopped to ask, if it did, and its log.
fn stepped(
    choices: &[usize],
    program: impl Fn() + Send + Sync + 'static,
) -> (Option<explore_protocol::ChoicePoint>, Trace) {
    let _turn: StdGuard<'_, ()> = TURN.lock().unwrap_or_else(PoisonError::into_inner);
    record::set_source(Source {
        file: file!(),
        first_line: 1,
        shown_as: "tests.rs",
    });
    record::reset();
    let scheduler = crate::choice::ChoiceScheduler::new(choices.to_vec());
    Runner::new(scheduler, Config::new()).run(move || {
        record::reset();
        program();
    });
    let mut execution = record::take();
    (execution.choice.take(), execution.take_trace())
}

/// Two producers, one message each, on an unbounded channel.
fn two_producers() {
    let (tx, rx) = mpsc::channel();
    let tx2 = tx.clone();
    let a = thread::spawn(move || tx.send("a").unwrap()); // send a
    let b = thread::spawn(move || tx2.send("b").unwrap()); // send b
    let first = rx.recv().unwrap(); // recv
    let second = rx.recv().unwrap();
    a.join().unwrap();
    b.join().unwrap();
    crate::println!("{first}{second}");
}

fn printed(trace: &Trace) -> String {
    trace
        .events
        .iter()
        .filter_map(|e| match &e.what {
            What::Print { text } => Some(text.trim_end().to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn with_no_choices_a_stepped_run_stops_at_the_first_point_with_a_choice() {
    let (point, _) = stepped(&[], two_producers);
    let point = point.expect("two threads could run");
    assert_eq!(point.index, 0);
    assert_eq!(point.runnable(), vec![0, 1]);
    let child = &point.threads[1];
    assert_eq!(child.next, explore_protocol::Next::Start);
    // main is about to spawn the second producer (or has just spawned the first).
    assert_eq!(point.channels.len(), 1);
    assert_eq!(point.channels[0].fill, 0);
}

#[test]
fn the_choices_decide_the_order_and_a_choice_point_names_each_next_operation() {
    // Let main run until it waits, then pick the producers in either order.
    let mut orders = Vec::new();
    for prefer in [1, 2] {
        let mut choices = Vec::new();
        let trace = loop {
            match stepped(&choices, two_producers) {
                (Some(point), _) => {
                    let runnable = point.runnable();
                    let pick = if runnable.contains(&prefer) {
                        prefer
                    } else {
                        runnable[0]
                    };
                    for t in &point.threads {
                        if t.task != 0 && t.next == explore_protocol::Next::Channel(Op::Send) {
                            assert_eq!(
                                t.at,
                                line_at(if t.task == 1 { "send a" } else { "send b" })
                            );
                        }
                    }
                    choices.push(pick);
                }
                (None, trace) => break trace,
            }
            assert!(choices.len() < 100, "a stepped run that never ends");
        };
        // The same choices are the same schedule.
        let (again, replayed) = stepped(&choices, two_producers);
        assert!(again.is_none());
        assert_eq!(replayed.events, trace.events);
        orders.push(printed(&trace));
    }
    assert_eq!(orders, vec!["ab".to_string(), "ba".to_string()]);
}

#[test]
fn a_choice_of_a_thread_that_cannot_run_stops_to_ask_again() {
    let (point, _) = stepped(&[7], two_producers);
    let point = point.expect("thread 7 does not exist");
    assert_eq!(point.index, 0);
}
