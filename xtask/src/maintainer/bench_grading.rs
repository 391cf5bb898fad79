//! `cargo xtask dev bench --grading N`: what grading a class costs here.
//!
//! A class of `N` students is made from this workbook's handout, in turn
//! one who solved every kata (the reference solutions), one who started
//! nothing, and one who solved the first half of the track. It is graded
//! cold (the class's build folder starts empty) by this runner, as a child
//! process whose temporary files go to a folder of the benchmark's own, so
//! the disk the grading uses can be sampled while it runs: the class's
//! shared build folder and the students' build trees, at their largest.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};

use super::bench::{copy_tree, disk_usage};
use crate::cli::Outcome;
use crate::core::workbook::Workbook;
use crate::render::failed::{self, Doing, Task};
use crate::render::maintainer::{self as words, GradingBench};

/// The targets the numbers are compared with.
const CLASS_OF_30_WITHIN: Duration = Duration::from_secs(5 * 60);
const BUILD_OUTPUT_PER_STUDENT: u64 = 10 << 20;

/// How often the grading's folders are measured.
const SAMPLE_EVERY: Duration = Duration::from_millis(500);

pub fn bench_grading(workbook: &Workbook, students: u32) -> Result<Outcome> {
    let work = tempfile::Builder::new()
        .prefix("workbook-bench-grading-")
        .tempdir()
        .with_context(|| failed::task(Task::TempDir))?;
    let root = workbook
        .root
        .canonicalize()
        .with_context(|| failed::on(Doing::Resolve, &workbook.root))?;
    let handout = work.path().join("handout");
    crate::core::handout::write(workbook, &root, &handout)
        .with_context(|| failed::task(Task::WriteHandout))?;
    let class = work.path().join("class");
    let kinds = make_class(workbook, &root, &handout, &class, students)?;
    let temp = work.path().join("tmp");
    std::fs::create_dir_all(&temp)?;
    print!(
        "{}",
        words::bench_class(students, kinds, workbook.catalog.katas.len())
    );
    print!("{}", words::load_average(false, &load_average()));

    // The grading's own temporary folder appears under `temp`; its build
    // folder (`build`) and trees (`trees`, `exports`) are what a student's
    // grading writes.
    let sampler = PeakSampler::start(temp.clone());
    let explorer_before = disk_usage(&workbook.explorer.dir);
    let exe = std::env::current_exe().with_context(|| failed::task(Task::FindOwnExecutable))?;
    let out = work.path().join("out");
    let start = Instant::now();
    let status = Command::new(exe)
        .arg("--root")
        .arg(&root)
        .arg("grade")
        .arg(&class)
        .arg("--out")
        .arg(&out)
        .env("TMPDIR", &temp)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .status()
        .with_context(|| failed::task(Task::StartGrading))?;
    let took = start.elapsed();
    let (build, all) = sampler.stop();
    ensure!(
        status.success(),
        "{}",
        words::grading_failed(&status.to_string())
    );
    let csv = std::fs::read_to_string(out.join("grades.csv"))
        .with_context(|| failed::task(Task::NoGradesCsv))?;
    let graded = csv.lines().count().saturating_sub(1);
    ensure!(
        graded == students as usize,
        "{}",
        words::graded_of(graded, students)
    );
    let explorer_grew = disk_usage(&workbook.explorer.dir).saturating_sub(explorer_before);
    print!("{}", words::load_average(true, &load_average()));
    print!(
        "{}",
        words::grading_bench(&GradingBench {
            students,
            took,
            class_of_30_within: CLASS_OF_30_WITHIN,
            build_peak: build,
            build_per_student_target: BUILD_OUTPUT_PER_STUDENT,
            all_peak: all,
            explorer_grew,
        })
    );
    Ok(Outcome::Passed)
}

/// `students` copies of the handout in `class`: a third with every kata
/// solved, a third untouched, a third with the first half solved; returns how
/// many of each.
fn make_class(
    workbook: &Workbook,
    root: &Path,
    handout: &Path,
    class: &Path,
    students: u32,
) -> Result<[u32; 3]> {
    let mut kinds = [0u32; 3];
    for i in 0..students {
        let student = class.join(format!("student{:03}", i + 1));
        copy_tree(handout, &student)?;
        let kind = (i % 3) as usize;
        kinds[kind] += 1;
        let solved = match kind {
            0 => workbook.catalog.katas.len(),
            1 => 0,
            _ => workbook.catalog.katas.len() / 2,
        };
        for kata in &workbook.catalog.katas[..solved] {
            std::fs::copy(root.join(&kata.solution), student.join(&kata.path))
                .with_context(|| failed::on(Doing::Copy, &kata.solution))?;
        }
    }
    Ok(kinds)
}

/// Measures, every `SAMPLE_EVERY`, the folders the gradings write under a
/// temporary folder, and keeps the peaks.
struct PeakSampler {
    done: Arc<AtomicBool>,
    peak_build: Arc<AtomicU64>,
    peak_all: Arc<AtomicU64>,
    thread: std::thread::JoinHandle<()>,
}

impl PeakSampler {
    /// The grading's own temporary folder appears under `temp`; its build
    /// folder (`build`) and trees (`trees`, `exports`) are what a student's
    /// grading writes.
    fn start(temp: PathBuf) -> Self {
        let done = Arc::new(AtomicBool::new(false));
        let peak_build = Arc::new(AtomicU64::new(0));
        let peak_all = Arc::new(AtomicU64::new(0));
        let thread = {
            let (done, peak_build, peak_all) = (done.clone(), peak_build.clone(), peak_all.clone());
            std::thread::spawn(move || {
                while !done.load(Ordering::Acquire) {
                    // One pass: the build output, and the rest beside it.
                    let (mut build, mut rest) = (0, 0);
                    for grading in subfolders(&temp) {
                        for item in subfolders_and_files(&grading) {
                            let size = disk_usage(&item);
                            let name = item.file_name().unwrap_or_default();
                            if ["build", "trees", "exports"].iter().any(|b| name == *b) {
                                build += size;
                            } else {
                                rest += size;
                            }
                        }
                    }
                    peak_build.fetch_max(build, Ordering::Relaxed);
                    peak_all.fetch_max(build + rest, Ordering::Relaxed);
                    std::thread::sleep(SAMPLE_EVERY);
                }
            })
        };
        Self {
            done,
            peak_build,
            peak_all,
            thread,
        }
    }

    /// Stops sampling: the peaks of the build output and of everything.
    fn stop(self) -> (u64, u64) {
        self.done.store(true, Ordering::Release);
        let _ = self.thread.join();
        (
            self.peak_build.load(Ordering::Relaxed),
            self.peak_all.load(Ordering::Relaxed),
        )
    }
}

fn subfolders(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default()
}

fn subfolders_and_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".to_string())
}
