//! The runner's layering rules (`xtask/ARCHITECTURE.md`), checked rather than
//! only written: dependencies point one way (commands -> render -> core ->
//! base), a command does not import another command, no two modules import
//! each other through any path, and the core never prints.
//!
//! Read from the `crate::` paths of every file under `src/`, with comments and
//! string literals left out, so a path quoted in a message or a doc comment is
//! not taken for an import.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A layer may use its own and the ones below it (a higher number is higher).
fn layer(module: &str) -> Option<u8> {
    match module.split("::").next().unwrap_or("") {
        "base" => Some(0),
        "core" => Some(1),
        "render" => Some(2),
        // The commands share the command line's vocabulary (`cli::Outcome`,
        // their argument structs), which `lib.rs` hands them.
        "learner" | "teacher" | "maintainer" | "cli" => Some(3),
        // `lib.rs`, `main.rs`: the dispatch.
        "" | "main" => Some(4),
        _ => None,
    }
}

/// Modules in the command folders that are not commands but pieces they
/// share, each with why.
const SHARED: &[&str] = &[
    // Progress loaded and saved with the learner told of a recovered file.
    "learner",
    // The explorer built in the background after a verdict, by every
    // command that shows one.
    "learner::prepare",
    // Raw keys and file events: `watch`'s, lent to `step` and timed by `bench`.
    "learner::watch::input",
    "learner::watch::files",
    "teacher",
    // The reports `grade` writes and `grade-merge` writes again.
    "teacher::reports",
    "maintainer",
    // The attempt corpus, read by `stress` and the tests.
    "maintainer::attempts",
];

/// A command that is other commands on a loop, or times them.
const COMMAND_USES_COMMAND: &[(&str, &str)] = &[
    // `watch` is `next`, `hint` and `list` on every save.
    ("learner::watch", "learner::next"),
    ("learner::watch", "learner::hint"),
    ("learner::watch", "learner::list"),
    // Its list resets the kata under the cursor, as `reset` does.
    ("learner::watch", "learner::reset"),
    // `dev bench` times `watch`'s save-to-verdict path with its own file events.
    ("maintainer::bench", "learner::watch"),
];

fn is_command(module: &str) -> bool {
    let top = module.split("::").next().unwrap_or("");
    matches!(top, "learner" | "teacher" | "maintainer") && !SHARED.contains(&module)
}

/// The command a module belongs to (`learner::watch::files` belongs to
/// `learner::watch`), if it is one.
fn command_of(module: &str, modules: &BTreeMap<String, PathBuf>) -> Option<String> {
    let parts: Vec<&str> = module.split("::").collect();
    (2..=parts.len())
        .map(|n| parts[..n].join("::"))
        .find(|m| modules.contains_key(m) && is_command(m) && is_command(module))
}

/// Every module of the crate, by path (`core::checks::channels`), and its file.
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    let mut found = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(src).unwrap().with_extension("");
                let mut parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
                    parts.pop();
                }
                found.insert(parts.join("::"), path);
            }
        }
    }
    found
}

/// The code of a file without comments, string and char literals, and
/// without its `#[cfg(test)]` module (tests may print and reach anywhere).
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 0;
                while i + 1 < b.len() {
                    if b[i] == b'/' && b[i + 1] == b'*' {
                        depth += 1;
                        i += 2;
                    } else if b[i] == b'*' && b[i + 1] == b'/' {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            b'r' if matches!(b.get(i + 1), Some(b'"' | b'#'))
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                let open = i + 1 + hashes;
                if b.get(open) == Some(&b'"') {
                    let close = format!("\"{}", "#".repeat(hashes));
                    let end = text[open + 1..]
                        .find(&close)
                        .map_or(b.len(), |p| open + 1 + p + close.len());
                    out.push_str("\"\"");
                    i = end;
                } else {
                    out.push('r');
                    i += 1;
                }
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                out.push_str("\"\"");
                i += 1;
            }
            // A char literal ('x', '\n', '\''), not a lifetime ('a).
            b'\'' if b.get(i + 1) == Some(&b'\\') => {
                i += 2;
                while i < b.len() && b[i] != b'\'' {
                    i += 1;
                }
                i += 1;
            }
            b'\'' if i + 2 < b.len() && text[i + 1..].chars().nth(1) == Some('\'') => {
                i += 1 + text[i + 1..].chars().next().unwrap().len_utf8() + 1;
            }
            _ => {
                let c = text[i..].chars().next().unwrap();
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    out
}

/// The modules a file's code names through `crate::` paths, with `use`
/// groups (`crate::{a::b, c::{d, e}}`, `crate::learner::{hint, list}`)
/// expanded at any depth.
fn imports(code: &str, modules: &BTreeMap<String, PathBuf>) -> BTreeSet<String> {
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        use_tree("", rest, &mut paths);
    }
    paths
        .iter()
        .filter_map(|path| {
            let parts: Vec<&str> = path.split("::").map(str::trim).collect();
            (1..=parts.len())
                .rev()
                .map(|n| parts[..n].join("::"))
                .find(|m| modules.contains_key(m))
        })
        .collect()
}

/// The paths of one use tree that starts at `text`, each after `prefix`.
fn use_tree(prefix: &str, text: &str, paths: &mut Vec<String>) {
    let text = text.trim_start();
    let path_len = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(text.len());
    let path = &text[..path_len];
    let full = format!("{prefix}{path}");
    let group = text[path_len..].trim_start().strip_prefix('{');
    match group {
        Some(group) if path.is_empty() || path.ends_with("::") => {
            for item in group_items(group) {
                use_tree(&full, item, paths);
            }
        }
        _ => paths.push(full.trim_end_matches("::").to_string()),
    }
}

/// The items of a `{...}` group whose text starts after its `{`.
fn group_items(group: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&group[start..i]);
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.retain(|item| !item.trim().is_empty());
    items
}

/// One module is inside the other (a parent uses its children, a child its
/// parent's shared items): not an edge between two modules.
fn nested(a: &str, b: &str) -> bool {
    a.is_empty()
        || b.is_empty()
        || a == b
        || a.starts_with(&format!("{b}::"))
        || b.starts_with(&format!("{a}::"))
}

/// Every broken rule of the crate under `src`, in words.
fn broken_rules(src: &Path) -> Vec<String> {
    let modules = modules(src);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut broken = Vec::new();
    for (module, file) in &modules {
        let code = code(&std::fs::read_to_string(file).unwrap());
        let from = layer(module);
        for target in imports(&code, &modules) {
            if nested(module, &target) {
                continue;
            }
            if let (Some(from), Some(to)) = (from, layer(&target))
                && to > from
            {
                broken.push(format!("`{module}` imports `{target}`, a layer above it"));
            }
            if let (Some(a), Some(b)) =
                (command_of(module, &modules), command_of(&target, &modules))
                && a != b
                && !COMMAND_USES_COMMAND.contains(&(a.as_str(), b.as_str()))
            {
                broken.push(format!("the command `{a}` imports the command `{b}`"));
            }
            edges.entry(module.clone()).or_default().insert(target);
        }
        if module.split("::").next() == Some("core") {
            for mac in ["print!", "println!", "eprint!", "eprintln!"] {
                if code
                    .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '!'))
                    .any(|word| word == mac)
                {
                    broken.push(format!(
                        "`{module}` prints (`{mac}`): the core returns data"
                    ));
                }
            }
        }
    }
    for module in modules.keys() {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&String> = edges.get(module).into_iter().flatten().collect();
        while let Some(next) = todo.pop() {
            if next == module {
                broken.push(format!("`{module}` is on an import cycle"));
                break;
            }
            if seen.insert(next) {
                todo.extend(edges.get(next).into_iter().flatten());
            }
        }
    }
    broken.sort();
    broken.dedup();
    broken
}

#[test]
fn the_runner_keeps_its_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let broken = broken_rules(&src);
    assert!(
        broken.is_empty(),
        "rules of xtask/ARCHITECTURE.md broken:\n{}",
        broken.join("\n")
    );
}

/// The check itself finds each kind of broken rule, in a crate made for it.
#[test]
fn a_planted_upward_import_a_command_pair_and_a_cycle_are_found() {
    let dir = std::env::temp_dir().join(format!("layers-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let files = [
        (
            "lib.rs",
            "pub mod base; pub mod core; pub mod render; pub mod learner;",
        ),
        (
            "base/mod.rs",
            "// crate::render::x in a comment is no import\nfn f() { let _ = \"crate::render\"; }",
        ),
        (
            "core/mod.rs",
            "pub mod a; pub mod b;\nuse crate::render::words;",
        ),
        ("core/a.rs", "use crate::core::b::thing;"),
        (
            "core/b.rs",
            "use crate::{base, core::a::other};\nfn f() { println!(\"x\"); }",
        ),
        ("render/mod.rs", "pub mod words;"),
        ("render/words.rs", "use crate::core::a;"),
        (
            "learner/mod.rs",
            "pub mod next; pub mod hint; pub mod prepare;",
        ),
        ("learner/next.rs", "use crate::learner::prepare;"),
        ("learner/hint.rs", "use crate::learner::next::current_kata;"),
        ("learner/list.rs", "use crate::learner::{hint, prepare};"),
        ("learner/prepare.rs", ""),
    ];
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let broken = broken_rules(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        broken,
        [
            "`core::a` is on an import cycle",
            "`core::b` is on an import cycle",
            "`core::b` prints (`println!`): the core returns data",
            "`core` imports `render::words`, a layer above it",
            "the command `learner::hint` imports the command `learner::next`",
            "the command `learner::list` imports the command `learner::hint`",
        ],
    );
}
