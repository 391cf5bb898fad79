//! A note for each distinct cause of the compiler's errors, read from the
//! diagnostics themselves (their labels, notes and the source lines they
//! point at), in the learner's words.
//!
//! Pure functions of their inputs, without colour: `verdict` prints them.
//!
//! This file orders the notes and holds what reading a diagnostic takes; the
//! notes are worded per family of errors: `moved` (E0382), `types` (traits,
//! inference, mismatches, methods, names) and `borrows` (E0597, E0373).

mod borrows;
mod moved;
mod types;

use crate::base::build::Diagnostic;
use borrows::{outliving_note, short_lived_note};
use moved::moved_note;
use types::{method_note, mismatch_note, trait_note, unknown_type_note, unresolved_note};

/// One note per distinct cause among `errors`, in the order they first
/// appear, except that the errors of `point` (the code the kata is about)
/// come first: with several errors, the note on top is about the kata's
/// point. A kata's own note for a code (`compiler_notes` in the catalog)
/// follows the derived ones. An error the runner can say nothing more
/// about than its headline gets no note.
pub fn compiler_notes(
    errors: &[Diagnostic],
    kata_notes: &std::collections::BTreeMap<String, String>,
    point: Option<&str>,
) -> Vec<String> {
    let mut ordered: Vec<&Diagnostic> = errors.iter().collect();
    ordered.sort_by_key(|e| point.is_none() || e.code.as_deref() != point);
    let mut notes: Vec<String> = Vec::new();
    let mut push = |note: String| {
        if !notes.contains(&note) {
            notes.push(note);
        }
    };
    // Variables borrowed by closures that may outlive them, said once.
    let outliving: Vec<String> = errors
        .iter()
        .filter(|e| e.code.as_deref() == Some("E0373"))
        .filter_map(|e| between(&e.message, "borrows `", "`"))
        .map(str::to_string)
        .collect();
    // Borrowed by a thread of `thread::scope`: the borrowed value is a local
    // of the scope's own closure.
    let scoped = errors
        .iter()
        .filter(|e| e.code.as_deref() == Some("E0373"))
        .any(|e| says(e).any(|s| s.contains("Scope<")));
    // An error points at the closure given to `thread::scope`.
    let in_scope = errors.iter().any(|e| {
        e.sources
            .iter()
            .any(|s| s.before.trim_end().ends_with("scope("))
    });
    for error in ordered.iter().copied() {
        let note = match error.code.as_deref() {
            Some("E0373") => Some(outliving_note(&outliving, scoped)),
            Some("E0597") => Some(short_lived_note(error, in_scope)),
            Some("E0308") => mismatch_note(error, errors),
            Some(code) => note_for(code, error),
            None => None,
        };
        if let Some(note) = note {
            push(note);
        }
    }
    for error in ordered {
        if let Some(code) = &error.code
            && let Some(own) = kata_notes.get(code)
        {
            push(own.clone());
        }
    }
    notes
}

/// The text between the first `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

/// Every label and note of a diagnostic, for looking things up.
fn says(error: &Diagnostic) -> impl Iterator<Item = &str> {
    error
        .labels
        .iter()
        .map(|(_, label)| label.as_str())
        .chain(error.notes.iter().map(String::as_str))
}

fn line_of(error: &Diagnostic, label_part: &str) -> Option<u32> {
    error
        .labels
        .iter()
        .find(|(_, label)| label.contains(label_part))
        .map(|(line, _)| *line)
}

fn at(line: Option<u32>) -> String {
    line.map(|l| format!(" (line {l})")).unwrap_or_default()
}

/// The note for an error, `None` where it would only repeat the compiler's
/// headline.
fn note_for(code: &str, error: &Diagnostic) -> Option<String> {
    match code {
        "E0382" => Some(moved_note(error)),
        "E0277" => trait_note(error),
        "E0282" => Some(unknown_type_note(error)),
        "E0597" => Some(short_lived_note(error, false)),
        "E0599" => method_note(error),
        "E0433" | "E0425" | "E0412" => Some(unresolved_note(error)),
        _ => None,
    }
}

/// `Receiver` from `std::sync::mpsc::Receiver<T>`: the type's own name,
/// without its path and parameters.
fn type_name(ty: &str) -> &str {
    let base = ty.split('<').next().unwrap_or(ty);
    base.rsplit("::").next().unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::build::Source;

    fn diag(code: &str, message: &str, labels: &[(u32, &str)], notes: &[&str]) -> Diagnostic {
        Diagnostic {
            code: Some(code.into()),
            message: message.into(),
            labels: labels.iter().map(|(l, s)| (*l, s.to_string())).collect(),
            notes: notes.iter().map(|s| s.to_string()).collect(),
            ..Diagnostic::default()
        }
    }

    fn notes(errors: &[Diagnostic]) -> Vec<String> {
        compiler_notes(errors, &Default::default(), None)
    }

    #[test]
    fn a_tuple_printed_with_display_is_told_to_print_its_parts() {
        let note = notes(&[diag(
            "E0277",
            "`({integer}, {integer})` doesn't implement `std::fmt::Display`",
            &[(58, "cannot be formatted")],
            &["the trait `std::fmt::Display` is not implemented for `({integer}, {integer})`"],
        )]);
        assert_eq!(note.len(), 1);
        assert!(
            note[0].contains("a tuple cannot be printed with `{}`"),
            "{note:?}"
        );
        assert!(!note[0].contains("Send"), "{note:?}");
    }

    /// `mpsc::channel::<T>()` copied from the compiler's help: `T` is its
    /// placeholder, not a missing `use`.
    #[test]
    fn a_placeholder_type_copied_from_the_help_is_called_one() {
        let note = notes(&[diag(
            "E0412",
            "cannot find type `T` in this scope",
            &[(20, "not found in this scope")],
            &[],
        )]);
        assert!(
            note[0].starts_with("`T` stands for a type in the compiler's suggestion"),
            "{note:?}"
        );
        let note = notes(&[diag(
            "E0412",
            "cannot find type `Mesage` in this scope",
            &[(20, "not found in this scope")],
            &[],
        )]);
        assert!(note[0].contains("check the spelling"), "{note:?}");
    }

    #[test]
    fn a_mismatch_names_both_types_and_the_line() {
        let note = notes(&[diag(
            "E0308",
            "mismatched types",
            &[(29, "expected `Rc<Vec<String>>`, found `Arc<Vec<String>>`")],
            &["expected struct `Rc<Vec<String>>`\n   found struct `Arc<Vec<String>>`"],
        )]);
        assert!(
            note[0].starts_with(
                "A value of type `Arc<Vec<String>>` is given where `Rc<Vec<String>>` is \
                 expected (line 29)."
            ),
            "{note:?}"
        );
        // The same two types in many places: one note.
        let many: Vec<Diagnostic> = (5..35)
            .map(|line| {
                diag(
                    "E0308",
                    "mismatched types",
                    &[(line, "expected `u32`, found `&str`")],
                    &["expected type `u32`\n   found reference `&'static str`"],
                )
            })
            .collect();
        let note = notes(&many);
        assert_eq!(note.len(), 1, "{note:?}");
        assert!(note[0].contains("(30 places)"), "{note:?}");
    }

    #[test]
    fn a_receiver_s_clone_is_explained_whatever_path_the_compiler_writes() {
        for ty in ["Receiver<usize>", "std::sync::mpsc::Receiver<T>"] {
            let note = notes(&[diag(
                "E0599",
                &format!("no method named `clone` found for struct `{ty}` in the current scope"),
                &[(27, "method not found")],
                &[],
            )]);
            assert!(
                note[0].contains("std's channels have exactly one consumer"),
                "{note:?}"
            );
            assert!(!note[0].contains("check the name"), "{note:?}");
        }
    }

    #[test]
    fn a_borrow_in_a_scoped_thread_is_not_told_to_use_a_scope() {
        let note = notes(&[diag(
            "E0373",
            "closure may outlive the current function, but it borrows `names`, which is owned by the current function",
            &[
                (23, "may outlive borrowed value `names`"),
                (20, "has type `&'1 Scope<'1, '_>`"),
            ],
            &["function requires argument type to outlive `'1`"],
        )]);
        assert!(note[0].contains("scoped thread"), "{note:?}");
        assert!(note[0].contains("`move` closure"), "{note:?}");
        assert!(!note[0].contains("or use `thread::scope`"), "{note:?}");
    }

    #[test]
    fn a_sender_moved_into_a_struct_is_not_said_to_be_in_a_thread() {
        let note = notes(&[diag(
            "E0382",
            "use of moved value: `tx`",
            &[(42, "value used here after move"), (33, "value moved here")],
            &[
                "move occurs because `tx` has type `std::sync::mpsc::Sender<(usize, usize)>`, which does not implement the `Copy` trait",
            ],
        )]);
        assert!(note[0].contains("was moved (line 33)"), "{note:?}");
        assert!(!note[0].contains("into one thread"), "{note:?}");
    }

    #[test]
    fn a_double_reference_is_not_an_iterator() {
        let note = notes(&[diag(
            "E0277",
            "`&&Vec<String>` is not an iterator",
            &[],
            &[],
        )]);
        assert!(note[0].contains("reference to a reference"), "{note:?}");
        assert!(!note[0].contains("Send"), "{note:?}");
    }

    #[test]
    fn an_rc_across_threads_is_told_about_arc() {
        let note = notes(&[diag(
            "E0277",
            "`Rc<Vec<i32>>` cannot be sent between threads safely",
            &[],
            &[],
        )]);
        assert!(note[0].contains("Use `Arc`"), "{note:?}");
    }

    #[test]
    fn a_oneshot_sender_used_twice_is_not_told_to_clone() {
        let note = notes(&[diag(
            "E0382",
            "use of moved value: `result_tx`",
            &[
                (55, "value used here after move"),
                (54, "`result_tx` moved due to this method call"),
            ],
            &[
                "`OneshotSender::<T>::send` takes ownership of the receiver `self`, which moves `result_tx`",
                "move occurs because `result_tx` has type `OneshotSender<i32>`, which does not implement the `Copy` trait",
            ],
        )]);
        assert_eq!(note.len(), 1);
        assert!(
            note[0].contains("`result_tx` (a `OneshotSender<i32>`)"),
            "{note:?}"
        );
        assert!(note[0].contains("Call it once"), "{note:?}");
        assert!(!note[0].contains("clone"), "{note:?}");
    }

    #[test]
    fn a_vec_moved_into_a_closure_is_told_to_move_a_reference() {
        let note = notes(&[diag(
            "E0382",
            "borrow of moved value: `names`",
            &[
                (17, "value borrowed here after move"),
                (7, "value moved into closure here"),
                (
                    5,
                    "move occurs because `names` has type `Vec<String>`, which does not implement the `Copy` trait",
                ),
            ],
            &[],
        )]);
        assert!(note[0].contains("`let names = &names;`"), "{note:?}");
        assert!(!note[0].contains("Sender"), "{note:?}");
    }

    #[test]
    fn a_sender_moved_into_a_closure_is_told_to_clone_it() {
        // Two spawns one after the other: a clone under a name of its own.
        let note = notes(&[diag(
            "E0382",
            "use of moved value: `tx`",
            &[
                (20, "value used here after move"),
                (12, "value moved into closure here"),
            ],
            &[
                "move occurs because `tx` has type `Sender<u32>`, which does not implement the `Copy` trait",
            ],
        )]);
        assert!(note[0].contains("`let tx2 = tx.clone();`"), "{note:?}");
        assert!(!note[0].contains("`let tx = tx.clone();`"), "{note:?}");
        // Spawns in a loop: a clone in each round may keep the name.
        let note = notes(&[diag(
            "E0382",
            "use of moved value: `tx`",
            &[
                (
                    12,
                    "value moved into closure here, in previous iteration of loop",
                ),
                (13, "use occurs due to use in closure"),
            ],
            &[
                "move occurs because `tx` has type `Sender<u32>`, which does not implement the `Copy` trait",
            ],
        )]);
        assert!(note[0].contains("earlier round of the loop"), "{note:?}");
        assert!(note[0].contains("`let tx = tx.clone();`"), "{note:?}");
    }

    #[test]
    fn a_drop_after_a_spawn_loop_that_took_the_sender_gets_the_loop_s_advice() {
        // `drop(tx)` after a loop whose first round moved `tx`: once each round
        // clones, the `drop` is right, so it is not called needless.
        let source = |before: &str, text: &str| Source {
            before: before.into(),
            text: text.into(),
            after: String::new(),
        };
        let mut error = diag(
            "E0382",
            "use of moved value: `tx`",
            &[
                (30, "value used here after move"),
                (
                    22,
                    "value moved into closure here, in previous iteration of loop",
                ),
                (
                    18,
                    "move occurs because `tx` has type `Sender<u32>`, which does not implement the `Copy` trait",
                ),
            ],
            &[],
        );
        error.sources = vec![
            source("    drop(", "tx"),
            source("        handles.push(thread::spawn(", "move ||"),
            source("    let (", "tx"),
        ];
        let note = notes(&[error]);
        assert!(note[0].contains("earlier round of the loop"), "{note:?}");
        assert!(note[0].contains("`let tx = tx.clone();`"), "{note:?}");
        assert!(!note[0].contains("delete it"), "{note:?}");
    }

    #[test]
    fn one_note_per_cause_and_the_kata_s_own_note_after() {
        let borrow = |name: &str| {
            diag(
                "E0373",
                &format!(
                    "closure may outlive the current function, but it borrows `{name}`, which is owned by the current function"
                ),
                &[],
                &[],
            )
        };
        let kata_notes = [(
            "E0373".to_string(),
            "Scoped threads are the point.".to_string(),
        )]
        .into();
        let notes = compiler_notes(&[borrow("tx"), borrow("names")], &kata_notes, None);
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].contains("`tx` and `names`"), "{notes:?}");
        assert_eq!(notes[1], "Scoped threads are the point.");
    }

    #[test]
    fn with_several_errors_the_kata_s_point_comes_first() {
        let tuple = diag(
            "E0277",
            "`({integer}, {integer})` doesn't implement `std::fmt::Display`",
            &[(58, "cannot be formatted")],
            &["the trait `std::fmt::Display` is not implemented for `({integer}, {integer})`"],
        );
        let twice = diag(
            "E0382",
            "use of moved value: `result_rx`",
            &[
                (57, "value used here after move"),
                (56, "`result_rx` moved due to this method call"),
            ],
            &[
                "`OneshotReceiver::<T>::recv` takes ownership of the receiver `self`, which moves `result_rx`",
            ],
        );
        let errors = [tuple, twice];
        let plain = compiler_notes(&errors, &Default::default(), None);
        assert!(plain[0].contains("tuple"), "{plain:?}");
        let pointed = compiler_notes(&errors, &Default::default(), Some("E0382"));
        assert!(
            pointed[0].contains("`result_rx` is used up by its first"),
            "{pointed:?}"
        );
        assert!(!pointed.iter().any(|n| n.contains("{:?}")), "{pointed:?}");
    }

    #[test]
    fn a_note_that_would_only_repeat_the_headline_is_left_out() {
        let notes = notes(&[
            diag(
                "E0063",
                "missing field `reply` in initializer of `Request`",
                &[],
                &[],
            ),
            diag("E0308", "mismatched types", &[], &[]),
            diag("E0599", "something rustc says", &[], &[]),
        ]);
        assert!(notes.is_empty(), "{notes:?}");
    }
}
