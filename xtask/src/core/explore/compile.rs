//! Building the explorer for one program: the library once, then one `rustc`
//! call per program.
//!
//! The explorer's library is the `explore` package (shuttle and the std
//! shim) built by cargo as a shared library, in a target directory of its
//! own (`cargo/` in the explorer's folder). Each program is then compiled against
//! it by a single `rustc` call: no cargo start-up, no build script, and a link
//! against a shared library instead of copying shuttle into every binary. The
//! explorer's build is most of what a passing check adds to the real build, so
//! this is on the learner's path (`docs/speed.md` compares it with cargo
//! building a statically linked binary).
//!
//! The library's record (`library.json`) says what it was built from (a hash
//! of the explorer's sources, the `kata` library, the manifests, the lock file
//! and the compiler); when any of that changes, cargo is asked again.

use crate::base::failure::{Doing, Failed};
use std::fs::{File, TryLockError};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result};
use serde::Deserialize;

use super::{Against, NotRun};
use crate::base::build;
use library::{EXPLORER, Library, RECORDER, library, library_key, read_library};
pub use library::{library_ready, on_library_build, recorder_ready};

mod library;

/// Cached explorers kept per kata: the latest few programs (a learner going
/// back and forth between two versions of a file builds neither twice).
const CACHED_PER_KATA: usize = 3;

/// A cached program younger than this is never deleted, however many there
/// are: another judge running at the same time (`verify`, `dev stress`,
/// grading) may be about to start it again.
const KEPT_WHILE_IN_USE: std::time::Duration = std::time::Duration::from_secs(600);

/// A learner's program built against the explorer, and what it needs to start.
#[derive(Debug, Clone)]
pub struct Program {
    pub binary: PathBuf,
    /// The variable that lets it find the library and std (shared libraries).
    pub library_path: (String, String),
}

/// Builds (or finds in the cache under `dir`) the explorer for `program`.
///
/// The library is built from `runner_root`, the workbook the runner itself
/// belongs to, never from the workbook being judged: the explorer is part of
/// the runner, so a student's edited copy of its sources cannot change how
/// the student is judged, and every workbook judged (a class, the tests'
/// copies) shares one library.
///
/// `Ok(Err(reason))` when the program does not compile against the explorer:
/// it uses something shuttle does not model, which is no fault of the kata.
pub fn build_explorer(
    runner_root: &Path,
    dir: &Path,
    kata: &str,
    program: &str,
) -> Result<Result<Program, NotRun>> {
    let rustc = build::rustc();
    let key = library_key(EXPLORER, runner_root, &rustc);
    let binary = dir.join("bin").join(format!(
        "{kata}-{:016x}{}",
        program_key(key, program),
        std::env::consts::EXE_SUFFIX
    ));
    let cached = |binary: &Path| {
        let library = read_library(dir).filter(|t| t.key == key && t.usable())?;
        binary.is_file().then(|| Program {
            binary: binary.to_path_buf(),
            library_path: library.library_path(),
        })
    };
    if let Some(explorer) = cached(&binary) {
        return Ok(Ok(explorer));
    }
    for sub in ["bin", "src"] {
        std::fs::create_dir_all(dir.join(sub))
            .with_context(|| Failed::on(Doing::Create, dir.join(sub)))?;
    }
    let _lock = lock_builds(dir)?;
    if let Some(explorer) = cached(&binary) {
        return Ok(Ok(explorer));
    }
    let mut rebuilt = false;
    loop {
        let library = match library(EXPLORER, runner_root, dir, key, &rustc, rebuilt)? {
            Ok(library) => library,
            Err(reason) => return Ok(Err(reason)),
        };
        match compile(&library, dir, program, &binary)? {
            Ok(()) => {
                forget_oldest(dir, kata);
                return Ok(Ok(Program {
                    binary,
                    library_path: library.library_path(),
                }));
            }
            // The library on disk no longer matches its record (a `cargo
            // clean` halfway, another compiler): build it again, once.
            Err(Failure::Library(_)) if !rebuilt => rebuilt = true,
            Err(Failure::Library(errors) | Failure::Program(errors)) => {
                return Ok(Err(NotRun::DoesNotCompile {
                    library: Against::Explorer,
                    errors,
                }));
            }
        }
    }
}

/// Builds (or finds in the cache under `dir`) the recording variant of a
/// program: `program` (the learner's file, rewritten by
/// `rewrite::rewrite_recorded`) compiled against the recording `std`, at
/// the path `shown_as` relative to the compiler's folder, so that its panics
/// and locations name the file as cargo's build names it. Each `name` has
/// its own folder and cache, so programs of several katas compile at once.
///
/// `Ok(Err(reason))` when it does not compile against the recording `std`.
pub fn build_recorder(
    runner_root: &Path,
    dir: &Path,
    name: &str,
    shown_as: &str,
    program: &str,
) -> Result<Result<Program, NotRun>> {
    let rustc = build::rustc();
    let key = library_key(RECORDER, runner_root, &rustc);
    let mut hasher = std::hash::DefaultHasher::new();
    (program_key(key, program), RECORDED_FLAGS, shown_as).hash(&mut hasher);
    let binary = dir.join("bin").join(format!(
        "{name}-{:016x}{}",
        hasher.finish(),
        std::env::consts::EXE_SUFFIX
    ));
    let cached = |binary: &Path| {
        let library = read_library(dir).filter(|t| t.key == key && t.usable())?;
        binary.is_file().then(|| Program {
            binary: binary.to_path_buf(),
            library_path: library.library_path(),
        })
    };
    if let Some(recorder) = cached(&binary) {
        return Ok(Ok(recorder));
    }
    let folder = dir.join("src").join(name);
    for sub in [dir.join("bin"), folder.clone()] {
        std::fs::create_dir_all(&sub).with_context(|| Failed::on(Doing::Create, &sub))?;
    }
    let library = {
        let _lock = lock_builds(dir)?;
        match library(RECORDER, runner_root, dir, key, &rustc, false)? {
            Ok(library) => library,
            Err(reason) => return Ok(Err(reason)),
        }
    };
    // One compile of a name at a time: its source file and cache are shared.
    let lock_path = folder.join(LOCK);
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .with_context(|| Failed::on(Doing::Create, &lock_path))?;
    lock.lock()
        .with_context(|| Failed::on(Doing::Lock, &lock_path))?;
    if let Some(recorder) = cached(&binary) {
        return Ok(Ok(recorder));
    }
    let source = folder.join(shown_as);
    if let Some(parent) = source.parent() {
        std::fs::create_dir_all(parent).with_context(|| Failed::on(Doing::Create, parent))?;
    }
    std::fs::write(&source, program).with_context(|| Failed::on(Doing::Write, &source))?;
    let partial = folder.join(format!("program{}", std::env::consts::EXE_SUFFIX));
    let crate_name: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let mut cmd = Command::new(&library.rustc);
    cmd.current_dir(&folder)
        .arg(format!("--crate-name=r_{crate_name}"))
        .arg(format!("--edition={}", library.edition))
        .arg(shown_as)
        .args(RECORDED_FLAGS)
        .arg(format!(
            "-Cincremental={}",
            folder.join("incremental").display()
        ))
        .arg(format!("-Ldependency={}", library.deps.display()));
    for (extern_name, file) in &library.externs {
        // The recording `std` is reached as `Std::` (see `rewrite`), and
        // its recorded crossbeam-channel as `crossbeam_channel::`, the
        // program's own paths.
        let names: &[&str] = if extern_name == RECORDER.package {
            &["Std", "crossbeam_channel"]
        } else {
            &[extern_name]
        };
        for name in names {
            cmd.arg("--extern")
                .arg(format!("{name}={}", file.display()));
        }
    }
    let output = cmd
        .arg("-o")
        .arg(&partial)
        .stdin(Stdio::null())
        .output()
        .with_context(|| Failed::on(Doing::Start, &library.rustc))?;
    if !output.status.success() {
        let (errors, _) = rustc_errors(&String::from_utf8_lossy(&output.stderr));
        return Ok(Err(NotRun::DoesNotCompile {
            library: Against::Recorder,
            errors,
        }));
    }
    std::fs::rename(&partial, &binary).with_context(|| Failed::MoveBuilt {
        explorer: false,
        to: binary.clone(),
    })?;
    forget_oldest(dir, name);
    Ok(Ok(Program {
        binary,
        library_path: library.library_path(),
    }))
}

/// How a recorded program is compiled: as cargo's dev profile builds a kata
/// (debug assertions, so overflow checks too), std as a shared library.
const RECORDED_FLAGS: [&str; 8] = [
    "--crate-type=bin",
    "--emit=link",
    "--error-format=json",
    "--cap-lints=allow",
    "-Cdebug-assertions=on",
    "-Cprefer-dynamic",
    "-Cstrip=debuginfo",
    "-Ccodegen-units=1",
];

/// One build at a time: the library and the incremental cache are shared.
/// The lock is held until the returned file is dropped.
///
/// A build that finds the background build (`build_library_in_background`)
/// holding the lock stops it and builds the library itself: someone waits
/// now, and a build at idle priority could keep them waiting as long as
/// anything else runs. Cargo keeps what the background build finished.
fn lock_builds(dir: &Path) -> Result<File> {
    let lock = open_lock(dir)?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            super::background::stop(dir);
            lock.lock()
                .with_context(|| Failed::on(Doing::Lock, dir.join(LOCK)))?;
        }
        Err(TryLockError::Error(e)) => {
            return Err(e).with_context(|| Failed::on(Doing::Lock, dir.join(LOCK)));
        }
    }
    super::background::forget(dir);
    Ok(lock)
}

const LOCK: &str = "build.lock";

fn open_lock(dir: &Path) -> Result<File> {
    std::fs::create_dir_all(dir).with_context(|| Failed::on(Doing::Create, dir))?;
    let path = dir.join(LOCK);
    File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| Failed::on(Doing::Create, &path))
}

/// Is a build of the explorer going on (another runner holds the lock)?
pub fn build_running(dir: &Path) -> bool {
    open_lock(dir).is_ok_and(|lock| matches!(lock.try_lock(), Err(TryLockError::WouldBlock)))
}

/// Builds the library unless it is current or someone else is building
/// (`Ok(Ok(false))`; `Ok(Err(why))` when it could not). For the background
/// build: the lock is held throughout, and while it is, `pid_file` names this
/// process, so that a build someone waits for can stop it. Cargo's messages go to this process's stderr.
pub fn build_library_in_background(runner_root: &Path, dir: &Path) -> Result<Result<bool, NotRun>> {
    let lock = open_lock(dir)?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => return Ok(Ok(false)),
        Err(TryLockError::Error(e)) => {
            return Err(e).with_context(|| Failed::on(Doing::Lock, dir.join(LOCK)));
        }
    }
    super::background::claim(dir)?;
    let rustc = build::rustc();
    let key = library_key(EXPLORER, runner_root, &rustc);
    let built = library(EXPLORER, runner_root, dir, key, &rustc, false);
    super::background::forget(dir);
    drop(lock);
    Ok(built?.map(|_| true))
}

/// Builds the recording `std` unless it is current or someone else is
/// building it (`Ok(Ok(false))`): the background build's second half.
pub fn build_recorder_in_background(
    runner_root: &Path,
    dir: &Path,
) -> Result<Result<bool, NotRun>> {
    let lock = open_lock(dir)?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => return Ok(Ok(false)),
        Err(TryLockError::Error(e)) => {
            return Err(e).with_context(|| Failed::on(Doing::Lock, dir.join(LOCK)));
        }
    }
    let rustc = build::rustc();
    let key = library_key(RECORDER, runner_root, &rustc);
    Ok(library(RECORDER, runner_root, dir, key, &rustc, false)?.map(|_| true))
}

/// Why a program did not compile: the compiler's error messages.
enum Failure {
    /// Errors loading the library's crates (stale or missing files).
    Library(Vec<String>),
    /// Errors in the program itself.
    Program(Vec<String>),
}

/// Error codes of crates that cannot be loaded, as opposed to code that is wrong.
const CRATE_LOADING_ERRORS: [&str; 6] = ["E0460", "E0461", "E0462", "E0463", "E0514", "E0786"];

/// Compiles `program` against the library into `binary`.
fn compile(
    library: &Library,
    dir: &Path,
    program: &str,
    binary: &Path,
) -> Result<Result<(), Failure>> {
    // Always the same source and output files: the incremental cache is
    // only reused for the same paths; new ones compile everything again.
    let source = dir.join("src").join("program.rs");
    std::fs::write(&source, program).with_context(|| Failed::on(Doing::Write, &source))?;
    let partial = dir
        .join("src")
        .join(format!("explore{}", std::env::consts::EXE_SUFFIX));
    let mut cmd = Command::new(&library.rustc);
    cmd.arg("--crate-name=explore")
        .arg(format!("--edition={}", library.edition))
        .arg(&source)
        .args(PROGRAM_FLAGS)
        // One cache for every program: most of a program is the same kata
        // as last time.
        .arg(format!(
            "-Cincremental={}",
            dir.join("incremental").display()
        ))
        .arg(format!("-Ldependency={}", library.deps.display()));
    for (name, file) in &library.externs {
        cmd.arg("--extern")
            .arg(format!("{name}={}", file.display()));
    }
    crate::base::system::lower_priority(&mut cmd);
    let output = cmd
        .arg("-o")
        .arg(&partial)
        .stdin(Stdio::null())
        .output()
        .with_context(|| Failed::on(Doing::Start, &library.rustc))?;
    if !output.status.success() {
        let (errors, loading) = rustc_errors(&String::from_utf8_lossy(&output.stderr));
        return Ok(Err(if loading {
            Failure::Library(errors)
        } else {
            Failure::Program(errors)
        }));
    }
    std::fs::rename(&partial, binary).with_context(|| Failed::MoveBuilt {
        explorer: true,
        to: binary.to_path_buf(),
    })?;
    Ok(Ok(()))
}

#[derive(Deserialize)]
struct RustcDiagnostic {
    level: String,
    message: String,
    #[serde(default)]
    code: Option<RustcCode>,
}

#[derive(Deserialize)]
struct RustcCode {
    code: String,
}

/// The error messages in rustc's JSON output, and whether any of them is a
/// crate that could not be loaded. Lines that are not JSON (a crash) are
/// kept as they are.
fn rustc_errors(stderr: &str) -> (Vec<String>, bool) {
    let mut errors = Vec::new();
    let mut loading = false;
    for line in stderr.lines().filter(|l| !l.trim().is_empty()) {
        match serde_json::from_str::<RustcDiagnostic>(line) {
            Ok(d) if d.level == "error" && !d.message.starts_with("aborting") => {
                loading |= d
                    .code
                    .is_some_and(|c| CRATE_LOADING_ERRORS.contains(&c.code.as_str()));
                errors.push(d.message);
            }
            Ok(_) => {}
            Err(_) => errors.push(line.to_string()),
        }
    }
    (errors, loading)
}

/// Deletes the oldest cached explorers of `kata` beyond `CACHED_PER_KATA`,
/// but none made in the last `KEPT_WHILE_IN_USE`.
fn forget_oldest(dir: &Path, kata: &str) {
    forget_oldest_since(dir, kata, std::time::SystemTime::now());
}

fn forget_oldest_since(dir: &Path, kata: &str, now: std::time::SystemTime) {
    let Ok(entries) = std::fs::read_dir(dir.join("bin")) else {
        return;
    };
    let mut cached: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            name.strip_prefix(kata)
                .and_then(|rest| rest.strip_prefix('-'))
                .is_some_and(|rest| {
                    rest.len() >= 16 && rest[..16].chars().all(|c| c.is_ascii_hexdigit())
                })
        })
        .filter_map(|entry| Some((entry.metadata().ok()?.modified().ok()?, entry.path())))
        .collect();
    cached.sort();
    let excess = cached.len().saturating_sub(CACHED_PER_KATA);
    for (made, binary) in cached.into_iter().take(excess) {
        let recent = now
            .duration_since(made)
            .is_ok_and(|age| age < KEPT_WHILE_IN_USE);
        if !recent {
            let _ = std::fs::remove_file(&binary);
        }
    }
}

/// Names a cached explorer: its program and the library it was built against.
/// How a program is compiled against the library (part of its cache key).
const PROGRAM_FLAGS: [&str; 8] = [
    "--crate-type=bin",
    "--emit=link",
    "--error-format=json",
    "--cap-lints=allow",
    // std as a shared library, as the library links it.
    "-Cprefer-dynamic",
    "-Cembed-bitcode=no",
    "-Cstrip=debuginfo",
    // One codegen unit: a small program compiles faster after an edit
    // (`docs/speed.md`) and leaves the other core to the real build.
    "-Ccodegen-units=1",
];

fn program_key(library: u64, program: &str) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    library.hash(&mut hasher);
    PROGRAM_FLAGS.hash(&mut hasher);
    program.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Five cached programs of a kata, two made in the last minutes: the
    /// oldest beyond the three kept go, but not one made recently, which a
    /// judge running beside may still start.
    #[test]
    fn a_recent_cached_program_is_never_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let now = std::time::SystemTime::now();
        let hour = std::time::Duration::from_secs(3600);
        let ages = [5 * hour, 4 * hour, 3 * hour, hour / 60, hour / 120];
        let files: Vec<PathBuf> = ages
            .iter()
            .enumerate()
            .map(|(i, age)| {
                let file = bin.join(format!("fan_in-{i:016x}"));
                std::fs::write(&file, "program").unwrap();
                let handle = File::options().write(true).open(&file).unwrap();
                handle.set_modified(now - *age).unwrap();
                file
            })
            .collect();
        forget_oldest_since(dir.path(), "fan_in", now);
        let left: Vec<bool> = files.iter().map(|f| f.exists()).collect();
        // Two beyond the three kept: the oldest two, both hours old, go.
        assert_eq!(left, [false, false, true, true, true]);
        // Made again a minute ago, the first two stay though they are now
        // beyond the three kept; the one three hours old goes.
        for file in &files[..2] {
            std::fs::write(file, "program").unwrap();
            let handle = File::options().write(true).open(file).unwrap();
            handle.set_modified(now - hour / 60).unwrap();
        }
        forget_oldest_since(dir.path(), "fan_in", now);
        let left: Vec<bool> = files.iter().map(|f| f.exists()).collect();
        assert_eq!(left, [true, true, false, true, true]);
    }

    #[test]
    fn crate_loading_errors_are_told_from_errors_in_the_program() {
        let stderr = concat!(
            r#"{"$message_type":"diagnostic","message":"can't find crate for `explore`","code":{"code":"E0463","explanation":null},"level":"error","spans":[],"children":[],"rendered":""}"#,
            "\n",
            r#"{"$message_type":"diagnostic","message":"aborting due to 1 previous error","code":null,"level":"error","spans":[],"children":[],"rendered":""}"#,
            "\n"
        );
        let (errors, loading) = rustc_errors(stderr);
        assert_eq!(errors, ["can't find crate for `explore`"]);
        assert!(loading);

        let stderr = concat!(
            r#"{"$message_type":"diagnostic","message":"cannot find function `recv_deadline` in module `mpsc`","code":{"code":"E0425","explanation":null},"level":"error","spans":[],"children":[],"rendered":""}"#,
            "\n",
            r#"{"$message_type":"diagnostic","message":"unused variable: `x`","code":null,"level":"warning","spans":[],"children":[],"rendered":""}"#,
            "\nthread 'rustc' panicked\n"
        );
        let (errors, loading) = rustc_errors(stderr);
        assert_eq!(
            errors,
            [
                "cannot find function `recv_deadline` in module `mpsc`",
                "thread 'rustc' panicked"
            ]
        );
        assert!(!loading);
    }
}
