//! E0382, a value used after a move: where it went (a closure, a struct,
//! `drop`, a channel) decides the advice, so this family has a file of its own.

use super::{at, between, line_of, says, type_name};
use crate::base::build::{Diagnostic, Source};

/// E0382: which value was moved, what it is, where it went (a closure, a
/// struct, `drop`, a channel), and where it is used after. The advice is
/// only what is true for that place.
pub(super) fn moved_note(error: &Diagnostic) -> String {
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
    if moved.kind == "Receiver" {
        receiver_into_closure(moved, moved_at)
    } else if moved.is_sender {
        sender_into_closure(moved, moved_at)
    } else {
        borrowable_into_closure(moved, moved_at)
    }
}

/// The value went into a closure in an earlier round of a loop.
fn in_loop(error: &Diagnostic) -> bool {
    says(error).any(|s| s.contains("moved into closure here, in previous"))
}

/// E0382 of a `Receiver` a thread took: it cannot be cloned, only shared.
fn receiver_into_closure(moved: &Moved, moved_at: u32) -> String {
    let Moved {
        error,
        name,
        what,
        used,
        ..
    } = *moved;
    format!(
        "{what} was moved into the thread's closure at line {moved_at}{}, so no other \
         thread can have it{used}. A `Receiver` cannot be cloned: to share one among \
         threads, put it behind `Arc<Mutex<..>>` (`let {name} = \
         Arc::new(Mutex::new({name}));`) and give each thread a clone of the `Arc`.",
        if in_loop(error) {
            " (in an earlier round of the loop)"
        } else {
            ""
        }
    )
}

/// E0382 of a value that is no Sender (a `Vec`, a `String`) taken by a
/// `move` closure: a scoped thread could borrow it instead.
fn borrowable_into_closure(moved: &Moved, moved_at: u32) -> String {
    let Moved {
        error,
        name,
        what,
        used,
        ..
    } = *moved;
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
    format!(
        "{what} was moved into {closure}, so it is gone where it is used after{used}. \
         To let the thread only borrow it, spawn it inside \
         `thread::scope` (a scoped thread ends before `{name}` does), and move a \
         reference: `let {name} = &{name};` before the closure."
    )
}

/// E0382 of a Sender a thread took: clone it for the thread, in the loop
/// if it is one; a `drop` of it after has nothing left to drop.
fn sender_into_closure(moved: &Moved, moved_at: u32) -> String {
    let Moved {
        error,
        name,
        what,
        used,
        ..
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
    if in_loop(error) {
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
        // Sender in every round, so it can be dropped only after the loop.
        // (A kata that receives inside such a loop says what to do there in
        // its own note.)
        return format!(
            "{what} was dropped by `drop({name})`{moved_at} in an earlier round of the loop, \
             and a later round uses it again{used}. The loop needs `{name}` in every round: \
             drop it once, after the loop. A receive that waits for the channel to close \
             (`for m in rx`) must come after that drop."
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
