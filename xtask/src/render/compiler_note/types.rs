//! The notes on types and names: a missing trait (E0277), a type the
//! compiler cannot infer (E0282), two types that differ (E0308), a missing
//! method (E0599) and a name not in scope (E0433, E0425, E0412).

use super::{at, between, line_of, says, type_name};
use crate::base::build::{Diagnostic, Source};

/// E0277: which trait is missing, for which type, and what that means here.
pub(super) fn trait_note(error: &Diagnostic) -> Option<String> {
    let message = &error.message;
    if let Some(ty) = message
        .strip_prefix('`')
        .and_then(|m| m.split_once("` doesn't implement `std::fmt::Display`"))
        .map(|(ty, _)| ty)
    {
        return Some(if ty.starts_with('(') {
            tuple_display_note(error, ty)
        } else {
            format!(
                "`{ty}` cannot be printed with `{{}}`: print a field of it, or use `{{:?}}` if it \
                 implements `Debug`."
            )
        });
    }
    if let Some(ty) = message
        .strip_prefix('`')
        .and_then(|m| m.strip_suffix("` is not an iterator"))
    {
        return Some(if let Some(inner) = ty.strip_prefix("&&") {
            format!(
                "`{ty}` is a reference to a reference: `for x in &v` borrows `v` again when it is \
                 already a `&{inner}`. Loop over `v` itself (`for x in v`), or `v.iter()`."
            )
        } else {
            format!(
                "`{ty}` is not something a `for` loop can walk through: loop over a collection, a \
                 reference to one (`&v`), a `Receiver`, or an iterator."
            )
        });
    }
    if let Some(ty) = between(message, "`", "` cannot be sent between threads safely") {
        return Some(
            if ty.contains("Rc<") && (ty.contains("RefCell<") || ty.contains("Receiver<")) {
                format!(
                    "`{ty}` cannot go to another thread: `Rc` is not `Send` (its count is not \
                 atomic). Threads that share a value and change it (or take from a `Receiver`) \
                 need `Arc<Mutex<..>>`: `Arc` for the count, `Mutex` so they take turns."
                )
            } else if ty.contains("Rc<") {
                format!(
                    "`{ty}` cannot go to another thread: `Rc` is not `Send` (its count is not \
                 atomic). Use `Arc`, which is."
                )
            } else {
                format!(
                    "`{ty}` is not `Send`, so it cannot be moved into another thread or sent \
                 through a channel."
                )
            },
        );
    }
    if let Some(ty) = between(message, "`", "` cannot be shared between threads safely") {
        return Some(format!(
            "`{ty}` is not `Sync`: threads cannot share a reference to it. Give each thread its \
             own value, or wrap it in a `Mutex`."
        ));
    }
    let missing = says(error).find_map(|s| {
        let (trait_name, ty) = (
            between(s, "the trait `", "` is not implemented")?,
            between(s, "is not implemented for `", "`")?,
        );
        Some((trait_name.to_string(), ty.to_string()))
    });
    // Without the trait and the type, a note would only repeat the headline.
    let (trait_name, ty) = missing?;
    Some(format!(
        "`{ty}` does not implement `{trait_name}`, which this code needs{}.",
        at(error.line())
    ))
}

/// E0277 of a tuple printed with `{}`: take it apart and print its parts.
/// `{:?}` is not offered: it prints `(0, 3)`, which no kata's line has, and
/// a line the runner reads (`recv 0 3`) is then not read at all.
fn tuple_display_note(error: &Diagnostic, ty: &str) -> String {
    // `msg` of `println!("recv {}", msg)`, or `{lowest}` of an inline argument.
    let printed = error.sources.first();
    let name = printed
        .map(|s| s.text.trim_start_matches('{').trim_end_matches('}'))
        .map(|t| t.split(':').next().unwrap_or(t).trim())
        .filter(|t| !t.is_empty() && t.chars().all(|c| c.is_alphanumeric() || c == '_'));
    let what = match name {
        Some(name) => format!("`{name}` is a tuple, `{ty}`,"),
        None => format!("`{ty}` is a tuple,"),
    };
    let apart = match name {
        Some(name) => format!("`let (a, b) = {name};`"),
        None => "`let (a, b) = ...;`".to_string(),
    };
    let line = printed.map(Source::line).unwrap_or_default();
    let message_line = ["\"recv ", "\"sent "].iter().any(|w| line.contains(w));
    if message_line {
        format!(
            "{what} and a tuple cannot be printed with `{{}}`. The runner reads this line only \
             in the kata's format, each number on its own (`recv 0 3`): take the tuple apart, \
             {apart}, and print each part with its own `{{}}`. (`{{:?}}` would print `recv (0, \
             3)`, which the runner does not read as a message.)"
        )
    } else {
        format!(
            "{what} and a tuple cannot be printed with `{{}}`: take it apart, {apart} (or \
             right where it is received), and print each part with its own `{{}}`."
        )
    }
}

/// E0282: for a channel, where to name what it carries; nothing about
/// which type, which only the program's purpose says.
pub(super) fn unknown_type_note(error: &Diagnostic) -> String {
    if says(error).any(|s| s.contains("declared on the function `channel`"))
        || says(error).any(|s| s.contains("declared on the function `sync_channel`"))
    {
        format!(
            "The compiler cannot tell what type the channel made{} carries where it first \
             needs to know (no value sent before that point, or none at all). Name it where \
             the channel is made: `mpsc::channel::<u32>()` makes a channel of `u32`s; write \
             the type of its messages in place of `u32`.",
            at(line_of(error, "cannot infer type"))
        )
    } else {
        format!(
            "The compiler cannot tell a type{}: name it (`let x: T = ..`, or `::<T>` on the \
             call).",
            at(error.line())
        )
    }
}

/// The expected and the found type of an E0308.
fn mismatched_types(error: &Diagnostic) -> Option<(String, String)> {
    says(error).find_map(|s| {
        let (expected, found) = s.split_once("found ")?;
        Some((
            between(expected, "`", "`")?.to_string(),
            between(found, "`", "`")?.to_string(),
        ))
    })
}

/// E0308: the two types that differ, and where: one note for every
/// mismatch of the same two types among `errors`.
pub(super) fn mismatch_note(error: &Diagnostic, errors: &[Diagnostic]) -> Option<String> {
    // Without the two types, a note would only repeat the headline.
    let (expected, found) = mismatched_types(error)?;
    Some(mismatch_of(error, errors, expected, found))
}

fn mismatch_of(
    error: &Diagnostic,
    errors: &[Diagnostic],
    expected: String,
    found: String,
) -> String {
    if found.contains("SyncSender")
        && expected.contains("Sender")
        && !expected.contains("SyncSender")
    {
        return format!(
            "`sync_channel` gives a `SyncSender`, not a `Sender`{}: write `SyncSender` wherever \
             the program names this channel's Sender (a function's signature, a `let` with a \
             type).",
            at(error.line())
        );
    }
    if type_name(&found) == "SendError" && found.contains(&format!("<{expected}>")) {
        return format!(
            "A `{found}` is given where a `{expected}` is expected{}: the error from `send` \
             holds the value that was not sent. Take it out: `err.0`, or `if let \
             Err(mpsc::SendError(value)) = tx.send(value)`.",
            at(error.line())
        );
    }
    // A reference where the value itself is wanted, from a channel: the
    // channel carries what `send` was given, and it was given a reference.
    let received = error
        .sources
        .first()
        .is_some_and(|s| s.line().contains(".recv(") || s.line().contains(".try_recv("));
    if received && (found == format!("&{expected}") || found == format!("&mut {expected}")) {
        return format!(
            "A `{found}` comes out of the channel where a `{expected}` is expected{}: a channel \
             carries what `send` is given, and it was given a reference (`send(&value)`). Send \
             the value itself, `send(value)`: that moves it to the receiving thread, which \
             owns it from then on.",
            at(error.line())
        );
    }
    let alike = errors
        .iter()
        .filter(|e| e.code.as_deref() == Some("E0308"))
        .filter(|e| mismatched_types(e).as_ref() == Some(&(expected.clone(), found.clone())))
        .count();
    let place = if alike > 1 {
        format!(" ({alike} places)")
    } else {
        at(error.line())
    };
    format!(
        "A value of type `{found}` is given where `{expected}` is expected{place}. The two must \
         agree: a type is often written in more than one place (a `let` with a type, \
         `channel::<T>()`, a function's signature), and each must be changed."
    )
}

/// E0599: the method, and for a Receiver's `clone` why it is missing.
pub(super) fn method_note(error: &Diagnostic) -> Option<String> {
    let method = between(&error.message, "no method named `", "`");
    let on = error.message.rsplit('`').nth(1);
    match (method, on) {
        (Some("clone"), Some(ty)) if type_name(ty) == "Receiver" => Some(
            "A `Receiver` has no `clone`: std's channels have exactly one consumer. Share the \
             work another way: one channel per worker, or one `Receiver` behind \
             `Arc<Mutex<..>>`."
                .to_string(),
        ),
        (Some(method), Some(ty)) => Some(format!(
            "`{ty}` has no method `{method}`{}: check the name, and the type the value really \
             has.",
            at(error.line())
        )),
        _ => None,
    }
}

/// E0433/E0425/E0412: a name that is not in scope.
pub(super) fn unresolved_note(error: &Diagnostic) -> String {
    let name = error.message.rsplit('`').nth(1).unwrap_or_default();
    let import = match name {
        "thread" => Some("use std::thread;"),
        "mpsc" => Some("use std::sync::mpsc;"),
        "Arc" | "Mutex" => Some("use std::sync::{Arc, Mutex};"),
        "Duration" => Some("use std::time::Duration;"),
        _ => None,
    };
    // The compiler's own help writes `channel::<T>()`: `T` copied as it is.
    let placeholder = name.len() == 1 && name.chars().all(|c| c.is_ascii_uppercase());
    match import {
        Some(import) => format!("`{name}` is not in scope: add `{import}` at the top."),
        None if placeholder => format!(
            "`{name}` stands for a type in the compiler's suggestion; it is not a type of your \
             program. Write the type the value really has there (`mpsc::channel::<i32>()` for \
             a channel of `i32`)."
        ),
        None => format!(
            "`{name}` is not in scope here: check the spelling, or add the `use` that brings it \
             in."
        ),
    }
}
