//! The runner of the channels workbook.
//!
//! Where things live:
//! - `catalog`  reads `checks/katas.toml`: the track, in order.
//! - `build`    the only place that calls cargo: compiles katas, reads diagnostics.
//! - `execute`  runs a built kata in its own process group with a time limit.
//! - `checks`   turns a run's output into facts and compares them with the snapshot.
//! - `progress` remembers which katas are done (a small file, written atomically).
//! - `report`   renders verdicts for people: the only module that knows colour.
//! - `commands` one function per `cargo xtask` command.

pub mod catalog;
pub mod execute;
