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
//! - `watch`    re-checks the current kata on every save (file events, keys).
//! - `bench`    times the save -> verdict paths against the compiler alone.
//! - `attempts` the corpus of learner programs, wrong and right, the checks must tell apart.
//! - `stress`   judges every correct program many times (optionally under CPU load).
//! - `grading`  grade reports (JSON in GitHub Classroom's shape, JUnit XML).
//! - `trusted`  check data from outside the learner's copy (`verify --trusted`).
//! - `class`    grades a folder of student copies into a CSV and an HTML table.
//! - `workflow` the GitHub Classroom workflow, generated from the catalog.
//! - `handout`  the student copy without solutions.
//! - `scaffold` `new`: a kata's files and entries from a template.
//! - `schedules` `explore`: a kata under many thread schedules (shuttle), not only the OS's.
//! - `curriculum` is the track ready to hand out?

pub mod attempts;
pub mod bench;
pub mod build;
pub mod catalog;
pub mod checks;
pub mod class;
pub mod cli;
pub mod commands;
pub mod curriculum;
pub mod execute;
pub mod grading;
pub mod handout;
pub mod judge;
pub mod progress;
pub mod report;
pub mod scaffold;
pub mod schedules;
pub mod stress;
pub mod trusted;
pub mod watch;
pub mod workflow;

use std::path::{Path, PathBuf};

use anyhow::Result;

use catalog::Catalog;
use cli::{Args, Command};
use commands::Outcome;
use judge::{Target, Workbook};

/// The workbook this runner belongs to: the parent of `xtask/`.
///
/// `cargo run` (and so `cargo xtask`) says at run time where the package is
/// now, and that wins over the path compiled in: cargo does not rebuild a
/// workbook folder that was moved or renamed, so the compiled-in path can
/// name a folder that is gone.
pub fn default_root() -> PathBuf {
    let compiled_in = Path::new(env!("CARGO_MANIFEST_DIR"));
    let now = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let manifest_dir = now
        .as_deref()
        .filter(|dir| dir.file_name() == compiled_in.file_name() && dir.join("../checks").is_dir())
        .unwrap_or(compiled_in);
    manifest_dir
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
    // With `verify --trusted`, every check reads the trusted `checks/`.
    let trusted = match &args.command {
        Command::Verify {
            trusted: Some(source),
            ..
        } => Some(trusted::TrustedChecks::fetch(&root, source)?),
        _ => None,
    };
    let checks_dir = trusted
        .as_ref()
        .map_or_else(|| root.join("checks"), |t| t.dir().to_path_buf());
    let catalog = Catalog::load(&checks_dir)?;
    let workbook = Workbook {
        root,
        catalog,
        color,
    };
    match args.command {
        Command::Next => commands::next(&workbook),
        Command::Run { name } => commands::run(&workbook, &name),
        Command::Hint { name, all } => commands::hint(&workbook, name.as_deref(), all),
        Command::List { json } => commands::list(&workbook, json),
        Command::Reset { name } => commands::reset(&workbook, &name),
        Command::Solution { name, force } => commands::solution(&workbook, &name, force),
        Command::Verify {
            names,
            solutions,
            shipped,
            report,
            out,
            trusted: _,
        } => {
            let target = if solutions {
                Target::Solution
            } else if shipped {
                Target::Shipped
            } else {
                Target::Exercise
            };
            match report {
                Some(format) => {
                    grading::verify_report(&workbook, &names, target, format, out.as_deref())
                }
                None => commands::verify(&workbook, &names, target),
            }
        }
        Command::New { name, chapter } => scaffold::new_kata(&workbook, &name, chapter.as_deref()),
        Command::Curriculum => curriculum::curriculum(&workbook),
        Command::Handout { dir } => handout::handout(&workbook, &dir),
        Command::ClassroomWorkflow { check } => {
            workflow::write(&workbook.root, &workbook.catalog, check)
        }
        Command::Grade {
            dir,
            trusted,
            out,
            jobs,
            student_timeout,
        } => class::grade(
            &workbook,
            &class::GradeRequest {
                students_dir: dir,
                trusted,
                out,
                jobs: jobs.map(|j| j as usize),
                student_limit: std::time::Duration::from_secs(student_timeout),
            },
        ),
        Command::Bless { names } => commands::bless(&workbook, &names),
        Command::Watch { poll } => watch::watch(&workbook, &watch::Options { poll }),
        Command::Bench { kata, runs, cold } => {
            bench::bench(&workbook, &bench::Options { kata, runs, cold })
        }
        Command::Stress { names, runs, load } => stress::stress(&workbook, &names, runs, load),
        Command::Explore(request) => schedules::explore_command(&workbook, &request),
    }
}
