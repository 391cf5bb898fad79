//! `std::sync` as shuttle models it: locks, condition variables, atomics and
//! channels whose every operation is a scheduling point. `Arc` is std's own.

pub use shuttle::sync::*;

pub mod mpsc;
