//! The core: what a kata is and how it is judged. It never prints.
//! - `workbook` the workbook judged, and where its explorer lives.
//! - `catalog`  `checks/katas.toml`: the track, in order.
//! - `progress` which katas are done (a small file, written atomically).
//! - `track`    where the learner is: the kata `next` works on (`current_kata`).
//! - `checks`   a run's output reduced to facts (the invariants live here),
//!   compared with the snapshot.
//! - `judge`    build -> real runs -> facts -> the explore stage: the one path
//!   every command judges a kata through, and the verdict it ends in.
//! - `explore`  the explorer: a program under many thread schedules.
//! - `grading`  grades as data: each kata's status and score, a class's
//!   grades (`grade`), a report kept as it goes; render words them.
//! - `trusted`  check data from outside the learner's copy (`--trusted`).
//! - `workflow` the GitHub Classroom workflow, generated from the catalog.
//! - `grade_workflow` the GitHub Actions workflow that grades a class in
//!   parallel parts (`grade --shard`, then `grade-merge`).
//! - `handout`  the students' copy of the workbook, written into a folder.
//! - `shard`    a class graded in parts: which students a part holds, and
//!   fingerprints that tell one grading's parts from another's.
//! - `submission` a student's repository: the commit graded, its files, what
//!   it changed of the protected files.

pub mod catalog;
pub mod checks;
pub mod explore;
pub mod grade_workflow;
pub mod grading;
pub mod handout;
pub mod judge;
pub mod progress;
pub mod shard;
pub mod submission;
pub mod track;
pub mod trusted;
pub mod workbook;
pub mod workflow;
