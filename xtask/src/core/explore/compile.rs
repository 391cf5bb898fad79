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

use std::fs::{File, TryLockError};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use super::{Against, NotRun};
use crate::base::{build, system};

/// A library programs are compiled against: the explorer's, or the
/// recording `std` of real runs.
#[derive(Debug, Clone, Copy)]
pub(super) struct Kind {
    /// The package cargo builds as the library.
    package: &'static str,
    /// Its sources, under the runner's workbook: what its key hashes.
    sources: &'static [&'static str],
    /// Which it is, for the announcement of its build.
    library: Against,
}

/// The explorer's library (`xtask/explore`: shuttle and its `std`).
pub(super) const EXPLORER: Kind = Kind {
    package: "explore",
    sources: &["xtask/explore"],
    library: Against::Explorer,
};

/// The recording `std` of real runs (`xtask/record`).
pub(super) const RECORDER: Kind = Kind {
    package: "record",
    sources: &["xtask/record", "xtask/explore/protocol"],
    library: Against::Recorder,
};

/// How this runner builds the library; a change of it (other flags, other
/// files) bumps this, so that no library built the old way is used.
const LIBRARY_LAYOUT: u32 = 2;

/// Called when cargo starts building the library, before its progress
/// follows on stderr (the first build takes a while): set once by the command
/// line, so that the core itself never prints.
static LIBRARY_BUILD_STARTS: OnceLock<fn(Against)> = OnceLock::new();

/// Sets what `LIBRARY_BUILD_STARTS` calls, with which library is being
/// built; the first call wins.
pub fn on_library_build(announce: fn(Against)) {
    let _ = LIBRARY_BUILD_STARTS.set(announce);
}

/// Cached explorers kept per kata: the latest few programs (a learner going
/// back and forth between two versions of a file builds neither twice).
const CACHED_PER_KATA: usize = 3;

/// A learner's program built against the explorer, and what it needs to start.
#[derive(Debug, Clone)]
pub struct Program {
    pub binary: PathBuf,
    /// The variable that lets it find the library and std (shared libraries).
    pub library_path: (String, String),
}

/// What a program is compiled against, as cargo built it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Library {
    /// `library_key` of what it was built from.
    key: u64,
    rustc: PathBuf,
    edition: String,
    /// `--extern NAME=FILE`: the `kata` library and the library itself.
    externs: Vec<(String, PathBuf)>,
    /// Where the library's own dependencies are (`-L dependency=`).
    deps: PathBuf,
    /// Where the shared libraries are at run time: the library's, std's.
    library_dirs: Vec<PathBuf>,
}

impl Library {
    fn usable(&self) -> bool {
        self.externs.iter().all(|(_, file)| file.is_file())
    }

    fn library_path(&self) -> (String, String) {
        let var = system::LIBRARY_PATH_VAR;
        let mut dirs = self.library_dirs.clone();
        dirs.extend(std::env::var_os(var).iter().flat_map(std::env::split_paths));
        let joined = std::env::join_paths(dirs).unwrap_or_default();
        (var.to_string(), joined.to_string_lossy().into_owned())
    }
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
            .with_context(|| format!("Failed to create `{}`", dir.join(sub).display()))?;
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
        std::fs::create_dir_all(&sub)
            .with_context(|| format!("Failed to create `{}`", sub.display()))?;
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
        .with_context(|| format!("Failed to create `{}`", lock_path.display()))?;
    lock.lock()
        .with_context(|| format!("Failed to lock `{}`", lock_path.display()))?;
    if let Some(recorder) = cached(&binary) {
        return Ok(Ok(recorder));
    }
    let source = folder.join(shown_as);
    if let Some(parent) = source.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("Failed to create `{}`", parent.display()))?;
    }
    std::fs::write(&source, program)
        .with_context(|| format!("Failed to write `{}`", source.display()))?;
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
        .with_context(|| format!("Failed to start `{}`", library.rustc.display()))?;
    if !output.status.success() {
        let (errors, _) = rustc_errors(&String::from_utf8_lossy(&output.stderr));
        return Ok(Err(NotRun::DoesNotCompile {
            library: Against::Recorder,
            errors,
        }));
    }
    std::fs::rename(&partial, &binary)
        .with_context(|| format!("Failed to move the recorder to `{}`", binary.display()))?;
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
                .with_context(|| format!("Failed to lock `{}`", dir.join(LOCK).display()))?;
        }
        Err(TryLockError::Error(e)) => {
            return Err(e)
                .with_context(|| format!("Failed to lock `{}`", dir.join(LOCK).display()));
        }
    }
    super::background::forget(dir);
    Ok(lock)
}

const LOCK: &str = "build.lock";

fn open_lock(dir: &Path) -> Result<File> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("Failed to create `{}`", dir.display()))?;
    let path = dir.join(LOCK);
    File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("Failed to create `{}`", path.display()))
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
            return Err(e)
                .with_context(|| format!("Failed to lock `{}`", dir.join(LOCK).display()));
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
            return Err(e)
                .with_context(|| format!("Failed to lock `{}`", dir.join(LOCK).display()));
        }
    }
    let rustc = build::rustc();
    let key = library_key(RECORDER, runner_root, &rustc);
    Ok(library(RECORDER, runner_root, dir, key, &rustc, false)?.map(|_| true))
}

/// Is the recording `std` built and current (so a recording compiles in a
/// single `rustc` call)?
pub fn recorder_ready(runner_root: &Path, dir: &Path) -> bool {
    let key = library_key(RECORDER, runner_root, &build::rustc());
    read_library(dir).is_some_and(|t| t.key == key && t.usable())
}

/// Is the library built and current (so a build of the explorer is quick)?
pub fn library_ready(runner_root: &Path, dir: &Path) -> bool {
    let key = library_key(EXPLORER, runner_root, &build::rustc());
    read_library(dir).is_some_and(|t| t.key == key && t.usable())
}

fn read_library(dir: &Path) -> Option<Library> {
    let text = std::fs::read_to_string(dir.join("library.json")).ok()?;
    serde_json::from_str(&text).ok()
}

/// The library for `key`: the recorded one, or cargo builds it (`force`: even
/// if the record looks current).
fn library(
    kind: Kind,
    root: &Path,
    dir: &Path,
    key: u64,
    rustc: &Path,
    force: bool,
) -> Result<Result<Library, NotRun>> {
    if !force && let Some(library) = read_library(dir).filter(|t| t.key == key && t.usable()) {
        return Ok(Ok(library));
    }
    let target_dir = dir.join("cargo");
    let mut cmd = build::cargo(root);
    cmd.args([
        "rustc",
        "--package",
        kind.package,
        "--lib",
        "--message-format=json",
    ])
    .arg("--target-dir")
    .arg(&target_dir)
    // The compiler that will compile the programs against it.
    .env("RUSTC", rustc)
    // Locations in panics and reports are compiled in; debug info would
    // only make the library several times larger.
    .env("CARGO_PROFILE_DEV_DEBUG", "false")
    .env("CARGO_PROFILE_DEV_STRIP", "debuginfo")
    // Built once, run for every schedule: optimized, a search takes less
    // time and the build no longer (`docs/speed.md`).
    .env("CARGO_PROFILE_DEV_OPT_LEVEL", "2")
    .args(["--config", "profile.dev.package.\"*\".opt-level=2"])
    // Nobody edits it between builds.
    .env("CARGO_INCREMENTAL", "0");
    // The first build compiles shuttle (a while), and so does a build for
    // a new compiler: show cargo's progress rather than a silent wait.
    if let Some(announce) = LIBRARY_BUILD_STARTS.get() {
        announce(kind.library);
    }
    cmd.stderr(Stdio::inherit());
    // std as a shared library, so that the library and each program share one.
    let output = cmd
        .args(["--", "-Cprefer-dynamic"])
        .output()
        .context("Failed to start cargo (is the Rust toolchain installed?)")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let Some((edition, externs)) = library_artifacts(kind.package, &stdout) else {
        return Ok(Err(NotRun::LibraryNotBuilt {
            package: kind.package,
            status: output.status,
        }));
    };
    let std_dir = Command::new(rustc)
        .args(["--print", "target-libdir"])
        .stdin(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let Some(std_dir) = std_dir else {
        return Ok(Err(NotRun::NoStdFolder {
            rustc: rustc.to_path_buf(),
        }));
    };
    let deps = target_dir.join("debug").join("deps");
    let library = Library {
        key,
        rustc: rustc.to_path_buf(),
        edition,
        externs,
        deps: deps.clone(),
        library_dirs: vec![deps, std_dir],
    };
    let record = dir.join("library.json");
    let partial = record.with_extension("partial");
    std::fs::write(&partial, serde_json::to_string_pretty(&library)?)
        .and_then(|()| std::fs::rename(&partial, &record))
        .with_context(|| format!("Failed to write `{}`", record.display()))?;
    Ok(Ok(library))
}

#[derive(Deserialize)]
struct CargoArtifact {
    reason: String,
    #[serde(default)]
    target: Option<ArtifactTarget>,
    #[serde(default)]
    filenames: Vec<PathBuf>,
}

#[derive(Deserialize)]
struct ArtifactTarget {
    name: String,
    edition: String,
}

/// From cargo's messages: the edition of the `kata` library (the programs'
/// edition) and the two `--extern` files, if the build succeeded.
fn library_artifacts(package: &str, stdout: &str) -> Option<(String, Vec<(String, PathBuf)>)> {
    let mut kata = None;
    let mut library = None;
    for line in stdout.lines() {
        let Ok(artifact) = serde_json::from_str::<CargoArtifact>(line) else {
            continue;
        };
        let Some(target) = artifact
            .target
            .filter(|_| artifact.reason == "compiler-artifact")
        else {
            continue;
        };
        let file_ending = |suffix: &str| {
            artifact
                .filenames
                .iter()
                .find(|f| f.to_string_lossy().ends_with(suffix))
                .cloned()
        };
        match target.name.as_str() {
            "kata" => kata = file_ending(".rlib").map(|f| (target.edition, f)),
            name if name == package => library = file_ending(std::env::consts::DLL_SUFFIX),
            _ => {}
        }
    }
    let ((edition, kata), library) = (kata?, library?);
    Some((
        edition,
        vec![("kata".to_string(), kata), (package.to_string(), library)],
    ))
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
    std::fs::write(&source, program)
        .with_context(|| format!("Failed to write `{}`", source.display()))?;
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
        .with_context(|| format!("Failed to start `{}`", library.rustc.display()))?;
    if !output.status.success() {
        let (errors, loading) = rustc_errors(&String::from_utf8_lossy(&output.stderr));
        return Ok(Err(if loading {
            Failure::Library(errors)
        } else {
            Failure::Program(errors)
        }));
    }
    std::fs::rename(&partial, binary)
        .with_context(|| format!("Failed to move the explorer to `{}`", binary.display()))?;
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

/// Deletes the oldest cached explorers of `kata` beyond `CACHED_PER_KATA`.
fn forget_oldest(dir: &Path, kata: &str) {
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
    for (_, binary) in cached.into_iter().take(excess) {
        let _ = std::fs::remove_file(&binary);
    }
}

/// Names what the library is built from: the explorer's sources, the `kata`
/// library, the manifests and lock file, and the compiler (its path, size and
/// time). Read once per workbook and compiler in a run of the runner (a
/// `verify` asks for every explored kata): a change to the explorer's own
/// sources is seen by the next command.
fn library_key(kind: Kind, root: &Path, rustc: &Path) -> u64 {
    type Keys = std::collections::HashMap<(&'static str, PathBuf, PathBuf), u64>;
    static KEYS: std::sync::Mutex<Option<Keys>> = std::sync::Mutex::new(None);
    let mut keys = KEYS.lock().unwrap_or_else(|e| e.into_inner());
    *keys
        .get_or_insert_with(Keys::new)
        .entry((kind.package, root.to_path_buf(), rustc.to_path_buf()))
        .or_insert_with(|| library_key_now(kind, root, rustc))
}

fn library_key_now(kind: Kind, root: &Path, rustc: &Path) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    LIBRARY_LAYOUT.hash(&mut hasher);
    let mut files = vec![
        root.join("Cargo.toml"),
        root.join("Cargo.lock"),
        root.join("exercises").join("Cargo.toml"),
        root.join("exercises").join("kata.rs"),
    ];
    let mut dirs: Vec<PathBuf> = kind.sources.iter().map(|dir| root.join(dir)).collect();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path)
            } else {
                files.push(path)
            }
        }
    }
    files.sort();
    for file in files {
        file.strip_prefix(root).unwrap_or(&file).hash(&mut hasher);
        std::fs::read(&file).unwrap_or_default().hash(&mut hasher);
    }
    rustc.hash(&mut hasher);
    if let Ok(meta) = std::fs::metadata(rustc) {
        meta.len().hash(&mut hasher);
        meta.modified().ok().hash(&mut hasher);
    }
    hasher.finish()
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

    #[test]
    fn the_library_files_are_read_from_cargos_messages() {
        let stdout = format!(
            "{}\n{}\n{}\n",
            r#"{"reason":"compiler-artifact","target":{"name":"kata","kind":["lib"],"edition":"2024"},"filenames":["/t/deps/libkata-1.rlib","/t/deps/libkata-1.rmeta"]}"#,
            format_args!(
                r#"{{"reason":"compiler-artifact","target":{{"name":"explore","kind":["dylib"],"edition":"2024"}},"filenames":["/t/deps/{}explore{}"]}}"#,
                std::env::consts::DLL_PREFIX,
                std::env::consts::DLL_SUFFIX
            ),
            r#"{"reason":"build-finished","success":true}"#,
        );
        let (edition, externs) = library_artifacts("explore", &stdout).expect("both artifacts");
        assert_eq!(edition, "2024");
        assert_eq!(externs[0], ("kata".into(), "/t/deps/libkata-1.rlib".into()));
        assert_eq!(externs[1].0, "explore");
        assert!(
            library_artifacts("explore", r#"{"reason":"build-finished","success":false}"#)
                .is_none()
        );
    }
}
