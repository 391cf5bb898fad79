//! `dev bench`'s table: what each row measures and its target, the times,
//! the ratios to the compile floor, its notes and why it stopped.

use std::time::Duration;

/// What a row of the table measures.
#[derive(Debug, Clone, Copy)]
pub enum Measure<'a> {
    CompileFloor,
    BuildAlone,
    /// `run <kata>` after a one-line edit.
    RunAfterEdit(&'a str),
    Explorer,
    CargoStart,
    /// `cargo xtask run <kata>` as typed.
    RunAsTyped(&'a str),
    SaveToVerdict,
    SaveNoticed,
    /// `verify` of every kata solved, or of the solutions; `count` katas.
    Verify {
        solutions: bool,
        count: usize,
    },
    VerifyAsTyped,
    FreshClone,
    /// A hang while the explorer is built, `run <kata>` with its time limit.
    HangMeanwhile {
        kata: &'a str,
        limit: Duration,
    },
    ExplorerReady,
    /// The first explored kata, `run <kata>`.
    FirstExplored(&'a str),
    Warm,
    /// A hang the explorer explains, `run <kata>` with its time limit.
    HangExplained {
        kata: &'a str,
        limit: Duration,
    },
    FirstVerify,
    TargetDir,
}

impl Measure<'_> {
    fn label(self) -> String {
        match self {
            Self::CompileFloor => "compile floor: rustc on the kata file + one run".into(),
            Self::BuildAlone => "the runner's cargo build alone + one run".into(),
            Self::RunAfterEdit(kata) => format!("run {kata} after a one-line edit"),
            Self::Explorer => "  of which the schedule explorer (build + search)".into(),
            Self::CargoStart => "  + cargo starting the runner (`cargo xtask`)".into(),
            Self::RunAsTyped(kata) => format!("  = `cargo xtask run {kata}` as typed"),
            Self::SaveToVerdict => "watch: save to verdict".into(),
            Self::SaveNoticed => "  of which the save reaching the watcher".into(),
            Self::Verify {
                solutions: false,
                count,
            } => format!("verify (every kata solved), {count} katas"),
            Self::Verify {
                solutions: true,
                count,
            } => format!("verify --solutions, {count} katas"),
            Self::VerifyAsTyped => "  = `cargo xtask verify --solutions` as typed".into(),
            Self::FreshClone => "fresh clone to first verdict".into(),
            Self::HangMeanwhile { kata, limit } => format!(
                "  a hang meanwhile, `run {kata}` (limit {})",
                seconds(limit)
            ),
            Self::ExplorerReady => "  explorer ready in the background after it".into(),
            Self::FirstExplored(kata) => format!("first explored kata, `run {kata}`"),
            Self::Warm => "  the same, warm".into(),
            Self::HangExplained { kata, limit } => {
                format!("a hang explained, `run {kata}` (limit {})", seconds(limit))
            }
            Self::FirstVerify => "then the first verify --solutions (builds them all)".into(),
            Self::TargetDir => "target directory after that".into(),
        }
    }

    /// The target the row is held to, if any.
    fn target(self) -> Option<&'static str> {
        match self {
            Self::RunAsTyped(_) => Some("≤ 1.5×"),
            Self::SaveToVerdict => Some("≤ 1.3×"),
            Self::VerifyAsTyped => Some("≤ 0.07"),
            Self::FreshClone => Some("≤ 45 s"),
            Self::HangMeanwhile { .. } | Self::HangExplained { .. } => Some("≤ limit + 0.5 s"),
            Self::FirstExplored(_) => Some("≤ warm + 1 s"),
            Self::TargetDir => Some("≤ 300 MB"),
            _ => None,
        }
    }
}

/// A duration as the table shows it.
pub fn seconds(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

/// The machine the benchmark ran on, for the record.
pub struct Machine {
    pub cores: usize,
    /// The CPU model, where the system says it.
    pub cpu: Option<String>,
    /// `rustc --version`.
    pub rustc: String,
}

/// The machine and what the numbers are.
pub fn heading(machine: &Machine, runs: usize, kata: &str) -> String {
    let Machine { cores, cpu, rustc } = machine;
    let cpu = cpu.as_deref().unwrap_or("CPU model unknown");
    format!(
        "machine: {cores} cores, {cpu}, {rustc}\nmedian of {runs} runs, kata `{kata}`; × is \
         the ratio to the compile floor\n"
    )
}

/// The copy of the workbook is being prepared in `dir`.
pub fn preparing(dir: &std::path::Path) -> String {
    format!(
        "preparing a copy in {} (compiles every kata once) ...\n",
        dir.display()
    )
}

/// The head of the table.
pub fn table_head() -> String {
    format!("\n{:<52}{:>9}{:>9}  target\n", "", "median", "×")
}

/// A row: what took `took`, and its ratio to the compile floor `floor`.
pub fn row(measure: Measure<'_>, took: Duration, floor: Duration) -> String {
    let ratio = took.as_secs_f64() / floor.as_secs_f64().max(f64::EPSILON);
    format!(
        "{:<52}{:>9}{:>8.2}×  {}\n",
        measure.label(),
        seconds(took),
        ratio,
        measure.target().unwrap_or("")
    )
}

/// A row without a ratio: only what took `took`, and its target.
pub fn timed(measure: Measure<'_>, took: Duration) -> String {
    match measure.target() {
        Some(target) => format!(
            "{:<52}{:>9}{:>9}  {target}\n",
            measure.label(),
            seconds(took),
            ""
        ),
        None => format!("{:<52}{:>9}\n", measure.label(), seconds(took)),
    }
}

/// A `verify` row: its time, and the time per kata of `count`.
pub fn per_kata_row(measure: Measure<'_>, took: Duration, count: usize) -> String {
    format!(
        "{:<52}{:>9}  {:.3} s per kata  {}\n",
        measure.label(),
        seconds(took),
        took.as_secs_f64() / count as f64,
        measure.target().unwrap_or("")
    )
}

/// A size row, in megabytes.
pub fn size_row(measure: Measure<'_>, bytes: u64) -> String {
    format!(
        "{:<52}{:>6} MB{:>9}  {}\n",
        measure.label(),
        bytes / 1_000_000,
        "",
        measure.target().unwrap_or("")
    )
}

/// A `verify` timed although not every kata passed (`summary`: its last line).
pub fn not_every_kata_passed(summary: &str) -> String {
    format!("  (not every kata passed: {summary}; failures are timed all the same)\n")
}

/// Each kata's time in one `verify --solutions` (`wall` in all, `sum` of
/// the checks run side by side), slowest first, two to a line: its name,
/// time and runs.
pub fn per_kata(wall: Duration, sum: Duration, katas: &[(&str, Duration, u32)]) -> String {
    let mut out = format!(
        "\nper kata (one verify --solutions: {} in all, {} of checks run side by side):\n",
        seconds(wall),
        seconds(sum)
    );
    let mut line = String::new();
    for (i, (name, took, runs)) in katas.iter().enumerate() {
        let runs = if *runs > 1 {
            format!(" ({runs} runs)")
        } else {
            String::new()
        };
        let cell = format!("{name} {}{runs}", seconds(*took));
        line.push_str(&format!("  {cell:<38}"));
        if i % 2 == 1 || i + 1 == katas.len() {
            out.push_str(line.trim_end());
            out.push('\n');
            line.clear();
        }
    }
    out
}

/// Said when `--cold` was not given.
pub fn no_cold() -> String {
    "\n(`--cold` also times a fresh clone's first verdict and measures its target directory.)\n"
        .to_string()
}

/// The fresh clone's first verdict is being timed.
pub fn timing_fresh_clone() -> String {
    "\nfresh clone: `cargo xtask next` with an empty target directory (compiles the runner) ...\n"
        .to_string()
}

/// Waiting for the explorer's background build.
pub fn waiting_for_explorer() -> String {
    "waiting for the explorer's background build ...\n".to_string()
}

/// Why the benchmark stopped.
#[derive(Debug)]
pub enum Stopped<'a> {
    /// `CARGO_TARGET_DIR` is set.
    TargetDirSet,
    /// rustc failed on the kata file (`said`: its output).
    Rustc {
        file: &'a std::path::Path,
        said: &'a str,
    },
    /// The compiled `kata` library was not found in cargo's output.
    NoKataLibrary { said: &'a str },
    /// The kata does not compile in the copy.
    DoesNotCompile(&'a str),
    /// The kata's program failed (`status`).
    ProgramFailed {
        program: &'a std::path::Path,
        status: &'a str,
    },
    /// `run <kata>` failed on its solution.
    RunFailed { kata: &'a str, said: &'a str },
    /// The watcher did not notice a save of `file`.
    SaveUnnoticed(&'a std::path::Path),
    /// The kata did not pass in the copy (`status`).
    DidNotPass { kata: &'a str, status: &'a str },
    /// `cargo <args>` failed (in the fresh copy when `fresh`).
    Cargo {
        args: &'a str,
        fresh: bool,
        said: &'a str,
    },
    /// The explorer's background build took more than 15 minutes (`log`).
    ExplorerBuild(&'a std::path::Path),
}

/// Why the benchmark stopped, in words.
pub fn stopped(why: &Stopped<'_>) -> String {
    match why {
        Stopped::TargetDirSet => "the benchmark builds its temporary copy of the workbook in \
            the copy's own target directory; run it without CARGO_TARGET_DIR set"
            .to_string(),
        Stopped::Rustc { file, said } => {
            format!("rustc failed on `{}`:\n{said}", file.display())
        }
        Stopped::NoKataLibrary { said } => {
            format!("Failed to find the compiled `kata` library:\n{said}")
        }
        Stopped::DoesNotCompile(kata) => format!("`{kata}` does not compile in the copy"),
        Stopped::ProgramFailed { program, status } => {
            format!("`{}` failed: {status}", program.display())
        }
        Stopped::RunFailed { kata, said } => {
            format!("`run {kata}` failed on its solution:\n{said}")
        }
        Stopped::SaveUnnoticed(file) => {
            format!("the watcher did not notice a save of `{}`", file.display())
        }
        Stopped::DidNotPass { kata, status } => {
            format!("`{kata}` did not pass in the copy ({status})")
        }
        Stopped::Cargo {
            args,
            fresh: true,
            said,
        } => format!("`cargo {args}` failed in the fresh copy:\n{said}"),
        Stopped::Cargo {
            args,
            fresh: false,
            said,
        } => format!("`cargo {args}` failed:\n{said}"),
        Stopped::ExplorerBuild(log) => format!(
            "the explorer's background build did not finish in 15 minutes; see `{}`",
            log.display()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_their_columns_and_targets() {
        let second = Duration::from_secs(1);
        assert_eq!(
            row(Measure::RunAsTyped("fan_in"), second * 3 / 2, second),
            format!(
                "{:<52}{:>9}{:>8.2}×  ≤ 1.5×\n",
                "  = `cargo xtask run fan_in` as typed", "1.500 s", 1.5
            )
        );
        assert_eq!(
            timed(Measure::Warm, second),
            format!("{:<52}{:>9}\n", "  the same, warm", "1.000 s")
        );
        assert!(timed(Measure::FreshClone, second).ends_with("  ≤ 45 s\n"));
        let grid = per_kata(
            second,
            second,
            &[("a", second, 1), ("b", second, 3), ("c", second, 1)],
        );
        assert_eq!(grid.lines().count(), 4, "{grid}");
        assert!(grid.contains("b 1.000 s (3 runs)"), "{grid}");
    }
}
