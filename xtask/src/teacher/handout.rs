//! `cargo xtask handout <dir>`: the workbook as students get it.
//!
//! A copy without the reference solutions, ready to push as a template
//! repository (GitHub Classroom's starter code): no `solutions/` folder and
//! no `solutions` workspace member, every kata file exactly as shipped (even
//! if the teacher solved some in their own copy), no build output, progress or
//! maintainer tooling. The runner, the check data and the Classroom workflow
//! are kept, so `cargo xtask next`, `cargo test` and grading work in it.

use std::path::Path;

use anyhow::{Context, Result, bail, ensure};

use crate::cli::Outcome;
use crate::core::workbook::Workbook;

pub fn handout(workbook: &Workbook, dest: &Path) -> Result<Outcome> {
    let root = workbook
        .root
        .canonicalize()
        .with_context(|| format!("Failed to resolve `{}`", workbook.root.display()))?;
    if dest.exists() {
        let empty = std::fs::read_dir(dest)
            .with_context(|| format!("Failed to read `{}`", dest.display()))?
            .next()
            .is_none();
        ensure!(
            empty,
            "`{}` is not empty: give a new folder for the handout",
            dest.display()
        );
    }
    std::fs::create_dir_all(dest)
        .with_context(|| format!("Failed to create `{}`", dest.display()))?;
    let dest = dest
        .canonicalize()
        .with_context(|| format!("Failed to resolve `{}`", dest.display()))?;
    if dest.starts_with(&root) {
        bail!(
            "`{}` is inside the workbook: put the handout somewhere else",
            dest.display()
        );
    }

    crate::core::handout::write(workbook, &root, &dest)?;

    println!(
        "Wrote the handout to `{}` ({} katas, no solutions).",
        dest.display(),
        workbook.catalog.katas.len()
    );
    println!("\nTo publish it as the assignment's starter code:");
    println!("  cd {}", dest.display());
    println!("  git init -b main && git add . && git commit -m \"Starter code\"");
    println!("  git remote add origin <new repository> && git push -u origin main");
    println!(
        "Then mark the repository as a template and create the Classroom assignment (docs/teachers.md)."
    );
    Ok(Outcome::Passed)
}
