//! The runner of the channels workbook.
//!
//! Where things live:
//! - `cli`      the command line (clap).
//! - `commands` one function per command; `commands::current_kata` decides what `next` is.
//! - `catalog`  reads `checks/katas.toml`: the track, in order.
//! - `judge`    build, run, compare: the one path every command judges a kata through.
//! - `build`    the only place that calls cargo: compiles katas, reads diagnostics.
//! - `execute`  runs a built kata in its own process group with a time limit.
//! - `checks`   turns a run's output into facts (the invariants live here) and
//!   compares them with the snapshot.
//! - `progress` remembers which katas are done (a small file, written atomically).
//! - `report`   renders verdicts for people: the only module that knows colour.

pub mod build;
pub mod catalog;
pub mod checks;
pub mod cli;
pub mod commands;
pub mod execute;
pub mod judge;
pub mod progress;
pub mod report;

use std::path::{Path, PathBuf};

use anyhow::Result;

use catalog::Catalog;
use cli::{Args, Command};
use commands::Outcome;
use judge::{Target, Workbook};

/// The workbook this runner was built from: the parent of `xtask/`.
pub fn default_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ lives inside the workspace")
        .to_path_buf()
}

/// Process-wide settings for the snapshot library.
///
/// A learner's check must never write `.snap.new` files or print insta's own
/// advice (which names a tool they do not have), and insta must not spend time
/// asking cargo where the workspace is.
///
/// # Safety
/// Call before any other thread starts (it sets environment variables).
pub unsafe fn prepare_environment() {
    // SAFETY: the caller promises the process is still single-threaded.
    unsafe {
        std::env::set_var("INSTA_UPDATE", "no");
        std::env::set_var("INSTA_OUTPUT", "none");
        std::env::set_var("INSTA_WORKSPACE_ROOT", default_root());
    }
}

/// Runs one parsed command line.
pub fn run(args: Args) -> Result<Outcome> {
    let color = report::init_color(args.color);
    let root = args.root.unwrap_or_else(default_root);
    let catalog = Catalog::load(&root.join("checks"))?;
    let workbook = Workbook { root, catalog, color };
    match args.command {
        Command::Next => commands::next(&workbook),
        Command::Run { name } => commands::run(&workbook, &name),
        Command::Hint { name, all } => commands::hint(&workbook, name.as_deref(), all),
        Command::List { json } => commands::list(&workbook, json),
        Command::Reset { name } => commands::reset(&workbook, &name),
        Command::Solution { name, force } => commands::solution(&workbook, &name, force),
        Command::Verify { names, solutions, shipped } => {
            let target = if solutions {
                Target::Solution
            } else if shipped {
                Target::Shipped
            } else {
                Target::Exercise
            };
            commands::verify(&workbook, &names, target)
        }
        Command::Bless { names } => commands::bless(&workbook, &names),
    }
}
