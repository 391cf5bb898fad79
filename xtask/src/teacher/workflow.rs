//! `classroom-workflow [--check]`: the GitHub Classroom workflow, written
//! from the catalog (`core::workflow`), or checked to be current; and
//! `grade-workflow [--parts N] [--check]`, the workflow that grades a class
//! in parallel parts (`core::grade_workflow`).

use std::path::Path;

use anyhow::{Context, Result};

use crate::cli::Outcome;
use crate::core::catalog::Catalog;
use crate::core::workflow::{PATH, is_current, render};

/// `cargo xtask classroom-workflow [--check]`.
pub fn write(root: &Path, catalog: &Catalog, check: bool) -> Result<Outcome> {
    let path = root.join(PATH);
    if check {
        if is_current(root, catalog) {
            println!("`{PATH}` is current.");
            return Ok(Outcome::Passed);
        }
        println!("`{PATH}` is out of date: run `cargo xtask classroom-workflow`.");
        return Ok(Outcome::Failed);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("Failed to create `{}`", dir.display()))?;
    }
    std::fs::write(&path, render(catalog))
        .with_context(|| format!("Failed to write `{}`", path.display()))?;
    println!(
        "wrote `{PATH}`: {} grader steps, {} points in all",
        catalog.katas.len(),
        catalog.katas.iter().map(|k| k.points).sum::<u32>()
    );
    Ok(Outcome::Passed)
}

/// `cargo xtask grade-workflow [--parts N] [--check]`.
pub fn write_grade(root: &Path, parts: u32, check: bool) -> Result<Outcome> {
    use crate::core::grade_workflow::{PATH, is_current, render};
    if check {
        return Ok(match is_current(root) {
            Some(true) => {
                println!("`{PATH}` is current.");
                Outcome::Passed
            }
            Some(false) => {
                println!("`{PATH}` is out of date: run `cargo xtask grade-workflow`.");
                Outcome::Failed
            }
            None => {
                println!("There is no `{PATH}`: run `cargo xtask grade-workflow`.");
                Outcome::Failed
            }
        });
    }
    let path = root.join(PATH);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("Failed to create `{}`", dir.display()))?;
    }
    std::fs::write(&path, render(parts))
        .with_context(|| format!("Failed to write `{}`", path.display()))?;
    println!(
        "wrote `{PATH}`: {parts} parallel part{}, then one job that joins them",
        if parts == 1 { "" } else { "s" }
    );
    Ok(Outcome::Passed)
}
