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

/// How many processes and threads the process group `pgid` has now (0
/// where the system cannot tell): a program at its cap on processes has
/// as many as the cap allows.
pub(super) fn group_tasks(pgid: i32) -> u64 {
    #[cfg(target_os = "linux")]
    {
        linux::group_tasks(pgid)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = pgid;
        0
    }
}

/// Every thread of `pid`, when each one waits in a way that only another
/// thread of the program could end: `None` as soon as one runs, sleeps with
/// a time-out, or waits in any other call, or where the system cannot tell.
/// Two equal looks in a row (the same threads, none switched in between)
/// mean that nothing will ever wake them: a deadlock, found without waiting
/// for the time limit. Linux only: elsewhere a deadlock lasts to the limit.
#[cfg(target_os = "linux")]
pub(super) fn stuck(pid: u32) -> Option<Stuck> {
    linux::stuck(pid)
}

/// A look at a program whose threads all wait: by thread id, each thread's
/// name and how often it has been switched in and out so far.
#[cfg(target_os = "linux")]
pub(super) type Stuck = std::collections::BTreeMap<u32, (String, u64)>;

/// The threads of a stuck program, all blocked.
#[cfg(target_os = "linux")]
pub(super) fn thread_states(stuck: &Stuck) -> Vec<super::ThreadState> {
    stuck
        .values()
        .map(|(name, _)| super::ThreadState {
            name: name.clone(),
            blocked: true,
            sleeping: false,
        })
        .collect()
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
            .map(|(tid, now)| {
                // Sleeping now and no CPU used over the window. A thread that
                // appeared meanwhile was evidently doing something.
                let blocked = matches!(now.state, 'S' | 'D')
                    && before.get(tid).is_some_and(|then| then.cpu == now.cpu);
                // Blocked, but not waiting for another thread: a sleep, a
                // time-out, input. Time (or the outside) ends such a wait.
                let sleeping = blocked
                    && !fs::read_to_string(format!("/proc/{pid}/task/{tid}/syscall"))
                        .is_ok_and(|call| waits_forever(&call));
                ThreadState {
                    name: now.name.clone(),
                    blocked,
                    sleeping,
                }
            })
            .collect();
        // A deadlock: every thread waits for another, none for time.
        let all_blocked = !threads.is_empty() && threads.iter().all(|t| t.blocked && !t.sleeping);
        Some(HangReport {
            threads,
            all_blocked,
        })
    }

    pub(super) fn stuck(pid: u32) -> Option<super::Stuck> {
        let mut threads = BTreeMap::new();
        for entry in fs::read_dir(format!("/proc/{pid}/task")).ok()?.flatten() {
            let tid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let call = fs::read_to_string(entry.path().join("syscall")).ok()?;
            if !waits_forever(&call) {
                return None;
            }
            let status = fs::read_to_string(entry.path().join("status")).ok()?;
            let name = fs::read_to_string(entry.path().join("comm")).ok()?;
            threads.insert(
                tid,
                (name.trim_end_matches('\n').to_owned(), switches(&status)?),
            );
        }
        (!threads.is_empty()).then_some(threads)
    }

    /// Is this `/proc/<pid>/task/<tid>/syscall` line a futex wait without a
    /// time-out? That is how every blocking wait of std (a channel's `recv`
    /// and `send`, a lock, a `join`) waits when it has no deadline; a sleep,
    /// a wait with a time-out or a read of input is some other call or has
    /// a time-out, and a running thread reads `running`.
    fn waits_forever(call: &str) -> bool {
        const FUTEX_WAIT: u64 = 0;
        const FUTEX_WAIT_BITSET: u64 = 9;
        // The flags FUTEX_PRIVATE_FLAG (128) and FUTEX_CLOCK_REALTIME (256).
        const FLAGS: u64 = 128 | 256;
        let fields: Vec<&str> = call.split_whitespace().collect();
        let hex = |field: Option<&&str>| {
            field
                .and_then(|f| f.strip_prefix("0x"))
                .and_then(|f| u64::from_str_radix(f, 16).ok())
        };
        let number = fields.first().and_then(|n| n.parse::<i64>().ok());
        let (Some(op), Some(timeout)) = (hex(fields.get(2)), hex(fields.get(4))) else {
            return false;
        };
        number == Some(libc::SYS_futex)
            && matches!(op & !FLAGS, FUTEX_WAIT | FUTEX_WAIT_BITSET)
            && timeout == 0
    }

    /// Voluntary and involuntary context switches from a `status` file: a
    /// thread woken even briefly has more.
    fn switches(status: &str) -> Option<u64> {
        let count = |key: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(key))
                .and_then(|rest| rest.trim().parse::<u64>().ok())
        };
        Some(count("voluntary_ctxt_switches:")? + count("nonvoluntary_ctxt_switches:")?)
    }

    pub(super) fn group_tasks(pgid: i32) -> u64 {
        let Ok(entries) = fs::read_dir("/proc") else {
            return 0;
        };
        entries
            .flatten()
            .filter(|e| {
                e.file_name()
                    .to_str()
                    .is_some_and(|n| n.parse::<u32>().is_ok())
            })
            .filter_map(|e| fs::read_to_string(e.path().join("stat")).ok())
            .filter_map(|stat| {
                // After the name: state, ppid, pgrp, ... num_threads (field 20).
                let fields: Vec<&str> = stat
                    .get(stat.rfind(')')? + 1..)?
                    .split_whitespace()
                    .collect();
                let pgrp: i32 = fields.get(2)?.parse().ok()?;
                let threads: u64 = fields.get(17)?.parse().ok()?;
                (pgrp == pgid).then_some(threads)
            })
            .sum()
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
        fn only_a_futex_wait_without_time_out_waits_forever() {
            use super::waits_forever;
            let futex = libc::SYS_futex;
            // std's wait on a channel or a lock: FUTEX_WAIT_BITSET | PRIVATE, no time-out.
            let wait = format!("{futex} 0x7f00 0x89 0x0 0x0 0x0 0xffffffff 0x7ffc 0x7f01\n");
            assert!(waits_forever(&wait));
            // The same with a time-out (`recv_timeout`, `park_timeout`).
            let timed = format!("{futex} 0x7f00 0x89 0x0 0x7ffc10 0x0 0xffffffff 0x7ffc 0x7f01\n");
            assert!(!waits_forever(&timed));
            // A wake, a sleep, a thread on the CPU.
            assert!(!waits_forever(&format!(
                "{futex} 0x7f00 0x81 0x1 0x0 0x0 0x0 0x7ffc 0x7f01"
            )));
            assert!(!waits_forever(&format!(
                "{} 0x7ffc 0x0 0x0 0x0 0x0 0x0 0x7ffc 0x7f01",
                libc::SYS_clock_nanosleep
            )));
            assert!(!waits_forever("running\n"));
            assert!(!waits_forever(""));
        }

        #[test]
        fn switches_add_both_kinds() {
            let status = "Name:\tx\nvoluntary_ctxt_switches:\t7\nnonvoluntary_ctxt_switches:\t2\n";
            assert_eq!(super::switches(status), Some(9));
            assert_eq!(super::switches("Name:\tx\n"), None);
        }

        #[test]
        fn truncated_stat_is_none() {
            assert_eq!(parse_stat("42 (x) R 1 2"), None);
        }
    }
}
