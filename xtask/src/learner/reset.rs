//! `reset`: a kata as shipped again; the learner's attempt is kept as a backup.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::cli::Outcome;
use crate::core::catalog::Kata;
use crate::core::progress;
use crate::core::workbook::Workbook;
use crate::learner::update_progress;
use crate::render::failed::{self, Doing, Thing};
use crate::render::track;

pub fn reset(workbook: &Workbook, name: &str) -> Result<Outcome> {
    let kata = workbook.catalog.find(name)?;
    let shipped = kata.shipped_path(&workbook.catalog.checks_dir);
    let pristine = std::fs::read(&shipped)
        .with_context(|| failed::on_the(Doing::Read, Thing::ShippedCopy, &shipped))?;
    let file = workbook.root.join(&kata.path);
    let backup = match std::fs::read(&file) {
        Ok(current) if current == pristine => None,
        Ok(current) => Some(write_backup(&workbook.root, kata, &current)?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| failed::on(Doing::Read, &file)),
    };
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&file, &pristine).with_context(|| failed::on(Doing::Restore, &file))?;
    update_progress(&workbook.root, |p| {
        p.unmark(&kata.name);
    })?;
    print!("{}", track::restored(kata, backup.as_deref()));
    Ok(Outcome::Passed)
}

/// Copies an attempt to `.workbook/backups/<kata>-<n>.rs`, never overwriting one.
fn write_backup(root: &Path, kata: &Kata, contents: &[u8]) -> Result<PathBuf> {
    let dir = progress::state_dir(root).join("backups");
    std::fs::create_dir_all(&dir).with_context(|| failed::on(Doing::Create, &dir))?;
    for n in 1.. {
        let path = dir.join(format!("{}-{n}.rs", kata.name));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                std::io::Write::write_all(&mut f, contents)
                    .with_context(|| failed::on_the(Doing::Write, Thing::Backup, &path))?;
                return Ok(path.strip_prefix(root).unwrap_or(&path).to_path_buf());
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(e).with_context(|| failed::on_the(Doing::Create, Thing::Backup, &path));
            }
        }
    }
    unreachable!("the loop only ends by returning")
}
