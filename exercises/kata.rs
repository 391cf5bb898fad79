//! Helpers shared by every kata. You never need to edit this file.
//!
//! The runner changes some numbers on every run (how many producers, how many
//! messages), so a program only passes if it really moves every message through
//! its channel. When you run a kata by hand, the defaults below are used.

/// The value the runner chose for `name` on this run, or `default` when the
/// program runs on its own (`cargo run -p exercises --bin <kata>`).
///
/// The runner passes each value in an environment variable `KATA_<NAME>`.
pub fn param(name: &str, default: usize) -> usize {
    let var = format!("KATA_{}", name.to_ascii_uppercase());
    std::env::var(var)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}
