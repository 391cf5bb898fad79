//! The size rules of the runner's code, checked rather than only written: no
//! module over 700 lines and no function over 120, so each file can be read
//! for one job and each function at a sitting.
//!
//! Counted as a reviewer reads them: every line of a file before its test
//! module (`#[cfg(test)] mod tests`, or `#[cfg(all(test, ..))]`), comments and
//! blank lines included; a file that is a test module itself (`tests.rs`) is
//! not counted. A function runs from its `fn` line to the `}` at the same
//! indentation. Every `.rs` file of the runner, the explorer, the explorer's
//! protocol and the recorder is read.

use std::path::{Path, PathBuf};

/// The most lines a module may have before its tests.
const MODULE_LINES: usize = 700;
/// The most lines a function may have, its signature and closing brace included.
const FUNCTION_LINES: usize = 120;

/// The source folders, from `xtask/`.
const ROOTS: &[&str] = &["src", "explore/src", "explore/protocol/src", "record/src"];

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "tests.rs")
        {
            found.push(path);
        }
    }
}

/// The lines before the file's test module.
fn before_tests(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    let is_test_cfg = |l: &str| l.starts_with("#[cfg(test)]") || l.starts_with("#[cfg(all(test");
    let end = (0..lines.len())
        .find(|&i| {
            is_test_cfg(lines[i])
                && lines[i + 1..]
                    .iter()
                    .find(|l| !l.starts_with("#["))
                    .is_some_and(|l| l.starts_with("mod tests"))
        })
        .unwrap_or(lines.len());
    lines[..end].to_vec()
}

/// The name of the function a line starts, and the line's indentation.
fn function_at(line: &str) -> Option<(&str, &str)> {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    let mut rest = trimmed;
    if let Some(after) = rest.strip_prefix("pub") {
        rest = match after.strip_prefix('(') {
            Some(scoped) => scoped.split_once(')')?.1.trim_start(),
            None => after.strip_prefix(' ')?,
        };
    }
    for qualifier in ["const ", "async ", "unsafe ", "extern \"C\" "] {
        rest = rest.strip_prefix(qualifier).unwrap_or(rest);
    }
    let name = rest.strip_prefix("fn ")?;
    let end = name
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(name.len());
    (end > 0).then(|| (&name[..end], indent))
}

/// Every function of `lines` with its length in lines.
fn functions<'a>(lines: &[&'a str]) -> Vec<(&'a str, usize, usize)> {
    let mut found = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        let Some((name, indent)) = function_at(line) else {
            continue;
        };
        // The signature ends at the first line ending in `{`, `;` or `}`:
        // a declaration without a body, or a body on one line, is short.
        let Some(open) = (start..lines.len()).find(|&i| {
            let l = lines[i].trim_end();
            l.ends_with('{') || l.ends_with(';') || l.ends_with('}')
        }) else {
            continue;
        };
        if !lines[open].trim_end().ends_with('{') {
            continue;
        }
        let close = format!("{indent}}}");
        if let Some(end) = (open + 1..lines.len()).find(|&i| lines[i].trim_end() == close) {
            found.push((name, start + 1, end - start + 1));
        }
    }
    found
}

/// What breaks the rules in one file's text, in words.
fn oversized(path: &str, text: &str) -> Vec<String> {
    let lines = before_tests(text);
    let mut found = Vec::new();
    if lines.len() > MODULE_LINES {
        found.push(format!(
            "{path}: {} lines before its tests (at most {MODULE_LINES}): split it by job",
            lines.len()
        ));
    }
    for (name, line, length) in functions(&lines) {
        if length > FUNCTION_LINES {
            found.push(format!(
                "{path}:{line}: fn `{name}` has {length} lines (at most {FUNCTION_LINES}): \
                 give its parts names of their own"
            ));
        }
    }
    found
}

#[test]
fn no_module_or_function_is_too_long() {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for root in ROOTS {
        rust_files(&xtask.join(root), &mut files);
    }
    files.sort();
    assert!(files.len() > 50, "too few files found: {}", files.len());
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a source file");
        let shown = file
            .strip_prefix(xtask)
            .unwrap_or(file)
            .display()
            .to_string();
        found.extend(oversized(&format!("xtask/{shown}"), &text));
    }
    assert!(found.is_empty(), "too long:\n{}", found.join("\n"));
}

#[test]
fn the_counts_are_the_ones_a_reviewer_reads() {
    let body = "    let x = 1;\n".repeat(FUNCTION_LINES - 1);
    let long = format!("/// Doc.\npub(crate) fn long() {{\n{body}}}\n");
    let short = "fn short() -> u8 {\n    1\n}\nfn decl();\nfn one() {}\n";
    let text = format!("{short}{long}#[cfg(test)]\nmod tests {{\n{body}}}\n");
    let said = oversized("a.rs", &text);
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].starts_with("a.rs:7: fn `long` has 121 lines"),
        "{said:?}"
    );
    // The test module is not counted; the lines before it are.
    let module = format!(
        "{}#[cfg(all(test, unix))]\nmod tests;\n",
        "//\n".repeat(701)
    );
    assert_eq!(oversized("b.rs", &module).len(), 1);
    assert!(oversized("c.rs", &"//\n".repeat(700)).is_empty());
}
