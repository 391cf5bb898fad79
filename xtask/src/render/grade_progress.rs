//! What `grade` says while it grades a class: as it starts, a folder it
//! skips, a line per student as their grading ends, why it would not start,
//! and why a student has no grade.

use crate::base::execute::MissingProtection;
use crate::core::grading::StudentGrade;
use crate::core::shard::Shard;
use crate::core::submission::Pick;

/// `grade` refused off Linux, on `os`, without `--unconfined`.
pub fn no_grading_box(os: &str) -> String {
    format!(
        "grading runs each student's programs in a box that only Linux has (Landlock, \
         seccomp): on {os} they would read and write your files and use the network as you \
         do. Grade on Linux (`cargo xtask grade-workflow` writes a GitHub Actions workflow \
         that does), or add `--unconfined` to grade here anyway"
    )
}

/// The protections of the grading box this machine lacks, if any.
pub fn less_confined(missing: &[MissingProtection]) -> String {
    let mut out = String::new();
    if !missing.is_empty() {
        say!(out, "Student code is confined less than it should be here:");
        for what in missing {
            say!(out, "  - {}", missing_protection(*what));
        }
    }
    out
}

/// One protection of the grading box that does not hold here, and what a
/// kata can do because of it.
pub fn missing_protection(missing: MissingProtection) -> String {
    match missing {
        MissingProtection::NoLandlock => "files: this kernel has no Landlock, so a kata can read \
            and write wherever the grading account can"
            .to_string(),
        MissingProtection::NoSeccomp => "network: this kernel has no seccomp filters, so a kata \
            can open sockets (UDP, TCP, Unix)"
            .to_string(),
        MissingProtection::NoTcpRules { abi } => format!(
            "network: Landlock before ABI 4 (Linux 6.7) cannot refuse TCP to the grading runner, \
             cargo and rustc{}",
            landlock_here(abi)
        ),
        MissingProtection::NoSignalScope { abi } => format!(
            "signals: Landlock before ABI 6 (Linux 6.12) cannot keep a kata from signalling other \
             processes of the grading account{}",
            landlock_here(abi)
        ),
        MissingProtection::RootWithoutPidsCgroup => "processes: the process cap (RLIMIT_NPROC) \
            does not bind root, and no pids cgroup can be made here; grade as an ordinary account"
            .to_string(),
        MissingProtection::NoPidNamespace => "processes: no PID namespace can be made here, so a \
            process a kata detaches (setsid) can outlive its grading, and katas see the grading \
            account's processes in /proc"
            .to_string(),
        MissingProtection::SharedProcessCap => "processes: without a user namespace per student, \
            the process cap (RLIMIT_NPROC) counts every process of the grading account: students \
            graded at once share it"
            .to_string(),
        MissingProtection::NoOwnProc => "/proc: a /proc of its own cannot be mounted for a \
            student's grading here, so katas see the grading account's processes (and, of the \
            same account, their environment)"
            .to_string(),
        MissingProtection::NoBox { os } => format!(
            "everything: the grading box (Landlock, seccomp, pids cgroups) is Linux's; on {os} a \
             kata reads and writes wherever the grading account can, opens sockets and starts \
             processes"
        ),
    }
}

/// Which Landlock this kernel has, said after what an older one cannot do.
fn landlock_here(abi: i64) -> String {
    match abi {
        0 => String::new(),
        abi => format!(" (this kernel's is ABI {abi})"),
    }
}

/// A part of the class (`shard`) with no students in it.
pub fn empty_part(shard: Option<Shard>, class_size: usize) -> String {
    format!(
        "Part {} has no students (the class has {class_size}).\n",
        shard.map_or_else(String::new, |s| s.to_string())
    )
}

/// Said as grading starts: whom (`students` of the class's `class_size`), how
/// many at a time, which of their code, with which checks.
pub fn grading_starts(
    pick: &Pick,
    shard: Option<Shard>,
    (students, class_size): (usize, usize),
    jobs: usize,
    checks: &str,
) -> String {
    let which = match pick {
        Pick::Files => "the files in each folder".to_string(),
        Pick::Rev(rev) => format!("commit `{rev}` of each repository"),
        Pick::Deadline(time) => format!("each repository's last commit at or before {time}"),
    };
    let whom = match shard {
        Some(shard) => {
            format!("part {shard} of the class: {students} of its {class_size} students")
        }
        None => format!("{students} students"),
    };
    format!("Grading {whom} ({jobs} at a time), {which}, with the checks of `{checks}`...\n")
}

/// One line per student as their grading ends.
pub fn progress(grade: &StudentGrade) -> String {
    let mut out = String::new();
    if !grade.protected_changes.is_empty() {
        say!(
            out,
            "  {}: changed protected files: {}",
            grade.student,
            grade.protected_changes.join(", ")
        );
    }
    match (&grade.report, &grade.problem) {
        (Some(report), None) => say!(
            out,
            "  {}: {}/{} ({} of {} katas passed)",
            grade.student,
            report.score,
            report.max_score,
            report.passed(),
            report.tests.len()
        ),
        (Some(report), Some(problem)) => say!(
            out,
            "  {}: {}/{} from the katas judged before it stopped: {problem}",
            grade.student,
            report.score,
            report.max_score
        ),
        (None, Some(problem)) => say!(out, "  {}: no grade: {problem}", grade.student),
        (None, None) => say!(out, "  {}: no grade", grade.student),
    }
    out
}

/// Why a subfolder of the class is not graded: it is no copy of the workbook.
pub fn not_a_copy() -> String {
    "not a copy of the workbook (no `Cargo.toml` and `exercises/`)".to_string()
}

/// A subfolder skipped, and why.
pub fn skipped(folder: &std::path::Path, reason: &str) -> String {
    format!("skipped `{}`: {reason}\n", folder.display())
}

/// The class's folder holds no copy of the workbook.
pub fn no_students(dir: &std::path::Path) -> String {
    format!(
        "`{}` holds no copy of the workbook: give a folder with one cloned repository per \
         student",
        dir.display()
    )
}

/// A student's report folder could not be made.
pub fn no_report_folder(error: &std::io::Error) -> String {
    format!("Failed to create a folder for the report: {error}")
}

/// A kata not judged when the student's grading was stopped.
pub fn stopped_before() -> String {
    "the student's grading was stopped before this kata was judged".to_string()
}

/// The grading runner ended without writing its report.
pub fn no_report() -> String {
    "the runner wrote no report".to_string()
}

/// A student's grading ran out of its time (`seconds`).
pub fn took_too_long(seconds: u64) -> String {
    format!("grading took longer than {seconds} s and was stopped")
}

/// The grading runner failed and said nothing on stderr.
pub fn failed_silently() -> String {
    "the runner failed without a message".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_missing_protection_is_one_line_that_says_what_a_kata_can_do() {
        assert_eq!(less_confined(&[]), "");
        let text = less_confined(&[
            MissingProtection::NoLandlock,
            MissingProtection::NoTcpRules { abi: 0 },
            MissingProtection::NoSignalScope { abi: 5 },
        ]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "Student code is confined less than it should be here:"
        );
        assert_eq!(lines.len(), 4, "{text}");
        assert!(lines[1].starts_with("  - files: this kernel has no Landlock"));
        assert!(lines[2].ends_with("cargo and rustc"), "{text}");
        assert!(lines[3].ends_with("(this kernel's is ABI 5)"), "{text}");
        let elsewhere = missing_protection(MissingProtection::NoBox { os: "macos" });
        assert!(elsewhere.contains("on macos a kata reads"), "{elsewhere}");
    }
}
