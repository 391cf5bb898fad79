//! What a program is doing when it hits the time limit: deadlocked or spinning.
//!
//! The learner's next step differs (look for a lock/recv cycle vs. a loop that
//! never ends), so the runner takes a look before it kills.

use std::time::Duration;

use super::HangReport;

/// Samples the threads of `pid` twice, `window` apart. `None` where the
/// system does not expose per-thread state (anything but Linux) or the
/// process is already gone.
pub(super) fn hang_report(pid: u32, window: Duration) -> Option<HangReport> {
    #[cfg(target_os = "linux")]
    {
        linux::hang_report(pid, window)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (pid, window);
        None
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use std::collections::BTreeMap;
    use std::fs;
    use std::time::Duration;

    use super::super::{HangReport, ThreadState};

    /// One thread as `/proc/<pid>/task/<tid>/` shows it.
    struct Sample {
        name: String,
        state: char,
        /// utime + stime, in clock ticks.
        cpu: u64,
    }

    pub(super) fn hang_report(pid: u32, window: Duration) -> Option<HangReport> {
        let before = sample(pid)?;
        std::thread::sleep(window);
        let after = sample(pid)?;
        let threads: Vec<ThreadState> = after
            .iter()
            .map(|(tid, now)| ThreadState {
                name: now.name.clone(),
                // Sleeping now and no CPU used over the window. A thread that
                // appeared meanwhile was evidently doing something.
                blocked: matches!(now.state, 'S' | 'D')
                    && before.get(tid).is_some_and(|then| then.cpu == now.cpu),
            })
            .collect();
        let all_blocked = !threads.is_empty() && threads.iter().all(|t| t.blocked);
        Some(HangReport {
            threads,
            all_blocked,
        })
    }

    /// Every thread of `pid`, by thread id (so in creation order, main first).
    fn sample(pid: u32) -> Option<BTreeMap<u32, Sample>> {
        let mut threads = BTreeMap::new();
        for entry in fs::read_dir(format!("/proc/{pid}/task")).ok()?.flatten() {
            let Some(tid) = entry.file_name().to_str().and_then(|s| s.parse().ok()) else {
                continue;
            };
            // A thread may end between listing and reading: skip it.
            let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            let Some((stat_name, state, cpu)) = parse_stat(&stat) else {
                continue;
            };
            let name = fs::read_to_string(entry.path().join("comm"))
                .map(|comm| comm.trim_end_matches('\n').to_owned())
                .unwrap_or(stat_name);
            threads.insert(tid, Sample { name, state, cpu });
        }
        Some(threads)
    }

    /// Name, state and utime+stime from a `stat` line. The name sits in
    /// parentheses and may itself contain spaces and parentheses, so fields
    /// are counted from the last `)`.
    fn parse_stat(stat: &str) -> Option<(String, char, u64)> {
        let open = stat.find('(')?;
        let close = stat.rfind(')')?;
        let name = stat.get(open + 1..close)?.to_owned();
        let fields: Vec<&str> = stat.get(close + 1..)?.split_whitespace().collect();
        let state = fields.first()?.chars().next()?;
        // Fields 14 and 15 of proc(5), counted from field 3 (state) here.
        let utime: u64 = fields.get(11)?.parse().ok()?;
        let stime: u64 = fields.get(12)?.parse().ok()?;
        Some((name, state, utime + stime))
    }

    #[cfg(test)]
    mod tests {
        use super::parse_stat;

        #[test]
        fn stat_with_awkward_name() {
            let stat = "42 (a) b (c) S 1 42 42 0 -1 4194560 100 0 0 0 7 3 0 0 20 0 1 0 5 0 0\n";
            assert_eq!(parse_stat(stat), Some(("a) b (c".to_owned(), 'S', 10)));
        }

        #[test]
        fn truncated_stat_is_none() {
            assert_eq!(parse_stat("42 (x) R 1 2"), None);
        }
    }
}
