//! The kata's `std`: the real one, except `sync` and `thread`, which are
//! shuttle's (wrapped where the report needs to know who waits for what).

pub use ::std::*;

pub mod sync;
pub mod thread;
