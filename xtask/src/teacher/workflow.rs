//! `classroom-workflow [--check]`: the GitHub Classroom workflow, written
//! from the catalog (`core::workflow`), or checked to be current.

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
