//! `cargo xtask grade-merge <PART>...`: the parts of a class graded with
//! `grade --shard i/n` (say, on several machines) joined into the reports
//! one `grade` of the whole class writes.
//!
//! Parts are joined only when they belong together: graded by the same
//! runner with the same check data, cut the same way, each part present
//! once, and no student in two of them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};

use crate::cli::Outcome;
use crate::core::grading::ClassGrades;
use crate::core::shard::{Difference, JoinRefusal};
use crate::render::failed::{self, Doing, Thing};
use crate::render::teacher as words;
use crate::teacher::reports::write_reports;

/// Reads each part (a `grades.json`, or a folder holding one), checks that
/// they make one class, and writes its reports into `out`.
pub fn merge(parts: &[PathBuf], out: &Path) -> Result<Outcome> {
    let mut read = Vec::new();
    for part in parts {
        let file = if part.is_dir() {
            part.join("grades.json")
        } else {
            part.clone()
        };
        let text = std::fs::read_to_string(&file)
            .with_context(|| failed::on_the(Doing::Read, Thing::Part, &file))?;
        let grades: ClassGrades =
            serde_json::from_str(&text).with_context(|| words::not_class_grades(&file))?;
        read.push((file, grades));
    }
    let merged = join(read).map_err(|why| anyhow!("{}", words::join_refusal(&why)))?;
    print!("{}", words::joined(parts.len(), merged.class_size));
    write_reports(out, &merged)?;
    Ok(Outcome::Passed)
}

/// The class the parts make, or why they do not make one.
fn join(parts: Vec<(PathBuf, ClassGrades)>) -> Result<ClassGrades, JoinRefusal> {
    let Some((_, first)) = parts.first() else {
        return Err(JoinRefusal::NoParts);
    };
    graded_alike(&parts)?;
    each_once(&parts)?;
    let mut students: Vec<_> = parts.iter().flat_map(|(_, p)| p.students.clone()).collect();
    students.sort_by(|a, b| a.student.cmp(&b.student));
    let mut skipped: Vec<_> = first.skipped.clone();
    skipped.dedup();
    Ok(ClassGrades {
        runner: first.runner.clone(),
        checks: first.checks.clone(),
        pick: first.pick.clone(),
        graded_at: parts
            .iter()
            .map(|(_, p)| p.graded_at.clone())
            .min()
            .unwrap_or_default(),
        skipped,
        shard: None,
        class_size: first.class_size,
        students,
    })
}

/// Every part was graded as the first was: the same check data, pick of
/// commits, runner and class.
fn graded_alike(parts: &[(PathBuf, ClassGrades)]) -> Result<(), JoinRefusal> {
    let (first_file, first) = &parts[0];
    for (file, part) in &parts[1..] {
        let differ = |by| JoinRefusal::GradedDifferently {
            first: first_file.clone(),
            other: file.clone(),
            by,
        };
        if part.checks != first.checks {
            return Err(differ(Difference::Checks));
        }
        if part.pick != first.pick {
            return Err(differ(Difference::Picks(
                first.pick.clone(),
                part.pick.clone(),
            )));
        }
        if part.runner != first.runner {
            return Err(differ(Difference::Runners(
                first.runner.clone(),
                part.runner.clone(),
            )));
        }
        if part.class_size != first.class_size {
            return Err(JoinRefusal::ClassSizes {
                first: first_file.clone(),
                first_size: first.class_size,
                other: file.clone(),
                other_size: part.class_size,
            });
        }
    }
    Ok(())
}

/// The parts are the whole class once: each student in one part, every part
/// of the same cut once, none missing.
fn each_once(parts: &[(PathBuf, ClassGrades)]) -> Result<(), JoinRefusal> {
    let (first_file, first) = &parts[0];
    // Each student once.
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    for (file, part) in parts {
        for student in &part.students {
            if let Some(other) = seen.insert(&student.student, file) {
                return Err(JoinRefusal::Overlap {
                    student: student.student.clone(),
                    first: other.to_path_buf(),
                    other: file.clone(),
                });
            }
        }
    }
    // Every part of the same cut, once.
    let count = match first.shard {
        Some(shard) => shard.count,
        None => 1,
    };
    let mut found: BTreeMap<usize, &Path> = BTreeMap::new();
    for (file, part) in parts {
        let (index, its_count) = part.shard.map_or((1, 1), |s| (s.index, s.count));
        if its_count != count {
            return Err(JoinRefusal::Cuts {
                first: first_file.clone(),
                count,
                other: file.clone(),
                its_count,
            });
        }
        if let Some(other) = found.insert(index, file) {
            return Err(JoinRefusal::SamePart {
                first: other.to_path_buf(),
                other: file.clone(),
                index,
                count,
            });
        }
    }
    let missing: Vec<usize> = (1..=count).filter(|i| !found.contains_key(i)).collect();
    if !missing.is_empty() {
        return Err(JoinRefusal::Missing {
            parts: missing,
            count,
        });
    }
    let graded: usize = parts.iter().map(|(_, p)| p.students.len()).sum();
    if graded != first.class_size {
        return Err(JoinRefusal::Students {
            graded,
            class_size: first.class_size,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::grading::StudentGrade;
    use crate::core::shard::Shard;

    fn part(
        index: usize,
        count: usize,
        names: &[&str],
        class_size: usize,
    ) -> (PathBuf, ClassGrades) {
        (
            PathBuf::from(format!("part{index}/grades.json")),
            ClassGrades {
                runner: "xtask 0.1.0 (1)".into(),
                checks: "c".into(),
                pick: "files".into(),
                graded_at: "2026-12-07T19:00:00Z".into(),
                skipped: Vec::new(),
                shard: Some(Shard { index, count }),
                class_size,
                students: names
                    .iter()
                    .map(|n| StudentGrade {
                        student: (*n).into(),
                        ..StudentGrade::default()
                    })
                    .collect(),
            },
        )
    }

    fn refused(parts: Vec<(PathBuf, ClassGrades)>) -> String {
        words::join_refusal(&join(parts).unwrap_err())
    }

    #[test]
    fn parts_join_in_name_order() {
        let class = join(vec![
            part(2, 2, &["cai"], 3),
            part(1, 2, &["ana", "ben"], 3),
        ])
        .unwrap();
        let names: Vec<&str> = class.students.iter().map(|s| s.student.as_str()).collect();
        assert_eq!(names, ["ana", "ben", "cai"]);
        assert_eq!(class.shard, None);
    }

    #[test]
    fn parts_that_do_not_belong_together_are_refused_with_the_reason() {
        let mut other_checks = part(2, 2, &["cai"], 3);
        other_checks.1.checks = "d".into();
        let err = refused(vec![part(1, 2, &["ana", "ben"], 3), other_checks]);
        assert!(err.contains("different check data"), "{err}");

        let mut other_pick = part(2, 2, &["cai"], 3);
        other_pick.1.pick = "deadline:2026-12-01 23:59".into();
        let err = refused(vec![part(1, 2, &["ana", "ben"], 3), other_pick]);
        assert!(err.contains("different picks"), "{err}");
        assert!(err.contains("deadline:2026-12-01 23:59"), "{err}");

        let mut other_runner = part(2, 2, &["cai"], 3);
        other_runner.1.runner = "xtask 0.1.0 (2)".into();
        let err = refused(vec![part(1, 2, &["ana", "ben"], 3), other_runner]);
        assert!(err.contains("different runners"), "{err}");

        let err = refused(vec![
            part(1, 2, &["ana", "ben"], 3),
            part(2, 2, &["ben", "cai"], 3),
        ]);
        assert!(err.contains("`ben` is graded in both"), "{err}");

        let err = refused(vec![part(1, 2, &["ana", "ben"], 3)]);
        assert!(err.contains("part 2/2 of the class is missing"), "{err}");

        let err = refused(vec![
            part(1, 2, &["ana", "ben"], 3),
            part(1, 3, &["cai"], 3),
        ]);
        assert!(err.contains("one of 2 parts"), "{err}");

        let err = refused(vec![part(1, 2, &["ana"], 3), part(2, 2, &["cai"], 3)]);
        assert!(err.contains("the parts hold 2 students"), "{err}");

        assert!(refused(Vec::new()).contains("no parts"));
    }
}
