//! `list`: the track and the learner's progress.

use anyhow::Result;

use crate::cli::Outcome;
use crate::core::track::{changed_since_pass, current_kata};
use crate::core::workbook::Workbook;
use crate::learner::load_progress;
use crate::render::track;

pub fn list(workbook: &Workbook, json: bool) -> Result<Outcome> {
    let progress = load_progress(&workbook.root)?;
    let current = current_kata(workbook, &progress).map(|k| k.name.as_str());
    let changed: Vec<&str> = changed_since_pass(workbook, &progress)
        .iter()
        .map(|k| k.name.as_str())
        .collect();
    if json {
        let rows: Vec<serde_json::Value> = workbook
            .catalog
            .katas
            .iter()
            .map(|k| {
                serde_json::json!({
                    "name": k.name,
                    "chapter": k.chapter,
                    "topic": k.topic,
                    "path": k.path,
                    // A handout has no solutions: no path that is not there.
                    "solution": workbook.root.join(&k.solution).is_file().then_some(&k.solution),
                    "done": progress.is_done(&k.name),
                    "changed_since_pass": changed.contains(&k.name.as_str()),
                })
            })
            .collect();
        println!("{}", &serde_json::to_string_pretty(&rows)?);
        return Ok(Outcome::Passed);
    }
    print!(
        "{}",
        track::list(&workbook.catalog, &progress, current, &changed)
    );
    Ok(Outcome::Passed)
}
