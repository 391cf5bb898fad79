//! The bounded search: every schedule with at most `K` preemptions, each
//! run once, those with fewer preemptions first.
//!
//! A preemption is a switch away from a thread that could have kept
//! running. Switching when the running thread blocks, ends or yields is not
//! one: there the scheduler has to pick some other thread, and every pick
//! is tried at no cost. Most concurrency bugs need one or two preemptions,
//! and the number of schedules with at most `K` of them grows polynomially
//! with the program's length, not exponentially: at small parameters all of
//! them can be run.
//!
//! Each execution follows a prefix of choices, then goes on without
//! preempting (the thread that runs keeps running); at every point past the
//! prefix where another thread could run, that other choice is kept as a
//! new prefix, filed under the preemptions it costs. Prefixes are run by
//! their cost, lowest first, depth-first within one cost: every schedule
//! with at most `K` preemptions is run exactly once, and the first failing
//! one found has the fewest preemptions of any.
//!
//! The choices are kept as [`crate::choice::ChoiceScheduler`] reads them
//! (the task index picked at each point where more than one thread could
//! run), so a schedule of this search replays by its choices alone
//! (`EXPLORE_CHOICES`), and the random values a program asks for are the
//! same sequence as there.
//!
//! A thread that runs on for [`SLICE`] points while another could run is
//! switched away from at no cost, as a real machine's time slice ends: a
//! thread polling in a loop would otherwise never let the others on, and
//! the search would report a loop that no real machine runs forever.

use std::cell::RefCell;
use std::rc::Rc;

use shuttle::scheduler::{Schedule, Scheduler, Task, TaskId};

/// Points one thread runs in a row, while another could, before it is
/// switched away from without counting a preemption.
pub(crate) const SLICE: usize = 1000;

/// One execution to run: the choices `prefix[..len]`, then `last`.
#[derive(Debug, Clone)]
struct Prefix {
    shared: Rc<RefCell<Vec<usize>>>,
    len: usize,
    last: Option<usize>,
}

/// The execution running now.
#[derive(Debug)]
struct Running {
    /// Its choices: the prefix it follows, then those it makes. Shared with
    /// the prefixes it files (they only ever read the part before them).
    choices: Rc<RefCell<Vec<usize>>>,
    /// Choice points passed so far.
    point: usize,
    /// Its preemptions: those of its prefix (it adds none itself).
    preemptions: usize,
    /// The thread that ran at the last choice point, and for how many in a row.
    last: Option<(usize, usize)>,
}

/// A shuttle scheduler that runs every schedule with at most
/// `max_preemptions` preemptions once.
#[derive(Debug)]
pub(crate) struct BoundedScheduler {
    max_preemptions: usize,
    /// Prefixes still to run, by their preemptions.
    pending: Vec<Vec<Prefix>>,
    running: Option<Running>,
    /// Executions started, by their preemptions.
    started: Vec<u64>,
    /// The preemptions of an execution that was given up (it did not end),
    /// so that the schedules with that many are not all known to be run.
    given_up: Option<usize>,
    /// For the random values a program asks shuttle for: as
    /// `ChoiceScheduler`'s, so that a replay asks for the same ones.
    state: u64,
}

impl BoundedScheduler {
    pub(crate) fn new(max_preemptions: usize) -> Self {
        let root = Prefix {
            shared: Rc::default(),
            len: 0,
            last: None,
        };
        let mut pending = vec![Vec::new(); max_preemptions + 1];
        pending[0].push(root);
        Self {
            max_preemptions,
            pending,
            running: None,
            started: vec![0; max_preemptions + 1],
            given_up: None,
            state: crate::choice::SEED_STATE,
        }
    }

    /// The choices of the execution running (or the last one run).
    pub(crate) fn choices(&self) -> Vec<usize> {
        self.running
            .as_ref()
            .map(|r| r.choices.borrow().clone())
            .unwrap_or_default()
    }

    /// The preemptions of the execution running (or the last one run).
    pub(crate) fn preemptions(&self) -> usize {
        self.running.as_ref().map_or(0, |r| r.preemptions)
    }

    /// The execution running did not end: its schedules are not all known.
    pub(crate) fn give_up_current(&mut self) {
        let level = self.preemptions();
        self.given_up = Some(self.given_up.map_or(level, |l| l.min(level)));
    }

    /// The largest `k` such that every schedule with at most `k`
    /// preemptions has been run (the one running counted as run), and how
    /// many schedules that is; `None` while not even those without a
    /// preemption all have.
    pub(crate) fn complete(&self) -> Option<(usize, u64)> {
        let open = (0..=self.max_preemptions)
            .find(|&k| !self.pending[k].is_empty() || self.given_up == Some(k))
            .unwrap_or(self.max_preemptions + 1);
        let k = open.checked_sub(1)?;
        Some((k, self.started[..=k].iter().sum()))
    }
}

impl Scheduler for BoundedScheduler {
    fn new_execution(&mut self) -> Option<Schedule> {
        let level = self.pending.iter().position(|p| !p.is_empty())?;
        let prefix = self.pending[level].pop()?;
        let mut choices = prefix.shared.borrow()[..prefix.len].to_vec();
        choices.extend(prefix.last);
        self.started[level] += 1;
        self.running = Some(Running {
            choices: Rc::new(RefCell::new(choices)),
            point: 0,
            preemptions: level,
            last: None,
        });
        self.state = crate::choice::SEED_STATE;
        Some(Schedule::new(0))
    }

    fn next_task(
        &mut self,
        runnable: &[&Task],
        current: Option<TaskId>,
        is_yielding: bool,
    ) -> Option<TaskId> {
        if let [only] = runnable {
            return Some(only.id());
        }
        let running = self.running.as_mut()?;
        let point = running.point;
        running.point += 1;
        let ids: Vec<usize> = runnable.iter().map(|t| usize::from(t.id())).collect();
        let followed = running.choices.borrow().get(point).copied();
        let chosen = match followed {
            // The prefix: the same program makes the same points, so the
            // choice is there; if not, the execution stops.
            Some(choice) => ids.contains(&choice).then_some(choice)?,
            None => {
                let current = current.map(usize::from);
                let may_go_on = current.filter(|c| ids.contains(c));
                let slice_over = running
                    .last
                    .is_some_and(|(task, run)| Some(task) == may_go_on && run >= SLICE);
                // A preemption only where the running thread could go on
                // and nothing ends its turn.
                let costs = may_go_on.is_some() && !is_yielding && !slice_over;
                let stay = may_go_on.filter(|_| costs);
                // Without one to go on: the first other thread (a thread
                // that yields or has used its slice gives way).
                let default = stay.unwrap_or_else(|| {
                    *ids.iter()
                        .find(|&&t| Some(t) != may_go_on)
                        .unwrap_or(&ids[0])
                });
                let preemptions = running.preemptions + usize::from(costs);
                if let Some(later) = self.pending.get_mut(preemptions) {
                    // Reversed, so that the lowest task index is run first.
                    for &other in ids.iter().rev() {
                        // A thread that gives way is not run again at once:
                        // a yielding loop would otherwise spin for ever.
                        let gives_way = !costs && Some(other) == may_go_on;
                        if other != default && !gives_way {
                            later.push(Prefix {
                                shared: Rc::clone(&running.choices),
                                len: point,
                                last: Some(other),
                            });
                        }
                    }
                }
                running.choices.borrow_mut().push(default);
                default
            }
        };
        running.last = match running.last {
            Some((task, run)) if task == chosen => Some((task, run + 1)),
            _ => Some((chosen, 1)),
        };
        runnable
            .iter()
            .find(|t| usize::from(t.id()) == chosen)
            .map(|t| t.id())
    }

    fn next_u64(&mut self) -> u64 {
        crate::choice::xorshift(&mut self.state)
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::collections::BTreeSet;
    use std::rc::Rc;

    use shuttle::scheduler::{Schedule, Scheduler, Task, TaskId};
    use shuttle::{Config, Runner};

    use super::BoundedScheduler;
    use crate::std::sync::{Arc, Mutex};
    use crate::std::thread;

    /// One choice point: the threads that could run, the one running, and
    /// whether it yielded; then the one picked.
    type Point = (Vec<usize>, Option<usize>, bool, usize);

    /// Wraps a scheduler and keeps the choice points of each execution.
    struct Watched<S> {
        inner: S,
        runs: Rc<RefCell<Vec<Vec<Point>>>>,
    }

    impl<S: Scheduler> Scheduler for Watched<S> {
        fn new_execution(&mut self) -> Option<Schedule> {
            let schedule = self.inner.new_execution()?;
            self.runs.borrow_mut().push(Vec::new());
            Some(schedule)
        }

        fn next_task(
            &mut self,
            runnable: &[&Task],
            current: Option<TaskId>,
            is_yielding: bool,
        ) -> Option<TaskId> {
            let chosen = self.inner.next_task(runnable, current, is_yielding)?;
            if runnable.len() > 1 {
                let ids = runnable.iter().map(|t| usize::from(t.id())).collect();
                let point = (
                    ids,
                    current.map(usize::from),
                    is_yielding,
                    usize::from(chosen),
                );
                self.runs.borrow_mut().last_mut().unwrap().push(point);
            }
            Some(chosen)
        }

        fn next_u64(&mut self) -> u64 {
            self.inner.next_u64()
        }
    }

    /// Every schedule of `program`: depth-first over every choice point,
    /// each pick tried (a scheduler that knows nothing of preemptions).
    #[derive(Default)]
    struct Every {
        /// The picks of the execution running: (index among the runnable, how many).
        picks: Vec<(usize, usize)>,
        point: usize,
        started: bool,
    }

    impl Scheduler for Every {
        fn new_execution(&mut self) -> Option<Schedule> {
            if self.started {
                // The next schedule: the last pick with another after it.
                while let Some((index, of)) = self.picks.pop() {
                    if index + 1 < of {
                        self.picks.push((index + 1, of));
                        break;
                    }
                }
                if self.picks.is_empty() {
                    return None;
                }
            }
            self.started = true;
            self.point = 0;
            Some(Schedule::new(0))
        }

        fn next_task(&mut self, runnable: &[&Task], _: Option<TaskId>, _: bool) -> Option<TaskId> {
            if runnable.len() > 1 {
                if self.point == self.picks.len() {
                    self.picks.push((0, runnable.len()));
                }
                let (index, _) = self.picks[self.point];
                self.point += 1;
                return Some(runnable[index].id());
            }
            Some(runnable[0].id())
        }

        fn next_u64(&mut self) -> u64 {
            0
        }
    }

    fn runs<S: Scheduler + 'static>(
        scheduler: S,
        program: impl Fn() + Send + Sync + 'static,
    ) -> Vec<Vec<Point>> {
        // The record the explorer's `std` writes is one global.
        let _turn = crate::tests::TURN
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let runs = Rc::new(RefCell::new(Vec::new()));
        let watched = Watched {
            inner: scheduler,
            runs: Rc::clone(&runs),
        };
        Runner::new(watched, Config::new()).run(program);
        runs.take()
    }

    /// Preemptions of one schedule, counted from its points alone.
    fn preemptions(run: &[Point]) -> usize {
        run.iter()
            .filter(|(ids, current, yielding, chosen)| {
                current.is_some_and(|c| ids.contains(&c) && c != *chosen) && !yielding
            })
            .count()
    }

    fn picks(run: &[Point]) -> Vec<usize> {
        run.iter().map(|p| p.3).collect()
    }

    /// main and one spawned thread, each taking one lock once.
    fn two_steps() {
        let lock = Arc::new(Mutex::new(0));
        let other = Arc::clone(&lock);
        let handle = thread::spawn(move || *other.lock().unwrap() += 1);
        *lock.lock().unwrap() += 1;
        handle.join().unwrap();
    }

    /// Two producers of two messages each, and main receiving them.
    fn fan_in() {
        let (tx, rx) = crate::std::sync::mpsc::channel();
        for p in 0..2 {
            let tx = tx.clone();
            thread::spawn(move || {
                for i in 0..2 {
                    tx.send((p, i)).unwrap();
                }
            });
        }
        drop(tx);
        assert_eq!(rx.iter().count(), 4);
    }

    /// Counted by hand. main spawns the thread, then takes the lock and
    /// joins: the thread could run at two of main's points (before main's
    /// lock, and before its join). Without a preemption main runs on until
    /// the join blocks it, then the thread runs: one schedule. With one, the
    /// thread is switched to at either point and runs to its end (three
    /// points it runs at, if it is switched to before main's lock, two
    /// taken by main's earlier choice otherwise): two more. With two, the
    /// thread switched to before main's lock is switched away from again,
    /// before its lock or after it: two more. The sixth interleaving needs
    /// three.
    #[test]
    fn two_threads_of_one_step_each() {
        let schedules = |k| -> Vec<Vec<usize>> {
            runs(BoundedScheduler::new(k), two_steps)
                .iter()
                .map(|r| picks(r))
                .collect()
        };
        assert_eq!(schedules(0), [vec![0, 0]]);
        assert_eq!(schedules(1), [vec![0, 0], vec![0, 1], vec![1, 1, 1]]);
        let two = schedules(2);
        assert_eq!(two.len(), 5);
        assert_eq!(two[..3], schedules(1));
        assert_eq!(schedules(3).len(), 6);
    }

    /// A schedule of the search replays from its choices alone, as the
    /// runner's `step --choices` and `trace` replay it.
    #[test]
    fn a_schedule_replays_from_its_choices() {
        let searched = runs(BoundedScheduler::new(2), fan_in);
        assert!(searched.len() > 100);
        for run in searched.iter().step_by(17) {
            let choices = picks(run);
            let replayed = runs(crate::choice::ChoiceScheduler::new(choices.clone()), fan_in);
            assert_eq!(replayed.len(), 1);
            assert_eq!(replayed[0], *run);
        }
    }

    #[test]
    fn the_schedules_with_at_most_k_preemptions_each_once() {
        for program in [two_steps as fn(), fan_in] {
            let every = runs(Every::default(), program);
            let all: Vec<(Vec<usize>, usize)> =
                every.iter().map(|r| (picks(r), preemptions(r))).collect();
            let distinct: BTreeSet<_> = all.iter().map(|(p, _)| p.clone()).collect();
            assert_eq!(distinct.len(), all.len(), "the brute force repeats none");
            for k in 0..4 {
                let bounded = runs(BoundedScheduler::new(k), program);
                let found: Vec<Vec<usize>> = bounded.iter().map(|r| picks(r)).collect();
                let once: BTreeSet<_> = found.iter().cloned().collect();
                assert_eq!(once.len(), found.len(), "k={k}: a schedule run twice");
                let expected: BTreeSet<_> = all
                    .iter()
                    .filter(|(_, p)| *p <= k)
                    .map(|(picks, _)| picks.clone())
                    .collect();
                assert_eq!(once, expected, "k={k}");
                // Fewest preemptions first.
                let order: Vec<usize> = bounded.iter().map(|r| preemptions(r)).collect();
                assert!(order.is_sorted(), "k={k}: {order:?}");
            }
        }
    }
}
