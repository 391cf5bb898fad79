//! The teacher's commands: `grade` a class, write a `handout`, keep the
//! Classroom workflow current.

pub mod grade;
pub mod handout;
pub mod workflow;
