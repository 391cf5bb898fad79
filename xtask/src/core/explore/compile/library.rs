//! The library programs are compiled against (the explorer's, or the
//! recording `std` of real runs): built once by cargo as a shared library,
//! recorded in `library.json` with a key of what it was built from, and
//! built again when that changes.

use crate::base::failure::{Doing, Failed, Task};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use super::super::{Against, NotRun};
use crate::base::{build, system};

/// A library programs are compiled against: the explorer's, or the
/// recording `std` of real runs.
#[derive(Debug, Clone, Copy)]
pub(super) struct Kind {
    /// The package cargo builds as the library.
    pub(super) package: &'static str,
    /// Its sources, under the runner's workbook: what its key hashes.
    pub(super) sources: &'static [&'static str],
    /// Which it is, for the announcement of its build.
    pub(super) library: Against,
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

/// What a program is compiled against, as cargo built it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Library {
    /// `library_key` of what it was built from.
    pub(super) key: u64,
    pub(super) rustc: PathBuf,
    pub(super) edition: String,
    /// `--extern NAME=FILE`: the `kata` library and the library itself.
    pub(super) externs: Vec<(String, PathBuf)>,
    /// Where the library's own dependencies are (`-L dependency=`).
    pub(super) deps: PathBuf,
    /// Where the shared libraries are at run time: the library's, std's.
    pub(super) library_dirs: Vec<PathBuf>,
}

impl Library {
    pub(super) fn usable(&self) -> bool {
        self.externs.iter().all(|(_, file)| file.is_file())
    }

    pub(super) fn library_path(&self) -> (String, String) {
        let var = system::LIBRARY_PATH_VAR;
        let mut dirs = self.library_dirs.clone();
        dirs.extend(std::env::var_os(var).iter().flat_map(std::env::split_paths));
        let joined = std::env::join_paths(dirs).unwrap_or_default();
        (var.to_string(), joined.to_string_lossy().into_owned())
    }
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

pub(super) fn read_library(dir: &Path) -> Option<Library> {
    let text = std::fs::read_to_string(dir.join("library.json")).ok()?;
    serde_json::from_str(&text).ok()
}

/// The library for `key`: the recorded one, or cargo builds it (`force`: even
/// if the record looks current).
pub(super) fn library(
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
        .context(Task::StartCargo)?;
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
        .with_context(|| Failed::on(Doing::Write, &record))?;
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

/// Names what the library is built from: the explorer's sources, the `kata`
/// library, the manifests and lock file, and the compiler (its path, size and
/// time). Read once per workbook and compiler in a run of the runner (a
/// `verify` asks for every explored kata): a change to the explorer's own
/// sources is seen by the next command.
pub(super) fn library_key(kind: Kind, root: &Path, rustc: &Path) -> u64 {
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

#[cfg(test)]
mod tests {
    use super::*;

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
