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
use cli::{Args, Command, Outcome, VerifyArgs};
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
    core::explore::on_library_build(|library| {
        eprint!("{}", render::track::explorer_building(library))
    });
    let root = args.root.unwrap_or_else(runner_root);
    // With `verify --trusted`, every check reads the trusted `checks/`.
    let trusted = match &args.command {
        Command::Verify(VerifyArgs {
            trusted: Some(source),
            ..
        }) => Some(core::trusted::TrustedChecks::fetch(&root, source)?),
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
        run_log: core::workbook::RunLog::default(),
    };
    dispatch(&workbook, args.command)
}

/// The command's own code, given the workbook it works on.
fn dispatch(workbook: &Workbook, command: Command) -> Result<Outcome> {
    match command {
        Command::Next(shown) => learner::next::next(workbook, shown.full),
        Command::Run(a) => learner::next::run(workbook, &a.name, a.shown.full),
        Command::Hint(a) => learner::hint::hint(workbook, a.name.as_deref(), a.all),
        Command::List(a) => learner::list::list(workbook, a.json),
        Command::Reset(kata) => learner::reset::reset(workbook, &kata.name),
        Command::Solution(a) => learner::solution::solution(workbook, &a.name, a.force),
        Command::Verify(a) => {
            let target = if a.solutions {
                Target::Solution
            } else if a.shipped {
                Target::Shipped
            } else {
                Target::Exercise
            };
            match a.report {
                Some(format) => {
                    learner::verify::report(workbook, &a.names, target, format, a.out.as_deref())
                }
                None => learner::verify::verify(workbook, &a.names, target),
            }
        }
        Command::Watch(a) => {
            learner::watch::watch(workbook, &learner::watch::Options { poll: a.poll })
        }
        Command::Explore(request) => learner::explore::explore(workbook, &request),
        Command::Trace(request) => learner::trace::trace(workbook, &request),
        Command::BuildExplorer => learner::prepare::build_in_background(workbook),
        Command::EditorCheck => learner::editor_check::editor_check(workbook),
        Command::Step(request) => learner::step::step(workbook, &request),
        Command::Dev(_) if core::workbook::is_handout(&workbook.root) => anyhow::bail!(
            "`cargo xtask dev` is for the workbook's maintainers; this copy is a handout, \
             without the reference solutions and attempts those tools need"
        ),
        #[cfg(not(feature = "teaching"))]
        Command::Handout(_)
        | Command::ClassroomWorkflow(_)
        | Command::GradeWorkflow(_)
        | Command::Grade(_)
        | Command::GradeMerge(_)
        | Command::Dev(_) => {
            hand_to_full_runner("The teachers' and maintainers' commands are a runner of their own")
        }
        #[cfg(feature = "teaching")]
        teaching => dispatch_teaching(workbook, teaching),
    }
}

/// The teachers' and maintainers' commands.
#[cfg(feature = "teaching")]
fn dispatch_teaching(workbook: &Workbook, command: Command) -> Result<Outcome> {
    match command {
        Command::Handout(a) => teacher::handout::handout(workbook, &a.dir),
        Command::ClassroomWorkflow(a) => {
            teacher::workflow::write(&workbook.root, &workbook.catalog, a.check)
        }
        Command::GradeWorkflow(a) => {
            teacher::workflow::write_grade(&workbook.root, a.parts, a.check)
        }
        Command::Grade(a) => {
            teacher::grade::grade(workbook, &teacher::grade::GradeRequest::from(a))
        }
        Command::GradeMerge(a) => teacher::grade_merge::merge(&a.parts, &a.out),
        Command::Dev(Dev::New(a)) => {
            maintainer::new::new_kata(workbook, &a.name, a.chapter.as_deref())
        }
        Command::Dev(Dev::Curriculum) => maintainer::curriculum::curriculum(workbook),
        Command::Dev(Dev::Bless(a)) => maintainer::bless::bless(workbook, &a.names),
        Command::Dev(Dev::Bench(cli::BenchArgs {
            grading: Some(students),
            ..
        })) => maintainer::bench_grading::bench_grading(workbook, students),
        Command::Dev(Dev::Bench(a)) => maintainer::bench::bench(
            workbook,
            &maintainer::bench::Options {
                kata: a.kata,
                runs: a.runs,
                cold: a.cold,
            },
        ),
        Command::Dev(Dev::Stress(a)) => {
            maintainer::stress::stress(workbook, &a.names, a.runs, a.load)
        }
        learner => dispatch(workbook, learner),
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
