//! Compiling katas: cargo and rustc for kata programs, and their diagnostics.
//!
//! One `cargo build` per request, however many binaries it names, with
//! `--keep-going` so one broken kata never hides the others. Diagnostics come
//! from cargo's JSON messages, so the error codes (E0382, ...) are read, not
//! guessed from text, and trybuild stays out of the learner's hot path.

use crate::base::failure::Task;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result};
use serde::Deserialize;

/// The workspace packages that hold kata binaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Package {
    /// The learner's files.
    Exercises,
    /// The reference solutions (`<kata>_solution`).
    Solutions,
    /// The pristine shipped files (`<kata>_shipped`).
    Checks,
    /// The attempt corpus (`<kata>__<variant>`, in `xtask/attempts/`): learner
    /// programs, wrong and right, that the checks must tell apart.
    Attempts,
}

impl Package {
    pub fn name(self) -> &'static str {
        match self {
            Self::Exercises => "exercises",
            Self::Solutions => "solutions",
            Self::Checks => "checks",
            Self::Attempts => "attempts",
        }
    }
}

/// One compiler message, as cargo reported it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Option<String>,
    /// The compiler's own rendering (with colour codes if colour was asked for).
    pub rendered: String,
    /// The headline, without colour: "use of moved value: `tx`".
    pub message: String,
    /// The labels of its spans, each with its line (primary span first).
    pub labels: Vec<(u32, String)>,
    /// The notes and help lines below it ("move occurs because ...").
    pub notes: Vec<String>,
    /// The source each label points at, in the order of `labels`.
    pub sources: Vec<Source>,
}

/// The program text a label points at: the first line of its span, split
/// where the span starts and ends (`before`: "    let team = Team { reports: ",
/// `text`: "tx", `after`: " };").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    pub before: String,
    pub text: String,
    pub after: String,
}

impl Source {
    /// The whole line.
    pub fn line(&self) -> String {
        format!("{}{}{}", self.before, self.text, self.after)
    }
}

impl Diagnostic {
    /// The line the compiler points at.
    pub fn line(&self) -> Option<u32> {
        self.labels.first().map(|(line, _)| *line)
    }

    /// The source of the first label that contains `label_part`, with its line.
    pub fn source_of(&self, label_part: &str) -> Option<(u32, &Source)> {
        self.labels
            .iter()
            .zip(&self.sources)
            .find(|((_, label), _)| label.contains(label_part))
            .map(|((line, _), source)| (*line, source))
    }
}

/// What became of one requested binary.
#[derive(Debug, Clone)]
pub enum BinBuild {
    Built {
        executable: PathBuf,
        /// The compiler's warnings about the binary's own file, from the
        /// build that made it (a build that finds it fresh says nothing).
        warnings: Vec<Diagnostic>,
    },
    Failed {
        errors: Vec<Diagnostic>,
    },
}

/// cargo failed before compiling some binaries (a manifest, the lock, the
/// network): which ones, and what cargo said, kept apart so a report can
/// show cargo's words as output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CargoFailed {
    pub bins: Vec<String>,
    pub stderr: String,
}

// Worded in `render::failed`, where it is also made an error.

/// Builds `bins` of `package` in one cargo invocation.
///
/// Returns an outcome per binary; an `Err` only when cargo itself could not do
/// its job (a broken manifest, a missing toolchain), which is never the
/// learner's kata's fault.
pub fn build(
    root: &Path,
    package: Package,
    bins: &[&str],
    color: bool,
) -> Result<BTreeMap<String, BinBuild>> {
    let mut cmd = cargo(root);
    cmd.args(["build", "--package", package.name(), "--keep-going"]);
    for bin in bins {
        cmd.args(["--bin", bin]);
    }
    cmd.arg(if color {
        "--message-format=json-diagnostic-rendered-ansi"
    } else {
        "--message-format=json"
    });
    let output = cmd.output().context(Task::StartCargo)?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut results = parse_messages(&stdout, bins);
    let missing: Vec<&str> = bins
        .iter()
        .copied()
        .filter(|b| !results.contains_key(*b))
        .collect();
    if !missing.is_empty() {
        // No artifact and no error attributed to the binary: cargo failed
        // before compiling it (manifest, lock, network). Show cargo's words.
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(CargoFailed {
            bins: missing.iter().map(|b| b.to_string()).collect(),
            stderr: stderr.trim_end().to_string(),
        }
        .into());
    }
    results.retain(|name, _| bins.contains(&name.as_str()));
    Ok(results)
}

/// `cargo check` of `bins` of `package` for an editor: cargo's JSON messages
/// go to this process's stdout as cargo writes them, into `target_dir`, so the
/// editor never waits for the runner's lock on the workbook's target
/// directory, nor the runner for the editor's.
pub fn check_for_editor(
    root: &Path,
    package: Package,
    bins: &[String],
    target_dir: &Path,
) -> Result<std::process::ExitStatus> {
    let mut cmd = cargo(root);
    cmd.args([
        "check",
        "--package",
        package.name(),
        "--message-format=json",
    ]);
    for bin in bins {
        cmd.args(["--bin", bin]);
    }
    cmd.arg("--target-dir")
        .arg(target_dir)
        .stdout(Stdio::inherit())
        .status()
        .context(Task::StartCargo)
}

/// The one constructor of cargo commands: workspace root, no stdin, and the
/// runner decides about colour itself.
pub fn cargo(root: &Path) -> Command {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(program);
    cmd.current_dir(root)
        .stdin(Stdio::null())
        .env("CARGO_TERM_COLOR", "never")
        .env("CARGO_TERM_PROGRESS_WHEN", "never");
    cmd
}

/// The compiler of the toolchain cargo belongs to (beside it): what cargo
/// itself runs, without a toolchain proxy's start-up in between. Started
/// without cargo (the runner's binary run directly), the compiler a `rustc`
/// proxy stands for: the same path either way, so that what is built with
/// it (the explorer's library) is not built again for each.
pub fn rustc() -> PathBuf {
    static RUSTC: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    RUSTC
        .get_or_init(|| {
            let exe = format!("rustc{}", std::env::consts::EXE_SUFFIX);
            std::env::var_os("RUSTC")
                .map(PathBuf::from)
                .or_else(|| {
                    let cargo = PathBuf::from(std::env::var_os("CARGO")?);
                    let beside = cargo.with_file_name(&exe);
                    beside.is_file().then_some(beside)
                })
                .or_else(|| {
                    let sysroot = Command::new("rustc")
                        .args(["--print", "sysroot"])
                        .stdin(Stdio::null())
                        .output()
                        .ok()
                        .filter(|o| o.status.success())?;
                    let sysroot = String::from_utf8_lossy(&sysroot.stdout).trim().to_string();
                    let inside = Path::new(&sysroot).join("bin").join(&exe);
                    inside.is_file().then_some(inside)
                })
                .unwrap_or_else(|| "rustc".into())
        })
        .clone()
}

/// `rustc --version` of the compiler `rustc()` names.
pub fn rustc_version() -> Result<String> {
    let output = Command::new(rustc())
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .context(Task::RunRustcVersion)?;
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// Compares (or, with `overwrite`, records) the compile-error katas' full
/// diagnostics with their pinned `.stderr` files, through the trybuild test
/// that `cargo test` runs too. The answer, and cargo's output to show when
/// it failed.
pub fn pinned_diagnostics(root: &Path, overwrite: bool) -> Result<(bool, String)> {
    let mut cmd = cargo(root);
    cmd.args([
        "test",
        "--quiet",
        "--package",
        "xtask",
        "--test",
        "curriculum",
        "--",
        "shipped_compile_errors",
    ]);
    if overwrite {
        cmd.env("TRYBUILD", "overwrite");
    }
    let output = cmd.output().context(Task::RunCargoTest)?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Ok((output.status.success(), text))
}

#[derive(Deserialize)]
struct Message {
    reason: String,
    #[serde(default)]
    target: Option<Target>,
    #[serde(default)]
    message: Option<CompilerMessage>,
    #[serde(default)]
    executable: Option<PathBuf>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
    kind: Vec<String>,
    #[serde(default)]
    src_path: Option<PathBuf>,
}

#[derive(Deserialize)]
struct CompilerMessage {
    level: String,
    message: String,
    code: Option<Code>,
    rendered: Option<String>,
    #[serde(default)]
    spans: Vec<Span>,
    #[serde(default)]
    children: Vec<Child>,
}

#[derive(Deserialize)]
struct Span {
    #[serde(default)]
    file_name: String,
    line_start: u32,
    #[serde(default)]
    is_primary: bool,
    #[serde(default)]
    label: Option<String>,
    /// Set when the span is inside a macro's expansion (`println!`): where
    /// the macro was called.
    #[serde(default)]
    expansion: Option<Box<Expansion>>,
    /// The source lines of the span, with where it starts and ends on each.
    #[serde(default)]
    text: Vec<SpanLine>,
}

#[derive(Deserialize)]
struct SpanLine {
    text: String,
    /// 1-based character columns.
    highlight_start: usize,
    highlight_end: usize,
}

impl Span {
    /// The span's first line, split where it starts.
    fn source(&self) -> Source {
        let Some(first) = self.text.first() else {
            return Source::default();
        };
        let chars: Vec<char> = first.text.chars().collect();
        let start = first.highlight_start.saturating_sub(1).min(chars.len());
        let end = first
            .highlight_end
            .saturating_sub(1)
            .clamp(start, chars.len());
        Source {
            before: chars[..start].iter().collect(),
            text: chars[start..end].iter().collect(),
            after: chars[end..].iter().collect(),
        }
    }
}

#[derive(Deserialize)]
struct Expansion {
    span: Span,
}

#[derive(Deserialize)]
struct Child {
    message: String,
}

impl CompilerMessage {
    /// Is its primary span in `src_path`, or in a macro called there
    /// (`println!` after an endless loop)? Then the primary span's line
    /// becomes the line in `src_path`. Cargo names files relative to the
    /// workspace root; the target's source path is absolute.
    fn points_into(&mut self, src_path: Option<&Path>) -> bool {
        let Some(src_path) = src_path else {
            return false;
        };
        let Some(primary) = self.spans.iter_mut().find(|s| s.is_primary) else {
            return false;
        };
        let mut span: &Span = primary;
        loop {
            if !span.file_name.is_empty() && src_path.ends_with(&span.file_name) {
                primary.line_start = span.line_start;
                return true;
            }
            match &span.expansion {
                Some(expansion) => span = &expansion.span,
                None => return false,
            }
        }
    }

    fn into_diagnostic(self) -> Diagnostic {
        let mut spans = self.spans;
        // The primary span first: it is where the error is.
        spans.sort_by_key(|s| !s.is_primary);
        Diagnostic {
            code: self.code.map(|c| c.code),
            rendered: self.rendered.unwrap_or_else(|| self.message.clone()),
            sources: spans.iter().map(Span::source).collect(),
            labels: spans
                .into_iter()
                .map(|s| (s.line_start, s.label.unwrap_or_default()))
                .collect(),
            notes: self.children.into_iter().map(|c| c.message).collect(),
            message: self.message,
        }
    }
}

#[derive(Deserialize)]
struct Code {
    code: String,
}

/// Sorts cargo's JSON lines into a result per binary. Errors in the shared
/// `kata` library are charged to every requested binary: none of them can build.
fn parse_messages(stdout: &str, bins: &[&str]) -> BTreeMap<String, BinBuild> {
    let mut errors: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    let mut warnings: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    let mut library_errors = Vec::new();
    let mut built = BTreeMap::new();
    for line in stdout.lines() {
        let Ok(msg) = serde_json::from_str::<Message>(line) else {
            continue;
        };
        let Some(target) = msg.target else { continue };
        match msg.reason.as_str() {
            "compiler-message" => {
                let Some(mut m) = msg.message else { continue };
                let is_bin = target.kind.iter().any(|k| k == "bin");
                // Only warnings about the kata's own file: the library's are
                // not the learner's to mend.
                if m.level == "warning" && is_bin && m.points_into(target.src_path.as_deref()) {
                    warnings
                        .entry(target.name)
                        .or_default()
                        .push(m.into_diagnostic());
                    continue;
                }
                // The closing "aborting due to ..." line repeats what was said.
                if m.level != "error" || m.message.starts_with("aborting due to") {
                    continue;
                }
                let diagnostic = m.into_diagnostic();
                if is_bin {
                    errors.entry(target.name).or_default().push(diagnostic);
                } else {
                    library_errors.push(diagnostic);
                }
            }
            "compiler-artifact" => {
                if let Some(executable) = msg.executable {
                    built.insert(target.name, executable);
                }
            }
            _ => {}
        }
    }
    let mut results = BTreeMap::new();
    for bin in bins {
        let mut errs = errors.remove(*bin).unwrap_or_default();
        if errs.is_empty() && !library_errors.is_empty() {
            errs = library_errors.clone();
        }
        if !errs.is_empty() {
            results.insert(bin.to_string(), BinBuild::Failed { errors: errs });
        } else if let Some(executable) = built.remove(*bin) {
            let warnings = warnings.remove(*bin).unwrap_or_default();
            results.insert(
                bin.to_string(),
                BinBuild::Built {
                    executable,
                    warnings,
                },
            );
        }
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(reason: &str, name: &str, kind: &str, rest: &str) -> String {
        format!(r#"{{"reason":"{reason}","target":{{"name":"{name}","kind":["{kind}"]}}{rest}}}"#)
    }

    #[test]
    fn errors_and_artifacts_are_sorted_per_binary() {
        let stdout = [
            line(
                "compiler-message",
                "moved",
                "bin",
                r#","message":{"level":"error","message":"borrow of moved value","code":{"code":"E0382"},"rendered":"error[E0382]: borrow"}"#,
            ),
            line(
                "compiler-message",
                "moved",
                "bin",
                r#","message":{"level":"error","message":"aborting due to 1 previous error","code":null,"rendered":"x"}"#,
            ),
            line(
                "compiler-message",
                "moved",
                "bin",
                r#","message":{"level":"warning","message":"unused","code":null,"rendered":"w"}"#,
            ),
            line("compiler-artifact", "fine", "bin", r#","executable":"/t/fine""#),
            "not json".to_string(),
        ]
        .join("\n");
        let results = parse_messages(&stdout, &["moved", "fine", "other"]);
        match &results["moved"] {
            BinBuild::Failed { errors } => {
                assert_eq!(errors.len(), 1);
                assert_eq!(errors[0].code.as_deref(), Some("E0382"));
            }
            other => panic!("expected a failure, got {other:?}"),
        }
        assert!(
            matches!(&results["fine"], BinBuild::Built { executable, .. } if executable == Path::new("/t/fine"))
        );
        assert!(!results.contains_key("other"));
    }

    #[test]
    fn library_errors_fail_every_binary() {
        let stdout = line(
            "compiler-message",
            "kata",
            "lib",
            r#","message":{"level":"error","message":"expected `;`","code":null,"rendered":"error: expected"}"#,
        );
        let results = parse_messages(&stdout, &["a", "b"]);
        assert!(matches!(results["a"], BinBuild::Failed { .. }));
        assert!(matches!(results["b"], BinBuild::Failed { .. }));
    }

    #[test]
    fn warnings_about_the_kata_s_own_file_are_kept() {
        let warning = |file: &str, text: &str| {
            format!(
                r#"{{"reason":"compiler-message","target":{{"name":"k","kind":["bin"],"src_path":"/w/exercises/k.rs"}},"message":{{"level":"warning","message":"{text}","code":{{"code":"unused_must_use"}},"rendered":"warning: {text}","spans":[{{"file_name":"{file}","line_start":12,"is_primary":true,"label":null}}]}}}}"#
            )
        };
        let stdout = [
            warning("exercises/k.rs", "unused `Result` that must be used"),
            warning("kata/src/lib.rs", "unused import"),
            line("compiler-artifact", "k", "bin", r#","executable":"/t/k""#),
        ]
        .join("\n");
        let results = parse_messages(&stdout, &["k"]);
        let BinBuild::Built { warnings, .. } = &results["k"] else {
            panic!("expected a build, got {:?}", results["k"]);
        };
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].message, "unused `Result` that must be used");
        assert_eq!(warnings[0].line(), Some(12));
    }
}
