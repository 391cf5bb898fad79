//! The notes on borrows that do not live long enough: a value dropped while
//! borrowed (E0597) and a thread's closure borrowing what it may outlive (E0373).

use super::{at, between, says};
use crate::base::build::Diagnostic;

/// E0597: a value borrowed for longer than it lives. A reference given to
/// `send`, or references to it carried by a channel another thread sends on.
/// `in_scope`: another error points at the closure given to `thread::scope`,
/// so the thread is scoped already.
pub(super) fn short_lived_note(error: &Diagnostic, in_scope: bool) -> String {
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

pub(super) fn outliving_note(names: &[String], scoped: bool) -> String {
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
