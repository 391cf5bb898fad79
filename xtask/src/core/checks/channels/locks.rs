//! The channel facts about locks: what a thread does while it holds a
//! Mutex guard, and which threads share a count under one.

use std::collections::{BTreeMap, BTreeSet};

use explore_protocol::{Action, HeldWhile, LockSite, Observations, Op, OpResult, OpSite};

use crate::core::checks::Problem;

/// Taking the job out of a shared queue is what a worker holds the lock for.
fn is_receive(action: Action) -> bool {
    matches!(
        action,
        Action::Channel(Op::Recv | Op::TryRecv | Op::Iter | Op::TryIter | Op::RecvTimeout)
    )
}

pub(super) fn no_work_under_lock(observations: &Observations) -> Option<Problem> {
    let first: &HeldWhile = observations.held.iter().find(|h| !is_receive(h.action))?;
    Some(Problem::WorkUnderLock {
        thread: first.thread.clone(),
        lock_made_at: first.lock_made_at,
        acquired_at: first.acquired_at,
        action: first.action,
        at: first.at,
    })
}

pub(super) fn counts_under_lock(observations: &Observations, workers: usize) -> Option<Problem> {
    let sends: Vec<OpSite> = observations
        .ops
        .iter()
        .filter(|s| s.op.is_send() && s.result == OpResult::Ok)
        .cloned()
        .collect();
    if !sends.is_empty() {
        return Some(Problem::CountSent { sends });
    }
    // `main` reads the total once the workers are joined: it is no worker.
    let mut lockers: BTreeMap<usize, Vec<&LockSite>> = BTreeMap::new();
    for site in observations.locks.iter().filter(|l| l.thread != "main") {
        lockers.entry(site.lock).or_default().push(site);
    }
    let threads = |sites: &Vec<&LockSite>| {
        sites
            .iter()
            .map(|s| s.thread.as_str())
            .collect::<BTreeSet<_>>()
            .len()
    };
    let most = lockers
        .values()
        .max_by_key(|sites| (threads(sites), std::cmp::Reverse(sites[0].lock)));
    match most {
        Some(sites) if threads(sites) >= workers => None,
        Some(sites) => Some(Problem::TooFewLockers {
            lockers: threads(sites),
            workers,
            sites: sites.iter().map(|s| (*s).clone()).collect(),
        }),
        None => Some(Problem::NoWorkerLocked {
            workers,
            main_locked: observations.locks.iter().any(|l| l.thread == "main"),
        }),
    }
}
