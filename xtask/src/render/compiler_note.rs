//! A note for each distinct cause of the compiler's errors, read from the
//! diagnostics themselves (their labels, notes and the source lines they
//! point at), in the learner's words.
//!
//! Pure functions of their inputs, without colour: `verdict` prints them.

use crate::base::build::{Diagnostic, Source};

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

/// E0382: which value was moved, what it is, where it went (a closure, a
/// struct, `drop`, a channel), and where it is used after. The advice is
/// only what is true for that place.
fn moved_note(error: &Diagnostic) -> String {
    let Some(name) = between(&error.message, "moved value: `", "`") else {
        return "A value was used after it was moved: use it before the move, or move a \
                clone."
            .to_string();
    };
    let ty = says(error)
        .find_map(|s| between(s, &format!("`{name}` has type `"), "`, which"))
        .map(str::to_string);
    let what = match &ty {
        Some(ty) => format!("`{name}` (a `{ty}`)"),
        None => format!("`{name}`"),
    };
    let used_line = line_of(error, "after move");
    let used = at(used_line);
    let kind = ty.as_deref().map(type_name).unwrap_or_default();
    let is_sender = kind == "Sender" || kind == "SyncSender";
    let moved = Moved {
        error,
        name,
        what: &what,
        used: &used,
        kind,
        is_sender,
    };
    // A method that takes `self`: the value is used up by the first call.
    if let Some(method) = says(error).find_map(|s| {
        s.contains("takes ownership of the receiver `self`")
            .then(|| between(s, "`", "`"))
            .flatten()
    }) {
        return format!(
            "{what} is used up by its first `{method}`{}: `{method}` takes `self`, so there is \
             no second call{used}. Call it once, with everything in one value (a tuple or a \
             struct).",
            at(line_of(error, "moved due to this method call"))
        );
    }
    if let Some(moved_at) = line_of(error, "moved into closure") {
        return moved_into_closure(&moved, moved_at);
    }
    moved_elsewhere(&moved)
}

/// A moved value, as `moved_note` read it from the diagnostic.
struct Moved<'a> {
    error: &'a Diagnostic,
    /// The value's name: `tx`.
    name: &'a str,
    /// "`tx` (a `Sender<u32>`)"
    what: &'a str,
    /// " (line 12)": where it is used after the move.
    used: &'a str,
    /// `Sender`: the type's name without its path and parameters.
    kind: &'a str,
    is_sender: bool,
}

/// E0382 where a closure took the value: a thread's, most often.
fn moved_into_closure(moved: &Moved, moved_at: u32) -> String {
    let Moved {
        error,
        name,
        what,
        used,
        kind,
        is_sender,
    } = *moved;
    // Where the value is used after the move: `drop(tx)` is a use too.
    let used_by_drop = error
        .source_of("after move")
        .is_some_and(|(_, source)| source.before.trim_end().ends_with("drop("));
    // `let tx = tx.clone();`: the name is already a clone of an outer value.
    let clone_line = error
        .source_of("move occurs because")
        .filter(|(_, source)| {
            let line = source
                .line()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            line.contains(&format!("let {name} = {name}.clone()"))
        })
        .map(|(line, _)| line);
    let in_loop = says(error).any(|s| s.contains("moved into closure here, in previous"));
    if kind == "Receiver" {
        return format!(
            "{what} was moved into the thread's closure at line {moved_at}{}, so no other \
             thread can have it{used}. A `Receiver` cannot be cloned: to share one among \
             threads, put it behind `Arc<Mutex<..>>` (`let {name} = \
             Arc::new(Mutex::new({name}));`) and give each thread a clone of the `Arc`.",
            if in_loop {
                " (in an earlier round of the loop)"
            } else {
                ""
            }
        );
    }
    if !is_sender {
        // `thread::scope(|s| ..)` is moved into when a `move` closure in it
        // takes the value: the label points at the outer closure.
        let outer = error
            .source_of("moved into closure")
            .filter(|(_, source)| !source.text.starts_with("move"));
        // The closure given to `thread::scope`: the thread is scoped already.
        if outer.is_some_and(|(_, source)| source.before.trim_end().ends_with("scope(")) {
            return format!(
                "{what} was moved into the `move` closure of a thread inside the \
                 `thread::scope` at line {moved_at}, so it is gone where it is used after{used}. \
                 A scoped thread may borrow it: move a reference instead, `let {name} = &{name};` \
                 before the closure, and keep the `move` for what the thread must own."
            );
        }
        let closure = match outer {
            Some(_) => {
                format!("the closure at line {moved_at} (a `move` closure inside it takes it)")
            }
            _ => format!("a `move` closure at line {moved_at}"),
        };
        return format!(
            "{what} was moved into {closure}, so it is gone where it is used after{used}. \
             To let the thread only borrow it, spawn it inside \
             `thread::scope` (a scoped thread ends before `{name}` does), and move a \
             reference: `let {name} = &{name};` before the closure."
        );
    }
    if in_loop {
        // The use the compiler points at may be after the loop (a `drop(tx)`):
        // the round after the first has none either way.
        let after_loop = if used_by_drop {
            format!(
                " `main` keeps the original, and the `drop({name})`{used} after the loop \
                 then drops it."
            )
        } else {
            String::new()
        };
        return format!(
            "{what} was moved into a thread's closure at line {moved_at} in an earlier round \
             of the loop, so the rounds after it have none to move. Clone it inside the \
             loop, before the `spawn`: `let {name} = {name}.clone();`, so each thread takes \
             its own.{after_loop}"
        );
    }
    if used_by_drop {
        return match clone_line {
            Some(clone_line) => format!(
                "Here `{name}` is the clone made at line {clone_line}, and the thread's \
                 closure at line {moved_at} took it: the thread drops it when it ends, so \
                 `drop({name})`{used} has nothing left to drop. To drop `main`'s own \
                 `{name}`, drop it after the block that makes the clone, where the name \
                 means the original again."
            ),
            None => format!(
                "{what} went into the thread's closure at line {moved_at}: the thread owns \
                 it now, and drops it when it ends. So `drop({name})`{used} has nothing to \
                 drop: delete it, or drop a Sender that `main` still owns."
            ),
        };
    }
    format!(
        "{what} was moved into the thread's closure at line {moved_at}{}, so the name \
         `{name}` is gone after it{used}. Make a second Sender before that closure takes \
         the first, under a name of its own: `let {name}2 = {name}.clone();`, and use \
         `{name}2` where `{name}` is used after it.",
        match clone_line {
            Some(line) => format!(" (with the clone made at line {line})"),
            None => String::new(),
        }
    )
}

/// E0382 where the value went anywhere but into a closure: `drop`, a
/// struct, a channel, a function.
fn moved_elsewhere(moved: &Moved) -> String {
    let Moved {
        error,
        name,
        what,
        used,
        kind,
        is_sender,
    } = *moved;
    let moved = error.source_of("value moved here");
    let moved_at = at(line_of(error, "value moved here"));
    let earlier_round = says(error).any(|s| s.contains("value moved here, in previous"));
    let source = moved.map(|(_, source)| source);
    let dropped_line = line_of(error, "value moved here");
    let used_line = line_of(error, "after move");
    if source.is_some_and(|s| s.before.trim_end().ends_with("drop("))
        && earlier_round
        && is_sender
        && let (Some(dropped), Some(used_at)) = (dropped_line, used_line)
        && used_at < dropped
    {
        // The next round uses it before the drop: the loop needs this
        // Sender in every round, so it cannot close the channel in between.
        return format!(
            "{what} was dropped by `drop({name})`{moved_at} in an earlier round of the loop, \
             and a later round uses it again{used}. The loop needs `{name}` in every round, \
             so the channel cannot close between rounds, and a receive that waits for it to \
             close (`rx.iter()`, `for m in &rx`) would wait for ever there. To take only what \
             is queued now, without waiting, use `rx.try_iter()`: it stops when the channel \
             is empty."
        );
    }
    if source.is_some_and(|s| s.before.trim_end().ends_with("drop(")) {
        return format!(
            "{what} was dropped by `drop({name})`{moved_at}{}, so it is gone when it is used \
             again{used}. Drop it only after its last use.",
            if earlier_round {
                " in an earlier round of the loop"
            } else {
                ""
            }
        );
    }
    if let Some((holder, binding)) = source.and_then(struct_literal) {
        let end = match binding {
            Some(binding) => format!("`drop({binding})`"),
            None => format!("drop that `{holder}`"),
        };
        return if is_sender {
            format!(
                "{what} was moved into the `{holder}` made{moved_at}, so the name `{name}` is \
                 gone{used}; the Sender lives on inside the `{holder}`. To close the channel, \
                 end the `{holder}` itself: {end}. A clone would be one more Sender that keeps \
                 the channel open."
            )
        } else {
            format!(
                "{what} was moved into the `{holder}` made{moved_at}, so the name `{name}` is \
                 gone{used}: use it through the `{holder}`, or before it is moved in."
            )
        };
    }
    let not_clone = says(error).any(|s| s.contains("implemented `Clone`, you could clone"));
    if source.is_some_and(|s| s.before.trim_end().ends_with(".send(")) {
        return if not_clone {
            format!(
                "{what} went into the channel with `send`{moved_at}, so it is gone{used}, and \
                 a `{kind}` cannot be cloned. When the send fails, the error gives it back: \
                 `if let Err(mpsc::SendError({name})) = tx.send({name}) {{ .. }}` (or `err.0`)."
            )
        } else {
            format!(
                "{what} was moved{moved_at} and is used again{used}. `send(value)` moves the \
                 value into the channel: use it before sending, or send a clone on purpose."
            )
        };
    }
    if is_sender {
        return format!(
            "{what} was moved{moved_at} and is used again{used}. Once moved, the Sender belongs \
             to what it was moved into (a struct, a thread, a function), and only that can use \
             or drop it: move a clone where both need one, or drop that owner instead."
        );
    }
    format!("{what} was moved{moved_at}, so it cannot be used again{used}: use it before the move.")
}

/// `Team` and `team` from `let team = Team { reports: tx };`: the struct a
/// value moved into, and the binding that holds it (if the line names one).
fn struct_literal(source: &Source) -> Option<(String, Option<String>)> {
    let before = source.before.trim_end();
    if !(before.ends_with(':') || before.ends_with('{') || before.ends_with(',')) {
        return None;
    }
    let open = before.rfind('{')?;
    let holder = before[..open]
        .trim_end()
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()?;
    if !holder.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let binding = between(before, "let ", "=")
        .map(|b| b.trim().trim_start_matches("mut ").trim())
        .filter(|b| !b.is_empty() && b.chars().all(|c| c.is_alphanumeric() || c == '_'))
        .map(str::to_string);
    Some((holder.to_string(), binding))
}

/// E0277: which trait is missing, for which type, and what that means here.
fn trait_note(error: &Diagnostic) -> Option<String> {
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
fn unknown_type_note(error: &Diagnostic) -> String {
    if says(error).any(|s| s.contains("declared on the function `channel`"))
        || says(error).any(|s| s.contains("declared on the function `sync_channel`"))
    {
        format!(
            "The compiler cannot tell what type the channel made{} carries: nothing in the \
             program says it. Name it where the channel is made: `mpsc::channel::<T>()`, with \
             `T` the type of its messages.",
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

/// E0597: a value borrowed for longer than it lives. A reference given to
/// `send`, or references to it carried by a channel another thread sends on.
/// `in_scope`: another error points at the closure given to `thread::scope`,
/// so the thread is scoped already.
fn short_lived_note(error: &Diagnostic, in_scope: bool) -> String {
    let name = between(&error.message, "`", "`").unwrap_or("the value");
    let borrowed = error.source_of("borrowed value does not live long enough");
    if let Some((line, source)) = borrowed
        && source.before.trim_end().ends_with(".send(")
    {
        let value = source
            .text
            .trim_start_matches('&')
            .trim_start_matches("mut ");
        return format!(
            "`send` takes the value itself, not a reference (line {line}): `send({value})` moves \
             it to the receiving thread, which may outlive a borrow of it. Send `{value}`, and \
             use it before the send."
        );
    }
    // Dropped at the end of a closure (`});`): the closure owned it, so a
    // `move` closure took it, and it is dropped when the thread ends.
    let dropped_in_closure = error
        .source_of("dropped here while still borrowed")
        .filter(|(_, source)| source.line().trim_start().starts_with("})"));
    if let Some((dropped_at, _)) = dropped_in_closure {
        let carrier = says(error)
            .find_map(|s| between(s, "appears in the type of `", "`"))
            .map(|channel| format!(", while `{channel}` carries references into `{name}`"))
            .unwrap_or_default();
        let moved = format!(
            "`{name}` was moved into the thread's `move` closure, so the thread owns it and \
             drops it when the closure ends (line {dropped_at}){carrier}."
        );
        return if in_scope {
            format!(
                "{moved} A scoped thread may borrow it: move a reference instead, `let {name} = \
                 &{name};` before the closure, and keep the `move` for what the thread must own."
            )
        } else {
            format!(
                "{moved} The thread must borrow `{name}` instead, which only a thread of \
                 `thread::scope(|s| ..)` may: spawn it there if it is not, and move a reference \
                 into its closure, `let {name} = &{name};` before it."
            )
        };
    }
    if let Some(channel) = says(error).find_map(|s| between(s, "appears in the type of `", "`")) {
        return format!(
            "`{channel}` carries references into `{name}`, so `{name}` must outlive every \
             thread that sends them, and a thread from `thread::spawn` may outlive it, whatever \
             the thread owns. Spawn the thread inside `thread::scope(|s| {{ s.spawn(|| ..); .. \
             }})`: its threads end before `{name}` does, so they may borrow it."
        );
    }
    format!(
        "`{name}` is dropped while something still borrows it{}: keep it alive longer, or \
         give the borrower an owned value. See `rustc --explain E0597`.",
        at(error.line())
    )
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
fn mismatch_note(error: &Diagnostic, errors: &[Diagnostic]) -> Option<String> {
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
fn method_note(error: &Diagnostic) -> Option<String> {
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

/// `Receiver` from `std::sync::mpsc::Receiver<T>`: the type's own name,
/// without its path and parameters.
fn type_name(ty: &str) -> &str {
    let base = ty.split('<').next().unwrap_or(ty);
    base.rsplit("::").next().unwrap_or(base)
}

/// E0433/E0425/E0412: a name that is not in scope.
fn unresolved_note(error: &Diagnostic) -> String {
    let name = error.message.rsplit('`').nth(1).unwrap_or_default();
    let import = match name {
        "thread" => Some("use std::thread;"),
        "mpsc" => Some("use std::sync::mpsc;"),
        "Arc" | "Mutex" => Some("use std::sync::{Arc, Mutex};"),
        "Duration" => Some("use std::time::Duration;"),
        _ => None,
    };
    match import {
        Some(import) => format!("`{name}` is not in scope: add `{import}` at the top."),
        None => format!(
            "`{name}` is not in scope here: check the spelling, or add the `use` that brings it \
             in."
        ),
    }
}

fn outliving_note(names: &[String], scoped: bool) -> String {
    let listed: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    let what = match listed.len() {
        0 => "a value of `main`".to_string(),
        1 => listed[0].clone(),
        _ => format!(
            "{} and {}",
            listed[..listed.len() - 1].join(", "),
            listed[listed.len() - 1]
        ),
    };
    if scoped {
        let example = names
            .first()
            .map(|n| format!(" (`let {n} = &{n};`)"))
            .unwrap_or_default();
        return format!(
            "The scoped thread's closure only borrows {what}, a local of the closure given to \
             `thread::scope`, which ends before the scope's threads have to. Make it a `move` \
             closure: a reference{example} is then copied into it, and owned values are moved."
        );
    }
    format!(
        "The thread's closure only borrows {what}, and a thread from `thread::spawn` may \
         outlive them. Spawn it inside `thread::scope`, whose threads end before the borrowed \
         values do; or, if the thread can own them, move them in (`move ||`)."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
