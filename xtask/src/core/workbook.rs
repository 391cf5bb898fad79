//! The workbook being judged: its folder, its catalog, and where the
//! explorer that judges it lives. Every command starts from one.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::base::build::Package;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use crate::base::execute::{Confinement, Limit, RunOutput};
use crate::core::catalog::{Catalog, Kata};
use crate::core::explore::{EXPLORER_DIR_VAR, Explorer};

/// The workbook this runner belongs to: the parent of `xtask/`.
///
/// `cargo run` (and so `cargo xtask`) says at run time where the package is
/// now, and that wins over the path compiled in: cargo does not rebuild a
/// workbook folder that was moved or renamed, so the compiled-in path can
/// name a folder that is gone.
pub fn runner_root() -> PathBuf {
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

/// A student's copy made by `handout`: no reference solutions, no attempt
/// corpus, so none of the maintainers' tools can work in it.
pub fn is_handout(root: &Path) -> bool {
    !root.join("solutions").is_dir()
}

/// The explorer of this runner: built from the runner's own workbook, and
/// kept in the runner's own target directory (where cargo put the runner),
/// in a folder of its own. So shuttle is compiled once, whichever copy of the
/// workbook is judged and wherever its katas are built (a teacher's grading,
/// the tests' temporary copies, a shared `CARGO_TARGET_DIR`), and the
/// explorer's builds never touch the katas' builds.
pub fn runner_explorer() -> Explorer {
    let runner_root = runner_root();
    let dir = std::env::var_os(EXPLORER_DIR_VAR)
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute())
        .unwrap_or_else(|| runner_target_dir(&runner_root).join("explore"));
    Explorer { dir, runner_root }
}

/// The target directory this runner was built in: the nearest folder above
/// its executable that cargo marked as one (`CACHEDIR.TAG`); otherwise the
/// one cargo would use (`CARGO_TARGET_DIR`, else the workbook's `target/`).
fn runner_target_dir(runner_root: &Path) -> PathBuf {
    let built_in = std::env::current_exe().ok().and_then(|exe| {
        exe.ancestors()
            .skip(1)
            .find(|dir| dir.join("CACHEDIR.TAG").is_file())
            .map(Path::to_path_buf)
    });
    built_in
        .or_else(|| {
            std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .map(|dir| {
                    if dir.is_absolute() {
                        dir
                    } else {
                        runner_root.join(dir)
                    }
                })
        })
        .unwrap_or_else(|| runner_root.join("target"))
}

/// Which file of a kata is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The learner's file in `exercises/`.
    Exercise,
    /// The reference solution in `solutions/`.
    Solution,
    /// The pristine shipped copy in `checks/shipped/`.
    Shipped,
}

impl Target {
    pub fn package(self) -> Package {
        match self {
            Self::Exercise => Package::Exercises,
            Self::Solution => Package::Solutions,
            Self::Shipped => Package::Checks,
        }
    }

    pub fn bin(self, kata: &Kata) -> String {
        match self {
            Self::Exercise => kata.name.clone(),
            Self::Solution => kata.solution_bin(),
            Self::Shipped => kata.shipped_bin(),
        }
    }
}

/// What the runner and the catalog's check data need to judge katas.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// The workspace root (where `Cargo.toml` and `exercises/` are).
    pub root: PathBuf,
    pub catalog: Catalog,
    /// Ask the compiler for coloured diagnostics.
    pub color: bool,
    pub explorer: Explorer,
    /// The limits (and, when grading, the box) every kata program runs in.
    pub confinement: Confinement,
    /// What the box and the runner did to each kata's runs, whatever the
    /// verdict (read by the grade reports).
    pub run_log: RunLog,
}

/// Something a kata's run met that its verdict may not show: the box
/// refused it something, a cap was reached, its output was cut, it left a
/// process running.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunEvent {
    /// The first line it printed about the refusal.
    Refused(String),
    Limit(Limit),
    OutputCut,
    LeftRunning,
}

/// The events of each kata's runs, by kata name; shared by the clones of a
/// workbook (runs are judged on several threads).
#[derive(Debug, Clone, Default)]
pub struct RunLog(Arc<Mutex<BTreeMap<String, Vec<RunEvent>>>>);

impl RunLog {
    /// Notes what `output` met, once per kind of event.
    pub fn note(&self, kata: &str, output: &RunOutput) {
        let mut met = Vec::new();
        if let Some(line) = &output.refused {
            met.push(RunEvent::Refused(line.clone()));
        }
        if let Some(limit) = output.limit {
            met.push(RunEvent::Limit(limit));
        }
        if output.truncated {
            met.push(RunEvent::OutputCut);
        }
        if output.leaked {
            met.push(RunEvent::LeftRunning);
        }
        if met.is_empty() {
            return;
        }
        let mut log = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let events = log.entry(kata.to_string()).or_default();
        for event in met {
            let seen = events
                .iter()
                .any(|e| std::mem::discriminant(e) == std::mem::discriminant(&event));
            if !seen {
                events.push(event);
            }
        }
    }

    /// The events of `kata`'s runs so far, in the order first met.
    pub fn of(&self, kata: &str) -> Vec<RunEvent> {
        let log = self.0.lock().unwrap_or_else(|p| p.into_inner());
        log.get(kata).cloned().unwrap_or_default()
    }
}

/// Set by `grade` on the runner that grades one student: the student's
/// programs then run boxed (`Confinement::graded`).
pub const CONFINE_VAR: &str = "WORKBOOK_CONFINE";

/// Whether this runner was asked to box the programs it runs (`CONFINE_VAR`).
pub fn box_asked() -> bool {
    std::env::var_os(CONFINE_VAR).is_some_and(|v| v == "1")
}

/// How this runner runs kata programs: in a box when it grades someone
/// else's code, with the learner's caps otherwise.
pub fn runner_confinement() -> Confinement {
    if box_asked() {
        Confinement::graded()
    } else {
        Confinement::learner()
    }
}

impl Workbook {
    /// The workbook at `root` with its own check data (`root/checks`), no colour.
    pub fn open(root: PathBuf) -> Result<Self> {
        let catalog = Catalog::load(&root.join("checks"))?;
        Ok(Self {
            root,
            catalog,
            color: false,
            explorer: runner_explorer(),
            confinement: runner_confinement(),
            run_log: RunLog::default(),
        })
    }

    pub fn snapshot_dir(&self) -> PathBuf {
        self.catalog.checks_dir.join("snapshots")
    }
}
