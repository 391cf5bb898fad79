//! The class's reports, written by `grade` and again by `grade-merge` from
//! the parts it joins.

use std::path::Path;

use anyhow::{Context, Result};

use crate::core::grading::ClassGrades;
use crate::render::class::Table;
use crate::render::failed::{self, Doing};

/// `grades.csv`, `grades.html` and `grades.json` of `grades` into `out`.
pub fn write_reports(out: &Path, grades: &ClassGrades) -> Result<()> {
    std::fs::create_dir_all(out).with_context(|| failed::on(Doing::Create, out))?;
    let table = Table::of_class(grades);
    for (name, text) in [
        ("grades.csv", table.csv()),
        ("grades.html", table.html()),
        ("grades.json", serde_json::to_string_pretty(grades)? + "\n"),
    ] {
        let path = out.join(name);
        std::fs::write(&path, text).with_context(|| failed::on(Doing::Write, &path))?;
        print!("{}", crate::render::teacher::wrote(&path));
    }
    Ok(())
}

/// One file per student in `dir`, `<student>.txt`, to hand back: that
/// student's katas, statuses and messages, nothing of anyone else's.
pub fn write_feedback(dir: &Path, grades: &ClassGrades) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| failed::on(Doing::Create, dir))?;
    for grade in &grades.students {
        let path = dir.join(format!("{}.txt", grade.student));
        std::fs::write(&path, crate::render::class::feedback(grade, grades))
            .with_context(|| failed::on(Doing::Write, &path))?;
    }
    print!(
        "{}",
        crate::render::teacher::feedback_written(grades.students.len(), dir)
    );
    Ok(())
}
