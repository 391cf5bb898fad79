//! The teacher's commands: `grade` a class (or a part of it, and
//! `grade-merge` the parts), write a `handout`, keep the
//! Classroom workflow current.

pub mod grade;
pub mod grade_merge;
pub mod handout;
pub mod reports;
pub mod workflow;
