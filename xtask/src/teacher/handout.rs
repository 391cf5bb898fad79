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
use crate::render::failed::{self, Doing};
use crate::render::teacher as words;

pub fn handout(workbook: &Workbook, dest: &Path) -> Result<Outcome> {
    let root = workbook
        .root
        .canonicalize()
        .with_context(|| failed::on(Doing::Resolve, &workbook.root))?;
    if dest.exists() {
        let empty = std::fs::read_dir(dest)
            .with_context(|| failed::on(Doing::Read, dest))?
            .next()
            .is_none();
        ensure!(empty, "{}", words::handout_not_empty(dest));
    }
    std::fs::create_dir_all(dest).with_context(|| failed::on(Doing::Create, dest))?;
    let dest = dest
        .canonicalize()
        .with_context(|| failed::on(Doing::Resolve, dest))?;
    if dest.starts_with(&root) {
        bail!("{}", words::handout_inside(&dest));
    }

    crate::core::handout::write(workbook, &root, &dest)?;

    print!(
        "{}",
        words::handout_written(&dest, workbook.catalog.katas.len())
    );
    Ok(Outcome::Passed)
}
