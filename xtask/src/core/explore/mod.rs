//! The explorer: a kata program run under many thread schedules, not only the
//! one the OS happens to pick.
//!
//! 1. `rewrite`: the learner's `std::` paths point to the explorer's `std`
//!    (shuttle's `sync` and `thread`, in `xtask/explore`); nothing else
//!    changes, line numbers stay.
//! 2. `compile`: the generated program is compiled by one `rustc` call
//!    against the explorer's library (built once by cargo, as a shared
//!    library), once per distinct program, cached in the explorer's folder.
//! 3. `run`: the binary runs one shuttle execution per seed and writes each
//!    distinct outcome to a report (`explore_protocol`), which is read back.
//!
//! This module takes plain inputs (paths, a program, settings) and gives
//! back the explorer's report; judging that report against a kata's check is
//! the judge's work (`core::judge::explore_stage`).

mod background;
mod compile;
mod rewrite;

use crate::base::failure::Thing;
use crate::base::failure::{Doing, Failed, Task};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};

pub use compile::on_library_build;
pub use explore_protocol::{
    BlockedThread, Bounded, Channel, Ending, Observations, Report, Schedule, Scheduler, Settings,
    Wait,
};

use crate::base::execute::{self, Confinement, Exit, RunOutput, RunRequest};

/// Extra time the explorer gets beyond its budget before it is stopped: one
/// execution that never reaches a scheduling point would otherwise hang it.
const GRACE: Duration = Duration::from_secs(2);

/// Set by the runner for the runners it starts itself (grading's private
/// copy, the explorer's background build): the explorer's folder to use.
pub const EXPLORER_DIR_VAR: &str = "WORKBOOK_EXPLORER_DIR";

/// Where the explorer is built and kept.
#[derive(Debug, Clone)]
pub struct Explorer {
    /// The workbook the runner belongs to: the explorer's library is built
    /// from its sources, never from the workbook being judged, so a student's
    /// edited copy of them cannot change how the student is judged.
    pub runner_root: PathBuf,
    /// The explorer's own folder: its library's cargo target directory, the
    /// generated programs and the cached binaries.
    pub dir: PathBuf,
}

/// The libraries programs are compiled against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Against {
    /// The explorer's (`xtask/explore`: shuttle and its `std`).
    Explorer,
    /// The recording `std` of real runs (`xtask/record`).
    Recorder,
}

/// Why a program was not run on thread schedules, or its real runs not
/// recorded: data, worded by `render::not_run`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotRun {
    /// The catalog does not explore the kata; `why` is its `unexplored`, in
    /// the kata author's words.
    NotExplored { kata: String, why: Option<String> },
    /// cargo could not build the library (its messages went to stderr).
    LibraryNotBuilt {
        package: &'static str,
        status: std::process::ExitStatus,
    },
    /// `rustc --print target-libdir` failed.
    NoStdFolder { rustc: PathBuf },
    /// The program does not compile against `library` (it uses something
    /// the explorer does not model): the compiler's errors.
    DoesNotCompile {
        library: Against,
        errors: Vec<String>,
    },
    /// The explorer's report could not be read, as its reader says.
    ReportUnreadable { reason: String },
    /// The program writes to stdout without `println!`/`print!`, which the
    /// explorer does not capture per schedule.
    WritesStdout,
    /// The explorer was stopped at its time limit though every schedule it
    /// reported finished: one never reached a scheduling point.
    NeverYields,
    /// The explorer stopped unexpectedly, with what it wrote on stderr.
    ExplorerStopped { stderr: String },
    /// The explorer ran no schedule to the end.
    NoSchedule,
    /// The recorder is not built yet (the background build makes it).
    RecorderNotBuilt,
    /// The kata's file could not be read (the system's error).
    FileUnreadable { path: PathBuf, error: String },
    /// The recording could not be made (the runner's error, with its causes).
    RecordingFailed { error: String },
    /// A run's record could not be opened (the system's error).
    RecordMissing { error: String },
    /// A run's record could not be read, as its reader says.
    RecordUnreadable { reason: String },
    /// A run's record was cut at its bound after `bytes` bytes
    /// (`explore_protocol::RECORD_BOUND`): what the program did after that
    /// is not in it, so its channel facts cannot be judged on it.
    RecordCut { bytes: u64 },
    /// Neither: why not on schedules, then why not on records.
    Neither {
        explorer: Box<NotRun>,
        recorder: Box<NotRun>,
    },
}

/// What a search gave.
#[derive(Debug, Clone)]
pub enum Run {
    /// The program cannot run under the explorer (it uses something shuttle
    /// does not model); its verdict on real threads stands.
    Unavailable {
        reason: NotRun,
    },
    Reported(Box<Report>),
}

impl Explorer {
    /// Is the explorer's library built and current (so a build is quick)?
    pub fn ready(&self) -> bool {
        compile::library_ready(&self.runner_root, &self.dir)
    }

    /// Starts building the library in the background (`command` is the
    /// runner's hidden `build-explorer` command), unless it is current or
    /// being built. `Ok(true)` if started.
    pub fn prepare_in_background(&self, command: std::process::Command) -> Result<bool> {
        if (self.ready() && self.recorder_ready()) || compile::build_running(&self.dir) {
            return Ok(false);
        }
        background::start(&self.dir, command)?;
        Ok(true)
    }

    /// The background build itself: builds the library unless it is current
    /// or someone else is building it (`Ok(Ok(false))`), or says why it
    /// could not (`Ok(Err(why))`).
    pub fn build_library_in_background(&self) -> Result<Result<bool, NotRun>> {
        let built = match compile::build_library_in_background(&self.runner_root, &self.dir)? {
            Ok(built) => built,
            Err(reason) => return Ok(Err(reason)),
        };
        let recorder = self.recorder_dir();
        Ok(compile::build_recorder_in_background(&self.runner_root, &recorder)?.map(|_| built))
    }

    /// Is the recording `std` built and current? Until it is, a learner
    /// waiting for a verdict is not kept waiting for its first build: the
    /// background build makes it (`build_library_in_background`).
    pub fn recorder_ready(&self) -> bool {
        compile::recorder_ready(&self.runner_root, &self.recorder_dir())
    }

    /// Where the background build writes cargo's messages.
    pub fn background_log(&self) -> PathBuf {
        background::log_file(&self.dir)
    }

    /// Compiles `program` (or finds it in the cache) without running it.
    /// `Ok(Err(reason))` when it does not compile against the explorer.
    pub fn build(&self, name: &str, program: &str) -> Result<Result<(), NotRun>> {
        Ok(compile::build_explorer(&self.runner_root, &self.dir, name, program)?.map(|_| ()))
    }

    /// Runs the search `settings` describe on `program` (a `generate`d one,
    /// named `name` in the cache), in `cwd`, with `env` added (the kata's
    /// parameters).
    pub fn run(
        &self,
        name: &str,
        program: &str,
        cwd: &Path,
        env: &[(String, String)],
        settings: &Settings,
        confinement: &Confinement,
    ) -> Result<Run> {
        // The report can outgrow what `execute` keeps of stdout.
        std::fs::create_dir_all(&self.dir).with_context(|| Failed::on(Doing::Create, &self.dir))?;
        let report = tempfile::NamedTempFile::new_in(&self.dir)
            .or_else(|_| tempfile::NamedTempFile::new())
            .context(Task::CreateExplorersReport)?;
        let mut env = env.to_vec();
        env.extend(settings.to_env(Some(report.path())));
        env.push(("RUST_BACKTRACE".into(), "0".into()));
        // A cached binary can be evicted by another runner between finding it
        // and starting it; then it is built again, once.
        let mut attempts = 0;
        let output = loop {
            let built = match compile::build_explorer(&self.runner_root, &self.dir, name, program)?
            {
                Ok(built) => built,
                Err(reason) => return Ok(Run::Unavailable { reason }),
            };
            let mut env = env.clone();
            let mut confinement = confinement.clone();
            if let Some(sandbox) = &mut confinement.sandbox {
                // The program loads the explorer's library and writes its report.
                sandbox
                    .read
                    .extend(std::env::split_paths(&built.library_path.1));
                sandbox.write.push(report.path().to_path_buf());
            }
            env.push(built.library_path);
            let request = RunRequest {
                program: built.binary.clone(),
                cwd: cwd.to_path_buf(),
                env,
                timeout: settings.budget + GRACE,
                give_up: None,
                confinement,
            };
            match execute::run(&request) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && attempts == 0 => {
                    attempts += 1
                }
                result => {
                    break result.with_context(|| {
                        Failed::on_the(Doing::Run, Thing::ScheduleExplorer, &built.binary)
                    })?;
                }
            }
        };
        let written = std::fs::read(report.path())
            .with_context(|| Failed::on_the(Doing::Read, Thing::ExplorersReport, report.path()))?;
        let report = match Report::parse(&String::from_utf8_lossy(&written)) {
            Ok(report) => report,
            Err(reason) => {
                let reason = NotRun::ReportUnreadable { reason };
                return Ok(Run::Unavailable { reason });
            }
        };
        // `println!` is captured per schedule; a write to `io::stdout()` is
        // not, and judging the schedules without it would fail a correct program.
        if !output.stdout.is_empty() {
            let reason = NotRun::WritesStdout;
            return Ok(Run::Unavailable { reason });
        }
        if output.exit != Exit::Code(0)
            && report
                .schedules
                .iter()
                .all(|s| s.ending == Ending::Finished)
        {
            let reason = if output.exit == Exit::TimedOut {
                NotRun::NeverYields
            } else {
                NotRun::ExplorerStopped {
                    stderr: output.stderr_text().trim().to_string(),
                }
            };
            return Ok(Run::Unavailable { reason });
        }
        Ok(Run::Reported(Box::new(report)))
    }
}

/// A program compiled against the recording `std`: its real runs write down
/// what its channels did (`xtask/record`).
#[derive(Debug, Clone)]
pub struct Recording {
    pub binary: PathBuf,
    /// The variable that lets it find the library and std (shared libraries).
    pub library_path: (String, String),
    /// The learner's file as the program names it (`file!()`).
    pub shown_as: String,
    /// Where the recording `std` is kept, for the runs' record files.
    dir: PathBuf,
}

impl Explorer {
    /// The recording `std`'s folder: beside the explorer's, built from the
    /// runner's own workbook like it.
    fn recorder_dir(&self) -> PathBuf {
        self.dir.join("record")
    }

    /// Compiles the file `shown_as` (its text `kata`) against the recording
    /// `std`, or finds it in the cache. `Ok(Err(reason))` when it does not
    /// compile there.
    pub fn recording(
        &self,
        name: &str,
        shown_as: &str,
        kata: &str,
    ) -> Result<Result<Recording, NotRun>> {
        let dir = self.recorder_dir();
        let program = rewrite::rewrite_recorded(kata);
        Ok(
            compile::build_recorder(&self.runner_root, &dir, name, shown_as, &program)?.map(
                |built| Recording {
                    binary: built.binary,
                    library_path: built.library_path,
                    shown_as: shown_as.to_string(),
                    dir,
                },
            ),
        )
    }
}

/// One real run of a recording program, with what its channels did.
#[derive(Debug)]
pub struct RecordedRun {
    pub output: RunOutput,
    /// `Err(reason)` when the record could not be read.
    pub observations: Result<Observations, NotRun>,
}

impl Recording {
    /// Runs the program as `request` says (its program replaced by this
    /// one), its record written to a file of its own and read back. With
    /// `early_timeouts`, a `recv_timeout` on an empty channel runs out on
    /// this run (`explore_protocol::RECORD_TIMEOUTS`).
    pub fn run(&self, mut request: RunRequest, early_timeouts: bool) -> Result<RecordedRun> {
        std::fs::create_dir_all(&self.dir).with_context(|| Failed::on(Doing::Create, &self.dir))?;
        let record = tempfile::NamedTempFile::new_in(&self.dir)
            .or_else(|_| tempfile::NamedTempFile::new())
            .context(Task::CreateRunsRecord)?;
        if let Some(sandbox) = &mut request.confinement.sandbox {
            // The program loads the library and writes its record.
            sandbox
                .read
                .extend(std::env::split_paths(&self.library_path.1));
            sandbox.write.push(record.path().to_path_buf());
        }
        request.program = self.binary.clone();
        request.env.push(self.library_path.clone());
        request.env.push((
            explore_protocol::RECORD.to_string(),
            record.path().display().to_string(),
        ));
        request.env.push((
            explore_protocol::RECORD_SOURCE.to_string(),
            self.shown_as.clone(),
        ));
        if early_timeouts {
            request.env.push((
                explore_protocol::RECORD_TIMEOUTS.to_string(),
                explore_protocol::EARLY_TIMEOUTS.to_string(),
            ));
        }
        let output =
            execute::run(&request).with_context(|| Failed::on(Doing::Run, &self.binary))?;
        let observations = std::fs::read(record.path())
            .map_err(|e| NotRun::RecordMissing {
                error: e.to_string(),
            })
            .and_then(|text| {
                let text = String::from_utf8_lossy(&text);
                if let Some(bytes) = explore_protocol::record_cut(&text) {
                    return Err(NotRun::RecordCut { bytes });
                }
                explore_protocol::read_record(&text)
                    .map_err(|reason| NotRun::RecordUnreadable { reason })
            })
            .map(|trace| trace.observations());
        Ok(RecordedRun {
            output,
            observations,
        })
    }
}

/// The generated program: the kata, rewritten, inside `mod program`, and a
/// `main` that hands it to the explorer (see `xtask/explore/src/lib.rs`).
/// `shown_as` is how reports name the learner's file.
pub fn generate(kata: &str, shown_as: &str) -> String {
    let body = rewrite::rewrite(kata);
    format!(
        "#[allow(warnings)] mod program {{\n{body}\n\
         use ::explore::{{eprint, eprintln, print, println, thread_local}};\n\
         pub(crate) fn __explore_entry() -> ::std::option::Option<::std::string::String> {{\n\
         ::explore::MainResult::error(main())\n}}\n}}\n\
         fn main() -> ::std::process::ExitCode {{\n\
         ::explore::explore(program::__explore_entry, ::explore::Source {{ \
         file: file!(), first_line: 2, shown_as: {shown_as:?} }})\n}}\n"
    )
}

/// The kata's text in a program made by [`generate`], each line still on
/// the line it has in the learner's file (counted from 1).
pub fn kata_text(program: &str) -> &str {
    program.split_once('\n').map_or("", |(_, kata)| kata)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kata_starts_on_the_second_line_of_the_generated_program() {
        let program = generate("use std::thread;\nfn main() {}\n", "exercises/k.rs");
        let lines: Vec<&str> = program.lines().collect();
        assert_eq!(lines[1], "use explore::std::thread;");
        assert!(program.contains("first_line: 2"));
        assert!(program.contains("shown_as: \"exercises/k.rs\""));
        assert_eq!(kata_text(&program).lines().nth(1), Some("fn main() {}"));
    }
}
