//! The runner of the channels workbook. See `xtask/ARCHITECTURE.md` for the
//! layers and the path of one check through them.
//!
//! Dependencies point one way: commands -> render -> core -> base.
//! - `cli`        the command line (clap) and `Outcome`, shared by every command.
//! - `learner/`   next, run, hint, list, reset, solution, verify, watch, explore.
//! - `teacher/`   grade a class, write a handout.
//! - `maintainer/` `cargo xtask dev ...`: bench, stress, bless, new, curriculum.
//!   These two are the `teaching` feature: `cargo xtask` builds the runner
//!   without them, and hands their commands to the full runner
//!   (`hand_to_full_runner`).
//! - `render/`    everything people read, and the only place that knows colour.
//! - `core/`      the workbook, its catalog, progress, the checks (facts and
//!   invariants), the judge (build -> run -> facts -> explore stage), and the
//!   explorer. The core never prints.
//! - `base/`      cargo and rustc calls, running a program with a time limit,
//!   the worker pool.

pub mod base;
pub mod cli;
pub mod core;
pub mod learner;
#[cfg(feature = "teaching")]
pub mod maintainer;
pub mod render;
#[cfg(feature = "teaching")]
pub mod teacher;

use anyhow::Result;

#[cfg(feature = "teaching")]
use cli::Dev;
use cli::{Args, Command, Outcome};
use core::catalog::Catalog;
use core::workbook::{Target, Workbook, runner_explorer, runner_root};

/// Runs one parsed command line.
pub fn run(args: Args) -> Result<Outcome> {
    #[cfg(not(feature = "teaching"))]
    if core::workbook::box_asked() {
        return hand_to_full_runner(
            "Boxed runs (WORKBOOK_CONFINE=1) are the full runner's, which has the box",
        );
    }
    let color = render::init_color(match args.color {
        cli::ColorChoice::Always => Some(true),
        cli::ColorChoice::Never => Some(false),
        cli::ColorChoice::Auto => None,
    });
    core::explore::on_library_build(render::track::explorer_building);
    let root = args.root.unwrap_or_else(runner_root);
    // With `verify --trusted`, every check reads the trusted `checks/`.
    let trusted = match &args.command {
        Command::Verify {
            trusted: Some(source),
            ..
        } => Some(core::trusted::TrustedChecks::fetch(&root, source)?),
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
        explorer: runner_explorer(),
        confinement: core::workbook::runner_confinement(),
    };
    match args.command {
        Command::Next => learner::next::next(&workbook),
        Command::Run { name } => learner::next::run(&workbook, &name),
        Command::Hint { name, all } => learner::hint::hint(&workbook, name.as_deref(), all),
        Command::List { json } => learner::list::list(&workbook, json),
        Command::Reset { name } => learner::reset::reset(&workbook, &name),
        Command::Solution { name, force } => learner::solution::solution(&workbook, &name, force),
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
                    learner::verify::report(&workbook, &names, target, format, out.as_deref())
                }
                None => learner::verify::verify(&workbook, &names, target),
            }
        }
        Command::Watch { poll } => {
            learner::watch::watch(&workbook, &learner::watch::Options { poll })
        }
        Command::Explore(request) => learner::explore::explore(&workbook, &request),
        Command::Trace(request) => learner::trace::trace(&workbook, &request),
        Command::BuildExplorer => learner::prepare::build_in_background(&workbook),
        Command::Step(request) => learner::step::step(&workbook, &request),
        Command::Dev(_) if core::workbook::is_handout(&workbook.root) => anyhow::bail!(
            "`cargo xtask dev` is for the workbook's maintainers; this copy is a handout, \
             without the reference solutions and attempts those tools need"
        ),
        #[cfg(not(feature = "teaching"))]
        Command::Handout { .. }
        | Command::ClassroomWorkflow { .. }
        | Command::GradeWorkflow { .. }
        | Command::Grade { .. }
        | Command::GradeMerge { .. }
        | Command::Dev(_) => {
            hand_to_full_runner("The teachers' and maintainers' commands are a runner of their own")
        }
        #[cfg(feature = "teaching")]
        Command::Handout { dir } => teacher::handout::handout(&workbook, &dir),
        #[cfg(feature = "teaching")]
        Command::ClassroomWorkflow { check } => {
            teacher::workflow::write(&workbook.root, &workbook.catalog, check)
        }
        #[cfg(feature = "teaching")]
        Command::GradeWorkflow { parts, check } => {
            teacher::workflow::write_grade(&workbook.root, parts, check)
        }
        #[cfg(feature = "teaching")]
        Command::Grade {
            dir,
            trusted,
            out,
            jobs,
            student_timeout,
            rev,
            deadline,
            shard,
        } => teacher::grade::grade(
            &workbook,
            &teacher::grade::GradeRequest {
                students_dir: dir,
                trusted,
                out,
                jobs: jobs.map(|j| j as usize),
                student_limit: std::time::Duration::from_secs(student_timeout),
                pick: match (rev, deadline) {
                    (Some(rev), _) => teacher::grade::Pick::Rev(rev),
                    (None, Some(time)) => teacher::grade::Pick::Deadline(time),
                    (None, None) => teacher::grade::Pick::Files,
                },
                shard,
            },
        ),
        #[cfg(feature = "teaching")]
        Command::GradeMerge { parts, out } => teacher::grade_merge::merge(&parts, &out),
        #[cfg(feature = "teaching")]
        Command::Dev(dev) => match dev {
            Dev::New { name, chapter } => {
                maintainer::new::new_kata(&workbook, &name, chapter.as_deref())
            }
            Dev::Curriculum => maintainer::curriculum::curriculum(&workbook),
            Dev::Bless { names } => maintainer::bless::bless(&workbook, &names),
            Dev::Bench {
                grading: Some(students),
                ..
            } => maintainer::bench_grading::bench_grading(&workbook, students),
            Dev::Bench {
                kata, runs, cold, ..
            } => maintainer::bench::bench(
                &workbook,
                &maintainer::bench::Options { kata, runs, cold },
            ),
            Dev::Stress { names, runs, load } => {
                maintainer::stress::stress(&workbook, &names, runs, load)
            }
        },
    }
}

/// A teachers' or maintainers' command, or a run in the grading box, given to
/// the runner built without them (`cargo xtask`): the same command line goes
/// to the full runner, which cargo builds the first time (the dependencies
/// are already built), and its exit code is this runner's. `why` starts the
/// one line said first.
#[cfg(not(feature = "teaching"))]
fn hand_to_full_runner(why: &str) -> Result<Outcome> {
    use anyhow::Context;
    let manifest = runner_root().join("Cargo.toml");
    eprintln!("{why} (built once, on first use)...");
    let status = std::process::Command::new(std::env::var_os("CARGO").unwrap_or("cargo".into()))
        .args([
            "run",
            "--package",
            "xtask",
            "--bin",
            "xtask",
            "--manifest-path",
        ])
        .arg(&manifest)
        .arg("--")
        .args(std::env::args_os().skip(1))
        .status()
        .context("Failed to start cargo for the full runner")?;
    // The full runner has said everything; its exit code is the answer.
    std::process::exit(status.code().unwrap_or(2));
}
