//! What the maintainers' tools say (`cargo xtask dev ...`), beside `bench`'s
//! table (`render::bench`): `new`'s kata, `curriculum`'s checks and
//! problems, `bless`, `stress` and `bench-grading`.

use std::path::Path;

use crate::core::catalog::{Kata, PLACEHOLDER};

// --- new ---

/// `dev new` given a name that is no kata name.
pub fn not_a_kata_name(name: &str) -> String {
    format!(
        "`{name}` is not a kata name: use lowercase letters, digits and `_`, starting with a \
         letter"
    )
}

/// `dev new` given a name the catalog has.
pub fn kata_exists(name: &str) -> String {
    format!("there is already a kata named `{name}`")
}

/// `dev new --chapter` given something that is not one folder.
pub fn not_a_chapter(chapter_dir: &str) -> String {
    format!(
        "`--chapter {chapter_dir}` should name one folder in exercises/, like `04_flow_control`"
    )
}

/// A file `dev new` would write is there already.
pub fn file_exists(file: &Path) -> String {
    format!("`{}` already exists", file.display())
}

/// The new catalog entry does not load.
pub fn entry_does_not_load() -> String {
    "The new catalog entry does not load".to_string()
}

/// The kata `dev new` made: its files, and what to do next.
pub fn kata_created(
    name: &str,
    chapter: &str,
    exercise: &Path,
    solution: &Path,
    shipped: &Path,
) -> String {
    let (exercise, solution, shipped) = (exercise.display(), solution.display(), shipped.display());
    format!(
        "Created kata `{name}` in chapter \"{chapter}\":\n\
         \x20 {exercise}  the kata, as learners get it\n\
         \x20 {solution}  the reference solution\n\
         \x20 {shipped}  the pristine copy (keep it identical to the kata)\n\
         \x20 checks/katas.toml and the three Cargo.toml files: its entries\n\
         \n\
         Next:\n\
         \x20 1. write the kata and its solution; copy the kata to {shipped}\n\
         \x20 2. fill in the {PLACEHOLDER}s of its catalog entry (topic, how it is checked, \
         hints)\n\
         \x20 3. cargo xtask dev bless {name}     record its snapshot from the solution\n\
         \x20 4. cargo xtask dev curriculum       check the whole track\n\
         \x20 5. cargo xtask classroom-workflow   add its grading step\n"
    )
}

// --- curriculum ---

/// One check of `dev curriculum`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Files,
    Pristine,
    ShippedFail,
    SolutionsPass,
    Texts,
    Rustfmt,
    Workflow,
}

/// The line that names a check.
pub fn check_title(check: Check) -> &'static str {
    match check {
        Check::Files => "every file the catalog names is there, with its [[bin]] entry",
        Check::Pristine => "exercises/ are identical to checks/shipped/",
        Check::ShippedFail => "every shipped kata fails as declared",
        Check::SolutionsPass => "every solution passes its check (snapshots current)",
        Check::Texts => "topics, hints, docs and \"Why it works\" notes are written",
        Check::Rustfmt => "solutions are rustfmt-clean",
        Check::Workflow => "the Classroom workflow is current",
    }
}

/// `dev curriculum` starts, over `katas` katas.
pub fn checking_curriculum(katas: usize) -> String {
    format!("Checking the curriculum ({katas} katas)...\n")
}

/// Why a check that needs the solutions was skipped.
pub const NO_SOLUTIONS: &str = "this copy has no solutions/ (a handout)";

/// A problem a check found, under its line.
pub fn problem_line(problem: &str) -> String {
    format!("    {problem}\n")
}

/// The tally of `dev curriculum`.
pub fn curriculum_tally(passed: usize, failed: usize, skipped: usize) -> String {
    let skipped = if skipped > 0 {
        format!(", {skipped} skipped")
    } else {
        String::new()
    };
    format!("{passed} passed, {failed} failed{skipped}\n")
}

/// Something `dev curriculum` found wrong.
#[derive(Debug, Clone, Copy)]
pub enum Problem<'a> {
    /// A file of the kata is missing; `bless` makes it.
    Missing {
        kata: &'a str,
        file: &'a str,
        bless: bool,
    },
    /// A manifest has no `[[bin]]` for the kata's file.
    NoBin {
        kata: &'a str,
        package: &'a str,
        bin: &'a str,
    },
    /// A snapshot of no kata.
    StraySnapshot(&'a str),
    /// The kata's file differs from its shipped copy.
    NotPristine {
        kata: &'a Kata,
        shipped: &'a str,
    },
    /// The shipped file did not fail as declared (`gave`: its status).
    ShippedGave {
        kata: &'a Kata,
        gave: &'a str,
    },
    /// A solution's result: its status and message.
    SolutionFailed {
        kata: &'a str,
        status: &'a str,
        message: &'a str,
    },
    TopicPlaceholder(&'a str),
    HintPlaceholder(&'a str),
    NoDocs(&'a str),
    WhyPlaceholder(&'a str),
    WhyNotOfReference(&'a str),
    NoWhy(&'a str),
    /// A delivery or bounded kata whose parameters cannot vary.
    ParamsFixed(&'a str),
    WorkflowStale(&'a str),
    NoRustfmt,
    /// A file rustfmt would change.
    Unformatted(&'a str),
    /// rustfmt failed (`said`: its stderr).
    RustfmtFailed(&'a str),
}

/// A problem `dev curriculum` found, in one line.
pub fn problem(problem: Problem<'_>) -> String {
    match problem {
        Problem::Missing { kata, file, bless } => {
            let hint = if bless {
                format!(" (`cargo xtask dev bless {kata}`)")
            } else {
                String::new()
            };
            format!("{kata}: `{file}` is missing{hint}")
        }
        Problem::NoBin { kata, package, bin } => {
            format!("{kata}: {package}/Cargo.toml has no [[bin]] `{bin}` for its file")
        }
        Problem::StraySnapshot(name) => format!("`checks/snapshots/{name}` belongs to no kata"),
        Problem::NotPristine { kata, shipped } => format!(
            "{}: `{}` differs from `{shipped}` (`cargo xtask reset {}` restores it)",
            kata.name,
            kata.path.display(),
            kata.name
        ),
        Problem::ShippedGave { kata, gave } => {
            format!("{}: declared: {}; it gave: {gave}", kata.name, kata.shipped)
        }
        Problem::SolutionFailed {
            kata,
            status,
            message,
        } => format!("{kata}: {status}: {message}"),
        Problem::TopicPlaceholder(name) => format!("{name}: the topic is still a placeholder"),
        Problem::HintPlaceholder(name) => format!("{name}: some hints are still placeholders"),
        Problem::NoDocs(name) => format!("{name}: no docs link"),
        Problem::WhyPlaceholder(name) => {
            format!("{name}: the solution's \"Why it works\" is still a placeholder")
        }
        Problem::WhyNotOfReference(name) => format!(
            "{name}: the solution's \"Why it works\" does not say it speaks of the reference \
             solution"
        ),
        Problem::NoWhy(name) => {
            format!("{name}: the solution does not start with `//! Why it works:`")
        }
        Problem::ParamsFixed(name) => {
            format!("{name}: its `params` cannot vary, so a memorized output passes; widen a range")
        }
        Problem::WorkflowStale(path) => {
            format!("`{path}` is out of date: run `cargo xtask classroom-workflow`")
        }
        Problem::NoRustfmt => {
            "rustfmt is not installed (`rustup component add rustfmt`)".to_string()
        }
        Problem::Unformatted(file) => {
            format!("`{file}` is not formatted (`rustfmt --edition 2024 {file}`)")
        }
        Problem::RustfmtFailed(said) => format!("rustfmt failed: {said}"),
    }
}

// --- bless ---

/// Why `dev bless` would not record a kata's snapshot from its solution.
#[derive(Debug, Clone, Copy)]
pub enum Unblessed<'a> {
    DoesNotCompile,
    DidNotFinish,
    /// The solution breaks its own check: the problems, worded.
    BreaksItsCheck(&'a str),
}

/// Why `kata`'s snapshot was not recorded.
pub fn unblessed(kata: &str, why: Unblessed<'_>) -> String {
    match why {
        Unblessed::DoesNotCompile => format!("the solution of `{kata}` does not compile"),
        Unblessed::DidNotFinish => format!("the solution of `{kata}` did not finish in time"),
        Unblessed::BreaksItsCheck(problems) => {
            format!("the solution of `{kata}` breaks its own check: {problems}")
        }
    }
}

/// A snapshot recorded.
pub fn recorded(snapshot: &Path) -> String {
    format!("recorded {}\n", snapshot.display())
}

/// The pinned compiler diagnostics are being recorded.
pub fn recording_diagnostics() -> String {
    "recording compiler diagnostics of the compile-error katas (trybuild)...\n".to_string()
}

/// Recording them failed; trybuild said why, above.
pub fn diagnostics_not_recorded() -> String {
    "recording the diagnostics failed (see above)".to_string()
}

// --- stress ---

/// `dev stress` starts: `programs` judged `runs` times, `workers` at a time.
pub fn stress_starts(programs: usize, runs: u32, workers: usize, load: bool) -> String {
    format!(
        "Judging {programs} programs {runs} times each, {workers} at a time{}...\n",
        if load {
            ", with every core kept busy"
        } else {
            ""
        }
    )
}

/// One program of `dev stress`: how often it passed, and its first failure.
pub struct StressRow<'a> {
    pub kata: &'a str,
    pub program: &'a str,
    pub passed: u32,
    pub first_failure: Option<&'a str>,
}

/// The table of `dev stress`: a row per program, the first failure under
/// each one below 100%.
pub fn stress_table(rows: &[StressRow<'_>], runs: u32) -> String {
    let kata_width = rows.iter().map(|r| r.kata.len()).max().unwrap_or(0);
    let label_width = rows.iter().map(|r| r.program.len()).max().unwrap_or(0);
    let mut out = format!(
        "\n{:<kata_width$}  {:<label_width$}  {:>9}  {:>6}\n",
        "kata", "program", "passed", "rate"
    );
    for row in rows {
        let line = format!(
            "{:<kata_width$}  {:<label_width$}  {:>9}  {:>5.1}%",
            row.kata,
            row.program,
            format!("{}/{runs}", row.passed),
            100.0 * f64::from(row.passed) / f64::from(runs)
        );
        if row.passed == runs {
            out.push_str(&line);
            out.push('\n');
        } else {
            out.push_str(&format!("{}\n", super::verdict::bad(&line)));
            if let Some(failure) = row.first_failure {
                out.push_str(&format!("    first failure: {failure}\n"));
            }
        }
    }
    out
}

/// The end of `dev stress`: `checks` in `seconds`, and how many programs
/// passed less than every time (`below`).
pub fn stress_ends(checks: usize, seconds: f64, load: bool, below: usize) -> String {
    format!(
        "\n{checks} checks in {seconds:.1} s{}; {}\n",
        if load { " under load" } else { "" },
        if below == 0 {
            super::verdict::good("every program passed every time")
        } else {
            super::verdict::bad(&format!("{below} below 100%"))
        }
    )
}

// --- bench-grading ---

/// The class `dev bench-grading` grades: `students` of three kinds
/// (`kinds`: solved, untouched, half solved) of `katas` katas.
pub fn bench_class(students: u32, kinds: [u32; 3], katas: usize) -> String {
    format!(
        "{students} students from the handout: {} with every kata solved, {} untouched, \
         {} with the first {} of {katas} katas solved\n",
        kinds[0],
        kinds[1],
        kinds[2],
        katas / 2,
    )
}

/// The load average, before or after the grading.
pub fn load_average(after: bool, load: &str) -> String {
    format!(
        "load average {}: {load}\n",
        if after { "after" } else { "before" }
    )
}

/// The grading failed (`status`).
pub fn grading_failed(status: &str) -> String {
    format!("the grading failed ({status})")
}

/// Fewer students graded than given.
pub fn graded_of(graded: usize, students: u32) -> String {
    format!("{graded} of {students} students graded")
}

/// What `dev bench-grading` measured, and its targets.
pub struct GradingBench {
    pub students: u32,
    pub took: std::time::Duration,
    /// Whole-class time target for 30 students.
    pub class_of_30_within: std::time::Duration,
    /// Build output at its peak, and its target per student, in bytes.
    pub build_peak: u64,
    pub build_per_student_target: u64,
    /// Everything in the grading's temporary folder at its peak, in bytes.
    pub all_peak: u64,
    /// How much the explorer's folder grew, in bytes.
    pub explorer_grew: u64,
}

/// The measurements of `dev bench-grading`.
pub fn grading_bench(b: &GradingBench) -> String {
    let mib = |bytes: u64| bytes as f64 / f64::from(1 << 20);
    let per_student = b.took / b.students.max(1);
    format!(
        "\nwall time: {:.0} s for {} students, {:.1} s per student \
         (target: a class of 30 within {} s, {:.1} s per student)\n\
         build output at its peak (shared build folder + students' trees): {:.1} MiB, \
         {:.2} MiB per student (target: {} MiB per student)\n\
         everything in the grading's temporary folder at its peak (with the runner's copy \
         and the handout): {:.1} MiB\n\
         the explorer's folder (kept between gradings) grew by {:.1} MiB\n",
        b.took.as_secs_f64(),
        b.students,
        per_student.as_secs_f64(),
        b.class_of_30_within.as_secs(),
        b.class_of_30_within.as_secs_f64() / 30.0,
        mib(b.build_peak),
        mib(b.build_peak) / f64::from(b.students.max(1)),
        b.build_per_student_target >> 20,
        mib(b.all_peak),
        mib(b.explorer_grew)
    )
}

// --- attempts ---

/// An attempt of the corpus in the wrong place.
pub fn attempt_misplaced(file: &Path, kata: &str) -> String {
    format!(
        "the attempt `{}` must be a file `{kata}/<variant>.rs`",
        file.display()
    )
}

/// An attempt listed twice.
pub fn attempt_twice(file: &Path) -> String {
    format!("the attempt `{}` is listed twice", file.display())
}
