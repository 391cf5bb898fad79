//! The command line: `cargo xtask <command>`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::report::ColorChoice;

#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "The channels workbook: learn std::sync::mpsc one kata at a time.",
    after_help = "Start with `cargo xtask next`."
)]
pub struct Args {
    /// When to use colours.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// The workbook to work on (default: the one this runner belongs to).
    #[arg(long, global = true, hide = true, env = "WORKBOOK_ROOT")]
    pub root: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the current kata (the first one not done); move on when it passes.
    Next,
    /// Check one kata.
    Run {
        /// The kata's name (see `cargo xtask list`).
        name: String,
    },
    /// Show the next hint for a kata (the current one by default).
    Hint {
        name: Option<String>,
        /// Show every hint at once.
        #[arg(long)]
        all: bool,
    },
    /// Show the track and your progress.
    List {
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Restore a kata as shipped; your attempt is kept as a backup.
    Reset { name: String },
    /// Show a kata's reference solution (once you have passed it).
    Solution {
        name: String,
        /// Show it even if the kata is not done yet.
        #[arg(long)]
        force: bool,
    },
    /// Check every kata (or the named ones) and print `N passed, M failed`.
    Verify {
        /// Only these katas.
        names: Vec<String>,
        /// Judge the reference solutions instead of your files.
        #[arg(long, conflicts_with = "shipped")]
        solutions: bool,
        /// Prove that every shipped kata fails the way the catalog says.
        #[arg(long)]
        shipped: bool,
    },
    /// Record snapshots from the reference solutions (for maintainers).
    Bless {
        /// Only these katas.
        names: Vec<String>,
    },
}
