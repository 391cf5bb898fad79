//! The command line: `cargo xtask <command>`, and what a command answers.
//!
//! Every command module may use these types; none of them needs another
//! command for them. Maintainer commands live under `cargo xtask dev`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// What a command found, as opposed to an error in running it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Outcome {
    /// Everything checked passed (exit 0).
    Passed,
    /// Some kata failed its check (exit 1).
    Failed,
}

impl Outcome {
    pub fn from_pass(passed: bool) -> Self {
        if passed { Self::Passed } else { Self::Failed }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The machine-readable formats of `verify --report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// GitHub Classroom's result shape, one entry per kata.
    Json,
    /// JUnit XML, one `<testcase>` per kata.
    Junit,
}

#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "The channels workbook: learn std::sync::mpsc one kata at a time.",
    version,
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
    Next(ShownArgs),
    /// Check one kata.
    Run(RunArgs),
    /// Show the next hint for a kata (the current one by default).
    Hint(HintArgs),
    /// Show the track and your progress.
    List(ListArgs),
    /// Restore a kata as shipped; your attempt is kept as a backup.
    Reset(KataArgs),
    /// Show a kata's reference solution (once you have passed it).
    Solution(SolutionArgs),
    /// Check every kata (or the named ones) and print `N passed, M failed`.
    Verify(VerifyArgs),
    /// Check the current kata on every save; move on when it passes.
    ///
    /// Keys: h hint, l the track (j/k move, Enter watch, r reset, f filter),
    /// t trace, r re-run, n next, q quit. Without a terminal the
    /// same letters are read as lines, and the end of the input does not stop
    /// the watcher (Ctrl-C does).
    Watch(WatchArgs),
    /// Run a kata under many thread schedules, not only the one the OS picks.
    ///
    /// Your file is built a second time against a scheduler that decides which
    /// thread runs at every channel operation; each schedule is judged by the
    /// kata's check. A deadlock is shown with every blocked thread, a broken
    /// check with the interleaving that breaks it. The explorer is compiled
    /// once, in the background after your first check.
    Explore(ExploreArgs),
    /// Draw what the threads and channels did on one schedule.
    ///
    /// One lane per thread, time going down: each send, receive, join and
    /// lock, where a thread waited and what let it go on, each channel's
    /// fill, the lines printed, and the event that broke the check. Without
    /// `--seed`, the schedule traced is the one your last check of the same
    /// file failed on; else the first one a quick search finds that breaks
    /// the check, or else the first one tried.
    Trace(TraceArgs),
    /// Be the scheduler: pick which thread goes next, then see the check judge it.
    ///
    /// At each point where more than one thread could go on, every thread's
    /// next operation and each channel's buffer are shown, and you pick the
    /// thread (a digit key in a terminal; a line with its number otherwise).
    /// At the end the kata's check judges the schedule you made, and it is
    /// drawn as `trace` draws one. `--break-it` starts from a wrong variant
    /// of the solution: you win when your schedule breaks the check.
    Step(StepArgs),
    /// Write a copy for students, without the solutions (for teachers).
    Handout(HandoutArgs),
    /// Write the GitHub Classroom workflow from the catalog (for teachers).
    ClassroomWorkflow(WorkflowCheckArgs),
    /// Grade a folder of student copies into a CSV and an HTML table (for teachers).
    Grade(GradeArgs),
    /// Join the parts graded with `grade --shard` into one class's reports (for teachers).
    ///
    /// Each part's grades.json becomes the class's grades.csv, grades.html
    /// and grades.json, as one `grade` of the whole class writes them.
    GradeMerge(GradeMergeArgs),
    /// Write the GitHub Actions workflow that grades a class in parts (for teachers).
    ///
    /// A matrix of `grade --shard I/N` jobs on the assignment's
    /// repositories, then one `grade-merge`, with this workbook's runner and
    /// check data.
    GradeWorkflow(GradeWorkflowArgs),
    /// Build the explorer's library now (the runner starts this itself, in
    /// the background, after the first verdict).
    #[command(hide = true)]
    BuildExplorer,
    /// `cargo check` of the current kata alone, as cargo's JSON messages: what
    /// rust-analyzer runs on save (`.vscode/settings.json`), so an editor shows
    /// the errors of the kata you are on, not those of the katas still
    /// shipped broken, and builds in a target directory of its own.
    #[command(hide = true)]
    EditorCheck,
    /// Tools for the workbook's authors and maintainers (not in a handout).
    #[command(subcommand)]
    Dev(Dev),
}

/// How much of a verdict `next` shows.
#[derive(Debug, Clone, clap::Args)]
pub struct ShownArgs {
    /// Show every line of the program's output, the diff and the compiler's
    /// errors, instead of what fits on the screen.
    #[arg(long)]
    pub full: bool,
}

/// What `run` was asked: one kata, and how much of its verdict to show.
#[derive(Debug, Clone, clap::Args)]
pub struct RunArgs {
    /// The kata's name (see `cargo xtask list`).
    pub name: String,
    #[command(flatten)]
    pub shown: ShownArgs,
}

/// What `reset` was asked: one kata.
#[derive(Debug, Clone, clap::Args)]
pub struct KataArgs {
    /// The kata's name (see `cargo xtask list`).
    pub name: String,
}

/// What `cargo xtask hint` was asked.
#[derive(Debug, Clone, clap::Args)]
pub struct HintArgs {
    pub name: Option<String>,
    /// Show every hint at once.
    #[arg(long)]
    pub all: bool,
}

/// What `cargo xtask list` was asked.
#[derive(Debug, Clone, clap::Args)]
pub struct ListArgs {
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// What `cargo xtask solution` was asked.
#[derive(Debug, Clone, clap::Args)]
pub struct SolutionArgs {
    pub name: String,
    /// Show it even if the kata is not done yet.
    #[arg(long)]
    pub force: bool,
}

/// What `cargo xtask verify` was asked.
#[derive(Debug, Clone, clap::Args)]
pub struct VerifyArgs {
    /// Only these katas.
    pub names: Vec<String>,
    /// Judge the reference solutions instead of your files.
    #[arg(long, conflicts_with = "shipped")]
    pub solutions: bool,
    /// Prove that every shipped kata fails the way the catalog says.
    #[arg(long)]
    pub shipped: bool,
    /// Print a machine-readable report instead (for graders and CI).
    #[arg(long, value_enum, conflicts_with = "shipped")]
    pub report: Option<ReportFormat>,
    /// Write the report to this file and print the usual summary.
    #[arg(long, requires = "report")]
    pub out: Option<PathBuf>,
    /// Take the check data (`checks/`) from a trusted source instead of this
    /// copy: a checkout of the original workbook, or a git revision.
    #[arg(long, value_name = "DIR|REV")]
    pub trusted: Option<String>,
}

/// What `cargo xtask watch` was asked.
#[derive(Debug, Clone, clap::Args)]
pub struct WatchArgs {
    /// Look at the files four times a second instead of waiting for
    /// file-system events (for network drives and containers where saves go
    /// unnoticed).
    #[arg(long)]
    pub poll: bool,
}

/// What `cargo xtask handout` was asked.
#[derive(Debug, Clone, clap::Args)]
pub struct HandoutArgs {
    /// A new, empty folder.
    pub dir: PathBuf,
}

/// What `cargo xtask classroom-workflow` was asked.
#[derive(Debug, Clone, clap::Args)]
pub struct WorkflowCheckArgs {
    /// Only check that the committed workflow is current.
    #[arg(long)]
    pub check: bool,
}

/// What `cargo xtask grade` was asked.
#[derive(Debug, Clone, clap::Args)]
pub struct GradeArgs {
    /// A folder with one copy of the workbook per student.
    pub dir: PathBuf,
    /// Where the check data comes from (default: this workbook's `checks/`).
    #[arg(long, value_name = "DIR|REV")]
    pub trusted: Option<String>,
    /// Where to write grades.csv, grades.html and grades.json (default: DIR).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Students graded at the same time (default: one per core).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub jobs: Option<u32>,
    /// Seconds one student's grading may take before it is stopped.
    #[arg(long, default_value_t = 900, value_parser = clap::value_parser!(u64).range(1..))]
    pub student_timeout: u64,
    /// Grade this commit of each student's repository (a tag, a branch,
    /// a commit id), not the files as they are in the folder.
    #[arg(long, value_name = "REF", conflicts_with = "deadline")]
    pub rev: Option<String>,
    /// Grade each student's last commit at or before this time (as git
    /// reads it: `2026-12-01 23:59`, `2026-12-01T23:59:00+01:00`).
    #[arg(long, value_name = "TIME")]
    pub deadline: Option<String>,
    /// Grade only part I of N of the class (its folders sorted by name and
    /// cut into N nearly equal runs); join the parts with `grade-merge`.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<crate::core::shard::Shard>,
    /// Grade on a system without the box for student code (macOS,
    /// Windows): their programs run with your files and network.
    #[arg(long)]
    pub unconfined: bool,
    /// Also write one feedback file per student into this folder: each
    /// kata's status and the message the student would have seen.
    #[arg(long, value_name = "DIR")]
    pub feedback: Option<PathBuf>,
}

/// What `cargo xtask grade-merge` was asked.
#[derive(Debug, Clone, clap::Args)]
pub struct GradeMergeArgs {
    /// Each part's grades.json (or the folder it is in).
    #[arg(required = true, value_name = "PART")]
    pub parts: Vec<PathBuf>,
    /// Where to write the class's reports (default: the current folder).
    #[arg(long, default_value = ".")]
    pub out: PathBuf,
}

/// What `cargo xtask grade-workflow` was asked.
#[derive(Debug, Clone, clap::Args)]
pub struct GradeWorkflowArgs {
    /// Parallel jobs, each grading one part of the class.
    #[arg(long, default_value_t = crate::core::grade_workflow::DEFAULT_PARTS,
          value_parser = clap::value_parser!(u32).range(1..=256))]
    pub parts: u32,
    /// Only check that the committed workflow is current.
    #[arg(long, conflicts_with = "parts")]
    pub check: bool,
}

/// `cargo xtask dev <command>`: for whoever writes or maintains the track.
#[derive(Debug, Subcommand)]
pub enum Dev {
    /// Scaffold a new kata: its files, catalog entry and binaries.
    New(NewArgs),
    /// Check that the whole track is ready to hand out.
    Curriculum,
    /// Measure how fast the runner answers on this machine.
    ///
    /// Works on a temporary copy of the workbook; your files are not touched.
    Bench(BenchArgs),
    /// Record snapshots from the reference solutions.
    Bless(BlessArgs),
    /// Judge every solution and correct attempt many times:
    /// a sound check passes a correct program on every run.
    Stress(StressArgs),
}

/// What `cargo xtask dev new` was asked.
#[derive(Debug, Clone, clap::Args)]
pub struct NewArgs {
    /// The kata's name (lowercase letters, digits and `_`).
    pub name: String,
    /// The chapter's folder in exercises/, like `04_flow_control`
    /// (default: the last chapter of the track).
    #[arg(long)]
    pub chapter: Option<String>,
}

/// What `cargo xtask dev bench` was asked.
#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// The kata to time.
    #[arg(long, default_value = "fan_in")]
    pub kata: String,
    /// Timed runs per measurement; the median is shown.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub runs: u32,
    /// Also time a fresh clone's first verdict, runner compile included (minutes).
    #[arg(long)]
    pub cold: bool,
    /// Instead, time grading a class of N students made from the handout,
    /// cold, and measure the disk its builds use (minutes).
    #[arg(long, value_name = "N", conflicts_with_all = ["kata", "runs", "cold"],
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub grading: Option<u32>,
}

/// What `cargo xtask dev bless` was asked.
#[derive(Debug, Clone, clap::Args)]
pub struct BlessArgs {
    /// Only these katas.
    pub names: Vec<String>,
}

/// What `cargo xtask dev stress` was asked.
#[derive(Debug, Clone, clap::Args)]
pub struct StressArgs {
    /// Only these katas.
    pub names: Vec<String>,
    /// Checks per program.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    pub runs: u32,
    /// Keep every core busy meanwhile, so the katas run on a loaded machine.
    #[arg(long)]
    pub load: bool,
}

/// What `cargo xtask trace` was asked.
#[derive(Debug, Clone, clap::Args)]
pub struct TraceArgs {
    /// The kata's name (see `cargo xtask list`).
    pub name: String,
    /// The schedule to draw (a report's "replay" line names one).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Draw a fresh schedule instead of searching for one that fails.
    #[arg(long, conflicts_with = "seed")]
    pub fresh: bool,
    /// The seed is a PCT one (`explore --pct`).
    #[arg(long)]
    pub pct: bool,
    /// Fix a parameter instead of drawing it (`--param messages=4`).
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, usize)>,
    /// Trace the reference solution instead of your file.
    #[arg(long)]
    pub solution: bool,
    /// Also write the picture as one self-contained web page.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Draw every row: a long schedule is otherwise shortened to its start,
    /// the rows around what broke the check, and its end.
    #[arg(long)]
    pub all: bool,
}

/// What `cargo xtask step` was asked.
#[derive(Debug, Clone, clap::Args)]
pub struct StepArgs {
    /// The kata's name (see `cargo xtask list`).
    pub name: String,
    /// Save your choices and the parameters as `.workbook/schedules/<kata>-<NAME>.txt`.
    #[arg(long, value_name = "NAME")]
    pub save: Option<String>,
    /// Replay a saved schedule, with its parameters (then go on asking, if it
    /// stops short).
    #[arg(long, value_name = "NAME", conflicts_with = "choices")]
    pub replay: Option<String>,
    /// Replay these choices (`--choices 0,1,1`: thread numbers).
    #[arg(long, value_name = "LIST")]
    pub choices: Option<String>,
    /// Start from a wrong variant of the solution, and break its check.
    #[arg(long)]
    pub break_it: bool,
    /// Step the reference solution instead of your file.
    #[arg(long, conflicts_with = "break_it")]
    pub solution: bool,
    /// Fix a parameter instead of drawing it (`--param messages=4`).
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, usize)>,
}

/// What `cargo xtask explore` was asked.
#[derive(Debug, Clone, clap::Args)]
pub struct ExploreArgs {
    /// The kata's name (see `cargo xtask list`).
    pub name: String,
    /// Schedules to try.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub iterations: u64,
    /// Use PCT (random thread priorities, a few preemptions) instead of a
    /// random choice at every step.
    #[arg(long)]
    pub pct: bool,
    /// Run every schedule with few preemptions, fewest first (as a check
    /// does first, at the kata's small parameters), instead of random ones.
    #[arg(long, conflicts_with_all = ["pct", "seed"])]
    pub bounded: bool,
    /// The first schedule to try; a report's "replay" line names one.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Fix a parameter instead of drawing it (`--param producers=3`).
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, usize)>,
    /// Explore the reference solution instead of your file.
    #[arg(long)]
    pub solution: bool,
}

/// `NAME=VALUE` with a whole number as the value.
fn parse_param(text: &str) -> Result<(String, usize), String> {
    let (name, value) = text
        .split_once('=')
        .ok_or("expected NAME=VALUE, e.g. producers=3")?;
    let value = value
        .parse()
        .map_err(|_| format!("`{value}` is not a whole number"))?;
    Ok((name.to_string(), value))
}
