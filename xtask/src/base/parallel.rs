//! One worker pool for every "do this for each, one per core" in the runner:
//! judging katas, exploring them, grading students, stressing programs.

use std::sync::Mutex;

/// Applies `f` to every item on up to `workers` threads (at least one) and
/// returns the results in the order of `items`. Items are handed out one at a
/// time, so a slow item does not hold up a whole share of the others.
pub fn parallel_map<T, R, F>(items: Vec<T>, workers: usize, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync,
{
    let count = items.len();
    let workers = workers.clamp(1, count.max(1));
    if workers == 1 {
        return items.into_iter().map(f).collect();
    }
    let jobs = Mutex::new(items.into_iter().enumerate());
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..count).map(|_| None).collect());
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    loop {
                        // The guard is a temporary of this statement: dropped
                        // before the job runs, so workers never wait on each other.
                        let job = jobs.lock().unwrap_or_else(|e| e.into_inner()).next();
                        let Some((i, item)) = job else { break };
                        let result = f(item);
                        results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(result);
                    }
                })
            })
            .collect();
        for handle in handles {
            // A panic in `f` is a bug of the runner: passed on, not hidden.
            if let Err(panic) = handle.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.expect("every job ran"))
        .collect()
}

/// One worker per core.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..50).collect();
        let squares = parallel_map(items, 4, |n| {
            // Later items finish first, so order comes from the indices.
            std::thread::sleep(std::time::Duration::from_micros(50 - n));
            n * n
        });
        assert_eq!(squares, (0..50).map(|n| n * n).collect::<Vec<_>>());
        assert!(parallel_map(Vec::<u8>::new(), 4, |n| n).is_empty());
        assert_eq!(parallel_map(vec![1, 2], 0, |n| n + 1), [2, 3]);
    }

    #[test]
    fn every_worker_takes_part() {
        let seen = Mutex::new(std::collections::HashSet::new());
        let barrier = std::sync::Barrier::new(3);
        parallel_map(vec![(); 3], 3, |()| {
            // Each of three items waits for the other two: only three
            // workers at once can get past this.
            barrier.wait();
            seen.lock().unwrap().insert(std::thread::current().id());
        });
        assert_eq!(seen.lock().unwrap().len(), 3);
    }
}
