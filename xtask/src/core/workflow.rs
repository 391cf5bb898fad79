//! The GitHub Classroom workflow, generated from the catalog.
//!
//! One grader step per kata (`cargo xtask verify <kata>`, worth the kata's
//! `points`), then Classroom's reporter, which adds up the scores. The file is
//! derived data: `cargo xtask classroom-workflow` rewrites it after the track
//! changes, and `curriculum` (and a test) fail while it is out of date.

use std::path::Path;

use crate::core::catalog::Catalog;

/// Where the workflow lives, relative to the workspace root.
pub const PATH: &str = ".github/workflows/classroom.yml";

/// The Rust release the workflow grades with: the one the workbook is
/// tested with, so a new stable release (a new lint, a changed diagnostic)
/// cannot change a grade.
pub const TOOLCHAIN: &str = "1.95.0";

/// Everything before the grader steps: triggers (a mapping, as actionlint
/// asks), permissions, the pinned toolchain, the cached build, and a first
/// step that builds the runner once for all the katas.
const HEADER: &str = r#"# GitHub Classroom autograding: one step per kata, worth the kata's points.
# Generated from checks/katas.toml by `cargo xtask classroom-workflow`; edit the
# catalog and run that again instead of editing this file.
name: Autograding Tests
"on":
  push:
  repository_dispatch:
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    steps:
      - name: Checkout code
        uses: actions/checkout@v4
      - name: Install Rust @TOOLCHAIN@
        run: rustup toolchain install @TOOLCHAIN@ --profile minimal && rustup default @TOOLCHAIN@
      - name: Cache the runner's build
        uses: actions/cache@v4
        with:
          path: |
            ~/.cargo/registry
            ~/.cargo/git
            target
          key: workbook-${{ runner.os }}-rust-@TOOLCHAIN@-${{ hashFiles('Cargo.lock') }}
          restore-keys: workbook-${{ runner.os }}-rust-@TOOLCHAIN@-
      - name: Build the runner
        run: cargo build --package xtask --no-default-features
"#;

/// The workflow for this catalog.
pub fn render(catalog: &Catalog) -> String {
    let mut yaml = HEADER.replace("@TOOLCHAIN@", TOOLCHAIN);
    // The command grader runs each command in a shell with only PATH and HOME
    // set, hence the settings inline.
    for kata in &catalog.katas {
        yaml.push_str(&format!(
            "      - name: {name}\n        id: {name}\n        \
             uses: classroom-resources/autograding-command-grader@v1\n        with:\n          \
             test-name: {name}\n          \
             command: \"NO_COLOR=1 INSTA_UPDATE=no cargo xtask verify {name}\"\n          \
             timeout: 5\n          max-score: {points}\n",
            name = kata.name,
            points = kata.points
        ));
    }
    yaml.push_str(
        "      - name: Autograding Reporter\n        \
         uses: classroom-resources/autograding-grading-reporter@v1\n        env:\n",
    );
    for kata in &catalog.katas {
        yaml.push_str(&format!(
            "          {}_RESULTS: \"${{{{steps.{}.outputs.result}}}}\"\n",
            kata.name.to_ascii_uppercase(),
            kata.name
        ));
    }
    let runners: Vec<&str> = catalog.katas.iter().map(|k| k.name.as_str()).collect();
    yaml.push_str(&format!(
        "        with:\n          runners: {}\n",
        runners.join(",")
    ));
    yaml
}

/// Whether the workflow at `root` is what the catalog says it should be.
pub fn is_current(root: &Path, catalog: &Catalog) -> bool {
    std::fs::read_to_string(root.join(PATH)).is_ok_and(|text| text == render(catalog))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        let root = crate::core::workbook::runner_root();
        Catalog::load(&root.join("checks")).expect("the catalog is valid")
    }

    #[test]
    fn the_committed_workflow_is_current() {
        assert!(
            is_current(&crate::core::workbook::runner_root(), &catalog()),
            "`{PATH}` is out of date: run `cargo xtask classroom-workflow`"
        );
    }

    #[test]
    fn every_kata_has_a_step_and_a_reporter_entry() {
        let catalog = catalog();
        let yaml = render(&catalog);
        for kata in &catalog.katas {
            assert!(
                yaml.contains(&format!("id: {}\n", kata.name)),
                "{}",
                kata.name
            );
            assert!(
                yaml.contains(&format!("cargo xtask verify {}\"", kata.name)),
                "{}",
                kata.name
            );
            assert!(yaml.contains(&format!("{}_RESULTS:", kata.name.to_ascii_uppercase())));
        }
        let runners = yaml
            .lines()
            .find_map(|l| l.trim().strip_prefix("runners: "))
            .unwrap();
        assert_eq!(runners.split(',').count(), catalog.katas.len());
    }

    #[test]
    fn triggers_are_a_mapping_and_the_toolchain_is_pinned() {
        let yaml = render(&catalog());
        assert!(
            yaml.contains("\"on\":\n  push:\n  repository_dispatch:\n"),
            "{yaml}"
        );
        assert!(!yaml.contains("  - push"), "{yaml}");
        assert!(
            yaml.contains(&format!("rustup default {TOOLCHAIN}\n")),
            "{yaml}"
        );
        assert!(yaml.contains("uses: actions/cache@v4"), "{yaml}");
        assert!(!yaml.contains("@TOOLCHAIN@"), "{yaml}");
    }
}
