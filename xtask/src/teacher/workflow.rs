//! `classroom-workflow [--check]`: the GitHub Classroom workflow, written
//! from the catalog (`core::workflow`), or checked to be current; and
//! `grade-workflow [--parts N] [--check]`, the workflow that grades a class
//! in parallel parts (`core::grade_workflow`).

use std::path::Path;

use anyhow::{Context, Result};

use crate::cli::Outcome;
use crate::core::catalog::Catalog;
use crate::core::workflow::{PATH, is_current, render};
use crate::render::failed::{self, Doing};
use crate::render::teacher as words;

/// `cargo xtask classroom-workflow [--check]`.
pub fn write(root: &Path, catalog: &Catalog, check: bool) -> Result<Outcome> {
    let path = root.join(PATH);
    if check {
        let current = is_current(root, catalog);
        print!(
            "{}",
            words::workflow_state(PATH, "classroom-workflow", Some(current))
        );
        return Ok(if current {
            Outcome::Passed
        } else {
            Outcome::Failed
        });
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| failed::on(Doing::Create, dir))?;
    }
    std::fs::write(&path, render(catalog)).with_context(|| failed::on(Doing::Write, &path))?;
    print!(
        "{}",
        words::classroom_workflow_written(
            PATH,
            catalog.katas.len(),
            catalog.katas.iter().map(|k| k.points).sum::<u32>()
        )
    );
    Ok(Outcome::Passed)
}

/// `cargo xtask grade-workflow [--parts N] [--check]`.
pub fn write_grade(root: &Path, parts: u32, check: bool) -> Result<Outcome> {
    use crate::core::grade_workflow::{PATH, is_current, render};
    if check {
        let current = is_current(root);
        print!("{}", words::workflow_state(PATH, "grade-workflow", current));
        return Ok(if current == Some(true) {
            Outcome::Passed
        } else {
            Outcome::Failed
        });
    }
    let path = root.join(PATH);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| failed::on(Doing::Create, dir))?;
    }
    std::fs::write(&path, render(parts)).with_context(|| failed::on(Doing::Write, &path))?;
    print!("{}", words::grade_workflow_written(PATH, parts));
    Ok(Outcome::Passed)
}
