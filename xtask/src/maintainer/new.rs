//! `cargo xtask dev new <name> --chapter <dir>`: a new kata, ready to be written.
//!
//! Creates the kata file, its solution and its shipped copy from a small
//! template that already works (the shipped file prints the wrong thing, the
//! solution the right one), a catalog entry with placeholders, and the three
//! `[[bin]]` entries, each in its chapter's section. No snapshot is recorded:
//! `verify --solutions` then says so, and `bless` records it once the kata is
//! written. `curriculum` lists every placeholder still left.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail, ensure};

use crate::cli::Outcome;
use crate::core::catalog::{Catalog, PLACEHOLDER};
use crate::core::workbook::Workbook;
use crate::render::failed::{self, Doing};
use crate::render::maintainer as words;

/// `chapter_dir` is a folder of `exercises/`; without one, the kata joins the
/// last chapter of the track.
pub fn new_kata(workbook: &Workbook, name: &str, chapter_dir: Option<&str>) -> Result<Outcome> {
    let root = &workbook.root;
    ensure!(
        !name.is_empty()
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
        "{}",
        words::not_a_kata_name(name)
    );
    if workbook.catalog.katas.iter().any(|k| k.name == name) {
        bail!("{}", words::kata_exists(name));
    }
    let last_chapter = workbook
        .catalog
        .katas
        .last()
        .and_then(|k| k.path.parent()?.file_name()?.to_str().map(str::to_string))
        .unwrap_or_default();
    let chapter_dir = chapter_dir.unwrap_or(&last_chapter);
    let dir = chapter_dir
        .trim_start_matches("exercises/")
        .trim_end_matches('/');
    ensure!(
        !dir.is_empty() && !dir.contains(['/', '\\']) && dir != "." && dir != "..",
        "{}",
        words::not_a_chapter(chapter_dir)
    );
    let chapter = chapter_title(&workbook.catalog, dir);
    let exercise = PathBuf::from(format!("exercises/{dir}/{name}.rs"));
    let solution = PathBuf::from(format!("solutions/{dir}/{name}.rs"));
    let shipped = PathBuf::from(format!("checks/shipped/{name}.rs"));
    for file in [&exercise, &solution, &shipped] {
        ensure!(!root.join(file).exists(), "{}", words::file_exists(file));
    }

    let kata_text = kata_template(name);
    write_new(&root.join(&exercise), &kata_text)?;
    write_new(&root.join(&shipped), &kata_text)?;
    write_new(&root.join(&solution), &solution_template())?;

    let header = section_header(dir);
    let entry = catalog_entry(name, &chapter, &exercise, &solution);
    edit(&root.join("checks/katas.toml"), |text| {
        insert_in_section(text, &header, &entry)
    })?;
    for (manifest, bin, path) in [
        (
            "exercises/Cargo.toml",
            name.to_string(),
            format!("{dir}/{name}.rs"),
        ),
        (
            "solutions/Cargo.toml",
            format!("{name}_solution"),
            format!("{dir}/{name}.rs"),
        ),
        (
            "checks/Cargo.toml",
            format!("{name}_shipped"),
            format!("shipped/{name}.rs"),
        ),
    ] {
        // Solutions are judged by the runner; a test harness per binary would only cost build time.
        let extra = if manifest.starts_with("solutions") {
            "test = false\n"
        } else {
            ""
        };
        let block = format!("[[bin]]\nname = \"{bin}\"\npath = \"{path}\"\n{extra}");
        edit(&root.join(manifest), |text| {
            insert_in_section(text, &header, &block)
        })?;
    }
    // The entry must load: a template that breaks the catalog would stop every command.
    Catalog::load(&root.join("checks")).with_context(words::entry_does_not_load)?;

    print!(
        "{}",
        words::kata_created(name, &chapter, &exercise, &solution, &shipped)
    );
    Ok(Outcome::Passed)
}

/// The chapter's name: as the catalog already calls it, or made from the folder
/// (`04_flow_control` -> "Flow control").
fn chapter_title(catalog: &Catalog, dir: &str) -> String {
    let prefix = Path::new("exercises").join(dir);
    if let Some(kata) = catalog.katas.iter().find(|k| k.path.starts_with(&prefix)) {
        return kata.chapter.clone();
    }
    let words = dir
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '_')
        .replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => dir.to_string(),
    }
}

/// `04_flow_control` -> `# --- 04 flow control ---`, as the files mark chapters.
fn section_header(dir: &str) -> String {
    format!("# --- {} ---", dir.replace('_', " "))
}

/// Inserts `block` at the end of the section under `header` (a line of its
/// own), or appends a new section when there is none.
pub fn insert_in_section(text: &str, header: &str, block: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().position(|l| l.trim() == header) else {
        return format!("{}\n\n{header}\n{block}", text.trim_end());
    };
    let end = lines[start + 1..]
        .iter()
        .position(|l| l.starts_with("# --- "))
        .map_or(lines.len(), |i| start + 1 + i);
    let mut content_end = end;
    while content_end > start + 1 && lines[content_end - 1].trim().is_empty() {
        content_end -= 1;
    }
    let mut out: Vec<&str> = lines[..content_end].to_vec();
    if content_end > start + 1 {
        out.push("");
    }
    out.extend(block.trim_end().lines());
    if end < lines.len() {
        out.push("");
        out.extend(&lines[end..]);
    }
    out.join("\n") + "\n"
}

fn edit(path: &Path, change: impl FnOnce(&str) -> String) -> Result<()> {
    let text = std::fs::read_to_string(path).with_context(|| failed::on(Doing::Read, path))?;
    std::fs::write(path, change(&text)).with_context(|| failed::on(Doing::Write, path))
}

fn write_new(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| failed::on(Doing::Create, dir))?;
    }
    std::fs::write(path, text).with_context(|| failed::on(Doing::Write, path))
}

fn catalog_entry(name: &str, chapter: &str, exercise: &Path, solution: &Path) -> String {
    format!(
        r#"[[kata]]
name = "{name}"
chapter = "{chapter}"
path = "{exercise}"
solution = "{solution}"
topic = "{PLACEHOLDER}: what this kata teaches, in one line"
shipped = "wrong_output"
check = "output"
hints = [
    "{PLACEHOLDER}: a gentle hint: where to look",
    "{PLACEHOLDER}: a closer hint: what to change",
    "{PLACEHOLDER}: the fix, spelled out",
]
docs = ["https://doc.rust-lang.org/std/sync/mpsc/"]
"#,
        exercise = exercise.display(),
        solution = solution.display(),
    )
}

fn kata_template(name: &str) -> String {
    format!(
        r#"// {name}: {PLACEHOLDER}: one line about what this kata teaches
//
// {PLACEHOLDER}: what the program does, what is broken, and when it is done.
//
// Keep the `println!` lines as they are: the runner reads them.

use std::sync::mpsc;
use std::thread;

fn main() {{
    let (tx, rx) = mpsc::channel::<String>();

    let worker = thread::spawn(move || {{
        // {PLACEHOLDER}: the worker should send a greeting; it drops its Sender instead.
        drop(tx);
    }});

    match rx.recv() {{
        Ok(message) => println!("recv {{message}}"),
        Err(_) => println!("the channel closed without a message"),
    }}
    worker.join().unwrap();
}}
"#
    )
}

fn solution_template() -> String {
    format!(
        r#"//! Why it works: {PLACEHOLDER}: in two or three sentences, why the reference solution's fix is right.

use std::sync::mpsc;
use std::thread;

fn main() {{
    let (tx, rx) = mpsc::channel::<String>();

    let worker = thread::spawn(move || {{
        tx.send("hello".to_string()).unwrap();
    }});

    match rx.recv() {{
        Ok(message) => println!("recv {{message}}"),
        Err(_) => println!("the channel closed without a message"),
    }}
    worker.join().unwrap();
}}
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "[package]\nname = \"x\"\n\n# --- 01 basics ---\n[[bin]]\nname = \"a\"\n\n\
                        # --- 02 errors ---\n\n# --- 03 polling ---\n[[bin]]\nname = \"c\"\n";

    #[test]
    fn a_block_goes_to_the_end_of_its_section() {
        let out = insert_in_section(FILE, "# --- 01 basics ---", "[[bin]]\nname = \"b\"\n");
        assert!(
            out.contains("name = \"a\"\n\n[[bin]]\nname = \"b\"\n\n# --- 02 errors ---"),
            "{out}"
        );
        let out = insert_in_section(FILE, "# --- 02 errors ---", "[[bin]]\nname = \"e\"\n");
        assert!(
            out.contains("# --- 02 errors ---\n[[bin]]\nname = \"e\"\n\n# --- 03 polling ---"),
            "{out}"
        );
        let out = insert_in_section(FILE, "# --- 03 polling ---", "[[bin]]\nname = \"d\"\n");
        assert!(
            out.ends_with("name = \"c\"\n\n[[bin]]\nname = \"d\"\n"),
            "{out}"
        );
    }

    #[test]
    fn a_missing_section_is_appended() {
        let out = insert_in_section(FILE, "# --- 09 capstone ---", "[[bin]]\nname = \"z\"\n");
        assert!(
            out.ends_with("name = \"c\"\n\n# --- 09 capstone ---\n[[bin]]\nname = \"z\"\n"),
            "{out}"
        );
    }

    #[test]
    fn chapter_titles_come_from_the_folder_when_the_catalog_has_none() {
        let catalog = Catalog {
            checks_dir: PathBuf::from("checks"),
            welcome: String::new(),
            complete: String::new(),
            katas: Vec::new(),
        };
        assert_eq!(chapter_title(&catalog, "04_flow_control"), "Flow control");
        assert_eq!(
            section_header("04_flow_control"),
            "# --- 04 flow control ---"
        );
    }
}
