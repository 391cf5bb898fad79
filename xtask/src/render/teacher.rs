//! What the teacher's commands say beside the grades themselves (those are
//! `grading`, `class`, `grade_progress`): why `grade-merge` will not join
//! parts, what a handout, a workflow or a report was written to.

use std::path::Path;

use crate::core::handout::SolutionLeaks;
use crate::core::shard::{BadShard, Difference, JoinRefusal};
use crate::core::submission::{NoCommit, NotExported};
use crate::core::trusted::Untrusted;

/// A part that is not a class's grades.
pub fn not_class_grades(file: &Path) -> String {
    format!(
        "`{}` is not a class's grades as `cargo xtask grade` writes them \
         (it may come from an older runner: grade that part again)",
        file.display()
    )
}

/// The parts joined: how many, of a class of how many students.
pub fn joined(parts: usize, class_size: usize) -> String {
    format!(
        "Joined {parts} part{} of a class of {class_size} students.\n",
        if parts == 1 { "" } else { "s" }
    )
}

/// Why the parts do not make one class, and what to do.
pub fn join_refusal(why: &JoinRefusal) -> String {
    match why {
        JoinRefusal::NoParts => "no parts to join: name the `grades.json` of every part".into(),
        JoinRefusal::GradedDifferently { first, other, by } => {
            let (what, advice, both) = match by {
                Difference::Checks => (
                    "check data",
                    "grade every part with the same `--trusted` source",
                    String::new(),
                ),
                Difference::Picks(a, b) => (
                    "picks of the students' commits",
                    "grade every part with the same --rev or --deadline, or neither",
                    format!(" (`{a}` and `{b}`)"),
                ),
                Difference::Runners(a, b) => (
                    "runners",
                    "grade every part with the same commit of your workbook",
                    format!(" ({a} and {b})"),
                ),
            };
            format!(
                "`{}` and `{}` were graded with different {what}: {advice}{both}",
                first.display(),
                other.display()
            )
        }
        JoinRefusal::ClassSizes {
            first,
            first_size,
            other,
            other_size,
        } => format!(
            "`{}` is part of a class of {first_size} students and `{}` of one of {other_size}: \
             grade every part from the same folder of repositories",
            first.display(),
            other.display()
        ),
        JoinRefusal::Overlap {
            student,
            first,
            other,
        } => format!(
            "`{student}` is graded in both `{}` and `{}`: the parts overlap \
             (join the parts of one grading, all cut with the same --shard I/N)",
            first.display(),
            other.display()
        ),
        JoinRefusal::Cuts {
            first,
            count,
            other,
            its_count,
        } => format!(
            "`{}` is one of {count} parts and `{}` one of {its_count}: \
             join the parts of one grading, all cut with the same --shard I/N",
            first.display(),
            other.display()
        ),
        JoinRefusal::SamePart {
            first,
            other,
            index,
            count,
        } => format!(
            "`{}` and `{}` are both part {index}/{count}",
            first.display(),
            other.display()
        ),
        JoinRefusal::Missing { parts, count } => {
            let one = parts.len() == 1;
            let names: Vec<String> = parts.iter().map(|i| format!("{i}/{count}")).collect();
            format!(
                "part{} {} of the class {} missing: grade {} with `--shard` and name {} too",
                if one { "" } else { "s" },
                names.join(", "),
                if one { "is" } else { "are" },
                if one { "it" } else { "them" },
                if one {
                    "its grades.json"
                } else {
                    "their grades.json"
                },
            )
        }
        JoinRefusal::Students { graded, class_size } => format!(
            "the parts hold {graded} students, but the class has {class_size}: \
             the folder of repositories changed between the parts; grade them again"
        ),
    }
}

/// `handout` into a folder that is not empty.
pub fn handout_not_empty(dest: &Path) -> String {
    format!(
        "`{}` is not empty: give a new folder for the handout",
        dest.display()
    )
}

/// `handout` into a folder inside the workbook.
pub fn handout_inside(dest: &Path) -> String {
    format!(
        "`{}` is inside the workbook: put the handout somewhere else",
        dest.display()
    )
}

/// The handout is written to `dest` (`katas` of them): how to publish it.
pub fn handout_written(dest: &Path, katas: usize) -> String {
    format!(
        "Wrote the handout to `{dest}` ({katas} katas, no solutions).\n\
         \n\
         To publish it as the assignment's starter code:\n\
         \x20 cd {dest}\n\
         \x20 git init -b main && git add . && git commit -m \"Starter code\"\n\
         \x20 git remote add origin <new repository> && git push -u origin main\n\
         Then mark the repository as a template and create the Classroom assignment \
         (docs/teachers.md).\n",
        dest = dest.display()
    )
}

/// `--check` of a generated workflow at `path`: current (`Some(true)`), out
/// of date (`Some(false)`) or missing (`None`); `command` writes it.
pub fn workflow_state(path: &str, command: &str, current: Option<bool>) -> String {
    match current {
        Some(true) => format!("`{path}` is current.\n"),
        Some(false) => format!("`{path}` is out of date: run `cargo xtask {command}`.\n"),
        None => format!("There is no `{path}`: run `cargo xtask {command}`.\n"),
    }
}

/// The Classroom workflow is written: `steps` grader steps, `points` in all.
pub fn classroom_workflow_written(path: &str, steps: usize, points: u32) -> String {
    format!("wrote `{path}`: {steps} grader steps, {points} points in all\n")
}

/// The grading workflow is written, with `parts` parallel parts.
pub fn grade_workflow_written(path: &str, parts: u32) -> String {
    format!(
        "wrote `{path}`: {parts} parallel part{}, then one job that joins them\n",
        if parts == 1 { "" } else { "s" }
    )
}

/// A report file is written.
pub fn wrote(path: &Path) -> String {
    format!("wrote {}\n", path.display())
}

/// The feedback files are written: `count` of them, into `dir`.
pub fn feedback_written(count: usize, dir: &Path) -> String {
    format!(
        "wrote {count} feedback file{} into {}\n",
        if count == 1 { "" } else { "s" },
        dir.display()
    )
}

impl std::fmt::Display for Untrusted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoCatalogIn(path) => write!(
                f,
                "`{}` holds no `checks/katas.toml`: --trusted takes a checkout of the original \
                 workbook (or its `checks/` folder), or a git revision",
                path.display()
            ),
            Self::NotARevision(revision) => {
                write!(f, "`{revision}` is not a directory or a git revision")
            }
            Self::NotARepository { revision, root } => write!(
                f,
                "`{revision}` is not a directory, and `{}` is not a git repository (a downloaded \
                 archive has no history) in which to look it up as a revision: give --trusted \
                 a checkout of the original workbook, or its `checks/` folder",
                root.display()
            ),
            Self::NoSuchRevision { revision, root } => write!(
                f,
                "`{revision}` is neither a directory nor a git revision of `{}`: --trusted takes \
                 a checkout of the original workbook, or a commit (e.g. the one the assignment \
                 started from)",
                root.display()
            ),
            Self::NoChecksFolder { revision, git_said } => {
                write!(f, "`{revision}` has no `checks/` folder: {git_said}")
            }
            Self::Unpack { revision, tar_said } => {
                write!(f, "Failed to unpack the checks of `{revision}`: {tar_said}")
            }
            Self::NoCatalogAt(revision) => write!(f, "`{revision}` has no `checks/katas.toml`"),
        }
    }
}

impl std::error::Error for Untrusted {}

impl std::fmt::Display for NotExported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let doing = if self.unpacking { "unpack" } else { "export" };
        write!(f, "Failed to {doing} commit {}: {}", self.commit, self.said)
    }
}

impl std::error::Error for NotExported {}

impl std::fmt::Display for NoCommit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotARevision(rev) => write!(f, "`{rev}` is not a git revision"),
            Self::NoSuchRevision(rev) => write!(f, "the repository has no commit `{rev}`"),
            Self::NotATime(time) => write!(f, "`{time}` is not a time"),
            Self::NoneBefore(time) => write!(f, "no commit at or before {time}"),
            Self::GitFailed(args) => write!(f, "git {args} failed"),
        }
    }
}

impl std::error::Error for NoCommit {}

impl std::fmt::Display for BadShard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotAPart(text) => write!(f, "`{text}` is not a part"),
            Self::NotANumber(text) => write!(f, "`{text}` is not a whole number"),
            Self::NoParts(text) => write!(f, "there are no parts in `{text}`"),
            Self::NoSuchPart { index, count } => write!(f, "there is no part {index} of {count}"),
        }?;
        write!(
            f,
            ": give I/N, the part I of N parts, with 1 <= I <= N (e.g. 2/4)"
        )
    }
}

impl std::error::Error for BadShard {}

impl std::fmt::Display for SolutionLeaks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the handout is not safe to publish:")?;
        for leak in &self.0 {
            write!(
                f,
                "\n  `{}` holds the solution of `{}`",
                leak.file.display(),
                leak.kata
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for SolutionLeaks {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::handout::Leak;

    #[test]
    fn why_check_data_or_a_commit_could_not_be_had_reads_as_before() {
        assert_eq!(
            Untrusted::NoChecksFolder {
                revision: "v1".to_string(),
                git_said: "fatal: no path".to_string(),
            }
            .to_string(),
            "`v1` has no `checks/` folder: fatal: no path"
        );
        assert_eq!(
            NotExported {
                commit: "abc".to_string(),
                unpacking: true,
                said: "tar: bad".to_string(),
            }
            .to_string(),
            "Failed to unpack commit abc: tar: bad"
        );
        assert_eq!(
            NoCommit::NoneBefore("2026-01-01".to_string()).to_string(),
            "no commit at or before 2026-01-01"
        );
        let leaks = SolutionLeaks(vec![
            Leak {
                file: "a.rs".into(),
                kata: "ping".to_string(),
            },
            Leak {
                file: "b.md".into(),
                kata: "pong".to_string(),
            },
        ]);
        assert_eq!(
            leaks.to_string(),
            "the handout is not safe to publish:\n  `a.rs` holds the solution of `ping`\n  \
             `b.md` holds the solution of `pong`"
        );
    }
}
