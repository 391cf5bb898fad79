//! The `explore` binary: the kata program the runner generated, explored.
//!
//! `WORKBOOK_SCHEDULES_PROGRAM` names the generated file (see the crate docs);
//! cargo rebuilds this binary when the variable or the file changes.

include!(env!("WORKBOOK_SCHEDULES_PROGRAM"));
