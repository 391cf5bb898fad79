//! The learner as the scheduler: a shuttle scheduler that follows the
//! choices it is given (`EXPLORE_CHOICES`, see `explore_protocol::CHOICES`)
//! and stops at the first point past them.
//!
//! Only points where more than one thread could run count as choices: where
//! one thread alone can go on, it does. The `i`-th choice names the task
//! index of the thread to run at the `i`-th such point. At the first point
//! past the list, or at one whose choice names a thread that cannot run, the
//! execution stops (shuttle ends an execution whose scheduler picks no
//! thread) and the point is recorded (`record::choice_point`): the runner
//! asks the learner and runs again with one more choice.

use shuttle::scheduler::{Schedule, Scheduler, Task, TaskId};

use crate::record;

/// Follows `choices`, then stops.
#[derive(Debug, Clone)]
pub(crate) struct ChoiceScheduler {
    choices: Vec<usize>,
    /// Choices followed so far in this execution.
    followed: usize,
    /// One execution only.
    started: bool,
    /// For the random values a program asks shuttle for (none of the katas do).
    state: u64,
}

impl ChoiceScheduler {
    pub(crate) fn new(choices: Vec<usize>) -> Self {
        Self {
            choices,
            followed: 0,
            started: false,
            state: SEED_STATE,
        }
    }
}

impl Scheduler for ChoiceScheduler {
    fn new_execution(&mut self) -> Option<Schedule> {
        if self.started {
            return None;
        }
        self.started = true;
        self.followed = 0;
        Some(Schedule::new(0))
    }

    fn next_task(
        &mut self,
        runnable: &[&Task],
        _current: Option<TaskId>,
        _is_yielding: bool,
    ) -> Option<TaskId> {
        if let [only] = runnable {
            return Some(only.id());
        }
        let ids: Vec<usize> = runnable.iter().map(|t| usize::from(t.id())).collect();
        let chosen = self
            .choices
            .get(self.followed)
            .and_then(|&choice| runnable.iter().find(|t| usize::from(t.id()) == choice));
        match chosen {
            Some(task) => {
                self.followed += 1;
                Some(task.id())
            }
            None => {
                record::choice_point(self.followed, &ids);
                None
            }
        }
    }

    fn next_u64(&mut self) -> u64 {
        xorshift(&mut self.state)
    }
}

/// Where the random values a program asks for start, in each execution.
pub(crate) const SEED_STATE: u64 = 0x9E37_79B9_7F4A_7C15;

/// xorshift64: deterministic, so a list of choices is one schedule.
pub(crate) fn xorshift(state: &mut u64) -> u64 {
    let mut x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    x
}
