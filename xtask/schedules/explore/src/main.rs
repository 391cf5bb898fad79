//! The `explore` binary: the kata program the runner generated, explored.
//!
//! `build.rs` copies the generated program (named by the runner in
//! `WORKBOOK_SCHEDULES_PROGRAM`, see the crate docs) into `OUT_DIR`.

include!(concat!(env!("OUT_DIR"), "/program.rs"));
