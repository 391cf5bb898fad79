//! `cargo xtask dev <command>`: tools for whoever writes or maintains the
//! track. A handout leaves them out: they need the solutions and the attempt
//! corpus.
//! - `attempts`   the corpus of learner programs the checks must tell apart.
//! - `bench`      times the save -> verdict paths against the compiler alone.
//! - `bless`      records snapshots and pinned diagnostics from the solutions.
//! - `curriculum` is the track ready to hand out?
//! - `new`        scaffolds a kata.
//! - `stress`     judges every correct program many times, optionally under load.

pub mod attempts;
pub mod bench;
pub mod bench_grading;
pub mod bless;
pub mod curriculum;
pub mod new;
pub mod stress;
