//! Explanations derived from what was seen: a note for each distinct cause
//! of the compiler's errors, read from the diagnostics themselves, and the
//! likely cause of a hang, read from which thread waits where.
//!
//! Pure functions of their inputs, without colour: `verdict` prints them.

use std::collections::BTreeMap;

use crate::base::build::{Diagnostic, Source};
use crate::base::execute::{Exit, HangReport, RunOutput};
use crate::core::catalog::{CheckKind, Kata};
use crate::core::checks::Params;
use crate::core::explore::{BlockedThread, Wait};
use crate::core::judge::explore_stage::HeldSender;

/// One note per distinct cause among `errors`, in the order they first
/// appear; a kata's own note for a code (`compiler_notes` in the catalog)
/// follows the derived ones.
pub fn compiler_notes(
    errors: &[Diagnostic],
    kata_notes: &std::collections::BTreeMap<String, String>,
) -> Vec<String> {
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
    for error in errors {
        match error.code.as_deref() {
            Some("E0373") => push(outliving_note(&outliving, scoped)),
            Some("E0308") => push(mismatch_note(error, errors)),
            Some(code) => push(note_for(code, error)),
            None => {}
        }
    }
    for error in errors {
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

fn note_for(code: &str, error: &Diagnostic) -> String {
    match code {
        "E0382" => moved_note(error),
        "E0277" => trait_note(error),
        "E0282" => unknown_type_note(error),
        "E0597" => short_lived_note(error),
        "E0599" => method_note(error),
        "E0433" | "E0425" | "E0412" => unresolved_note(error),
        _ => format!(
            "{code}: {}. See `rustc --explain {code}`.",
            error.message.trim_end_matches('.')
        ),
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
    if let Some(moved_at) = line_of(error, "moved into closure") {
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
            let closure = match error.source_of("moved into closure") {
                Some((_, source)) if !source.text.starts_with("move") => {
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
            return format!(
                "{what} was moved into a thread's closure at line {moved_at} in an earlier round \
                 of the loop, so the next round has none{used}. Clone it inside the loop, \
                 before the `spawn`: `let {name} = {name}.clone();`, so each thread takes its \
                 own."
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
        return format!(
            "{what} was moved into the thread's closure at line {moved_at}{}, so the name \
             `{name}` is gone after it{used}. Make a second Sender before that closure takes \
             the first, under a name of its own: `let {name}2 = {name}.clone();`, and use \
             `{name}2` where `{name}` is used after it.",
            match clone_line {
                Some(line) => format!(" (with the clone made at line {line})"),
                None => String::new(),
            }
        );
    }
    let moved = error.source_of("value moved here");
    let moved_at = at(line_of(error, "value moved here"));
    let earlier_round = says(error).any(|s| s.contains("value moved here, in previous"));
    let source = moved.map(|(_, source)| source);
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
                 `if let Err(SendError({name})) = tx.send({name}) {{ .. }}` (or `err.0`)."
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
fn trait_note(error: &Diagnostic) -> String {
    let message = &error.message;
    if let Some(ty) = message
        .strip_prefix('`')
        .and_then(|m| m.split_once("` doesn't implement `std::fmt::Display`"))
        .map(|(ty, _)| ty)
    {
        return if ty.starts_with('(') {
            format!(
                "`{ty}` is a tuple, and a tuple cannot be printed with `{{}}`: print its parts \
                 (`pair.0`, `pair.1`, or destructure it with `let (a, b) = ...`), or use `{{:?}}`."
            )
        } else {
            format!(
                "`{ty}` cannot be printed with `{{}}`: print a field of it, or use `{{:?}}` if it \
                 implements `Debug`."
            )
        };
    }
    if let Some(ty) = message
        .strip_prefix('`')
        .and_then(|m| m.strip_suffix("` is not an iterator"))
    {
        return if let Some(inner) = ty.strip_prefix("&&") {
            format!(
                "`{ty}` is a reference to a reference: `for x in &v` borrows `v` again when it is \
                 already a `&{inner}`. Loop over `v` itself (`for x in v`), or `v.iter()`."
            )
        } else {
            format!(
                "`{ty}` is not something a `for` loop can walk through: loop over a collection, a \
                 reference to one (`&v`), a `Receiver`, or an iterator."
            )
        };
    }
    if let Some(ty) = between(message, "`", "` cannot be sent between threads safely") {
        return if ty.contains("Rc<") && (ty.contains("RefCell<") || ty.contains("Receiver<")) {
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
        };
    }
    if let Some(ty) = between(message, "`", "` cannot be shared between threads safely") {
        return format!(
            "`{ty}` is not `Sync`: threads cannot share a reference to it. Give each thread its \
             own value, or wrap it in a `Mutex`."
        );
    }
    let missing = says(error).find_map(|s| {
        let (trait_name, ty) = (
            between(s, "the trait `", "` is not implemented")?,
            between(s, "is not implemented for `", "`")?,
        );
        Some((trait_name.to_string(), ty.to_string()))
    });
    match missing {
        Some((trait_name, ty)) => format!(
            "`{ty}` does not implement `{trait_name}`, which this code needs{}.",
            at(error.line())
        ),
        None => format!("{}.", message.trim_end_matches('.')),
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
fn short_lived_note(error: &Diagnostic) -> String {
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
fn mismatch_note(error: &Diagnostic, errors: &[Diagnostic]) -> String {
    let Some((expected, found)) = mismatched_types(error) else {
        return format!(
            "E0308: {}. See `rustc --explain E0308`.",
            error.message.trim_end_matches('.')
        );
    };
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
             Err(SendError(value)) = tx.send(value)`.",
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
fn method_note(error: &Diagnostic) -> String {
    let method = between(&error.message, "no method named `", "`");
    let on = error.message.rsplit('`').nth(1);
    match (method, on) {
        (Some("clone"), Some(ty)) if type_name(ty) == "Receiver" => {
            "A `Receiver` has no `clone`: std's channels have exactly one consumer. Share the \
             work another way: one channel per worker, or one `Receiver` behind \
             `Arc<Mutex<..>>`."
                .to_string()
        }
        (Some(method), Some(ty)) => format!(
            "`{ty}` has no method `{method}`{}: check the name, and the type the value really \
             has.",
            at(error.line())
        ),
        _ => format!("{}.", error.message.trim_end_matches('.')),
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

/// The situation a hang shows, as far as it was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    /// A thread waits in `join` for one that is blocked in `send`.
    JoinWhileSending,
    /// A thread waits in `send` with nobody left to receive.
    SendWithoutReceiver,
    /// Threads wait in `recv` on channels whose Senders live on.
    SenderAlive,
    /// Several threads wait in `recv`, the Senders held by threads that wait.
    SendersHeldByWaiters,
    /// The waiting thread holds the last Sender, and drops it only after the
    /// loop that waits: no kata text (which says it is never dropped) fits.
    DroppedLate,
    /// Some thread was running on the CPU.
    Busy,
    /// Every thread blocked, not known where (real threads).
    Blocked,
}

/// What a kata's own `on_timeout` text speaks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Speaks {
    Busy,
    /// A `send` from the only thread that could receive.
    SendAlone,
    SendWait,
    Recv,
    /// A chain of threads, each waiting for the one before it.
    Chain,
}

fn speaks_of(text: &str) -> Speaks {
    let lower = text.to_lowercase();
    // A loop that "never ends" because a Sender lives on is a wait in
    // `recv`, not a busy thread.
    let sender_alive = [
        "sender is alive",
        "senders are alive",
        "holds a sender",
        "still holds",
        "still owns",
        "still in scope",
        "still alive",
    ]
    .iter()
    .any(|w| lower.contains(w));
    if lower.contains("chain") {
        Speaks::Chain
    } else if sender_alive {
        Speaks::Recv
    } else if [
        "never stops",
        "never ends",
        "never ended",
        "keeps producing",
        "busy",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        Speaks::Busy
    } else if lower.contains("send from another thread") || lower.contains("only receiver") {
        Speaks::SendAlone
    } else if lower.contains("`send`") && !lower.contains("sender") {
        Speaks::SendWait
    } else {
        Speaks::Recv
    }
}

fn matches(seen: Seen, speaks: Speaks) -> bool {
    match seen {
        Seen::JoinWhileSending => speaks == Speaks::SendWait,
        Seen::SendWithoutReceiver => matches!(speaks, Speaks::SendAlone | Speaks::SendWait),
        Seen::SenderAlive => speaks == Speaks::Recv,
        Seen::SendersHeldByWaiters => matches!(speaks, Speaks::Recv | Speaks::Chain),
        Seen::DroppedLate => false,
        Seen::Busy => speaks == Speaks::Busy,
        Seen::Blocked => speaks != Speaks::Busy,
    }
}

/// The derived cause, followed by the kata's own text where that speaks of
/// what was seen.
fn with_kata_text(seen: Seen, derived: String, kata_text: Option<&str>) -> String {
    match kata_text {
        Some(text) if matches(seen, speaks_of(text)) => format!("{derived} {text}"),
        _ => derived,
    }
}

fn line(at: &Option<u32>) -> String {
    at.map(|l| format!(" at line {l}")).unwrap_or_default()
}

/// The likely cause of lost messages, when the program ended normally but a
/// producer's stream was cut short: the receiving loop stopped early. Derived
/// from the `recv` lines it printed; `None` when that is not what was seen.
pub fn lost_cause(kata: &Kata, params: &Params, output: &RunOutput) -> Option<String> {
    if kata.check != CheckKind::Delivery || output.exit != Exit::Code(0) {
        return None;
    }
    let messages = *params.get("messages")?;
    let stdout = output.stdout_text();
    let mut received: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for line in stdout.lines() {
        let mut words = line.split_whitespace();
        if words.next() != Some("recv") {
            continue;
        }
        let numbers: Vec<usize> = words.filter_map(|w| w.parse().ok()).collect();
        if let [producer, seq] = numbers[..] {
            received.entry(producer).or_default().push(seq);
        }
    }
    let producers = params.get("producers").copied().unwrap_or(received.len());
    // A producer whose messages arrived in order, from the first, until they
    // stopped: its stream was cut, not scrambled.
    let (producer, got) = (0..producers).find_map(|p| {
        let seqs = received.get(&p).map(Vec::as_slice).unwrap_or(&[]);
        let prefix = seqs.iter().enumerate().all(|(i, &s)| i == s);
        (prefix && seqs.len() < messages).then_some((p, seqs.len()))
    })?;
    let taken = match got {
        0 => format!("none of producer {producer}'s {messages} messages"),
        1 => format!("only `recv {producer} 0` of producer {producer}'s {messages} messages"),
        n => format!(
            "`recv {producer} 0` to `recv {producer} {}` of producer {producer}'s {messages} messages",
            n - 1
        ),
    };
    let done = format!("producer {producer} is done");
    let sent = if stdout.lines().any(|l| l.trim() == done) {
        format!(", though the producer sent them all (it printed `{done}`)")
    } else {
        String::new()
    };
    let mut cause = format!(
        "The receiving loop ended too early: it took {taken} and stopped{sent}. Whatever \
         ends the loop came true while that channel still held messages."
    );
    if kata.docs.iter().any(|d| d.contains("select")) {
        cause.push_str(
            " With `select!`, a closed channel's `recv` arm is ready again and again, so an \
             `Err` arm that only counts counts the same channel every time, and `open` \
             reaches 0 while the other channel is still open. Count a channel once: in the \
             same `Err` arm, swap its receiver for `never()`.",
        );
    }
    Some(cause)
}

/// The likely cause of a deadlock the explorer found: from which thread
/// waits where, and on what.
pub fn deadlock_cause(
    blocked: &[BlockedThread],
    finished: usize,
    held: Option<&HeldSender>,
    kata_text: Option<&str>,
) -> String {
    let find = |name: &str| blocked.iter().find(|t| t.name == name);
    // A `join` on a thread that waits in `send`: the receiving comes after the join.
    for joiner in blocked {
        if let Wait::Join { at, thread } = &joiner.wait
            && let Some(sender) = find(thread)
            && let Wait::Send { at: sends_at, .. } = &sender.wait
        {
            let derived = format!(
                "`{}` waits in `join`{} for `{thread}`, and `{thread}` waits in `send`{} until \
                 someone receives, but nobody receives while `{}` waits: receive first, and \
                 join after the receiving loop.",
                joiner.name,
                line(at),
                line(sends_at),
                joiner.name
            );
            return with_kata_text(Seen::JoinWhileSending, derived, kata_text);
        }
    }
    // A `join` on a thread that waits in `recv`, with nobody sending: the
    // Sender that keeps its channel open is held by a thread that waits.
    let sending = blocked.iter().any(|t| matches!(t.wait, Wait::Send { .. }));
    for joiner in blocked.iter().filter(|_| !sending) {
        if let Wait::Join { at, thread } = &joiner.wait
            && let Some(receiver) = find(thread)
            && let Wait::Recv {
                at: waits_at,
                channel,
            } = &receiver.wait
        {
            let senders = match channel.senders {
                1 => "1 Sender is".to_string(),
                n => format!("{n} Senders are"),
            };
            let derived = format!(
                "`{}` waits in `join`{} for `{thread}`, and `{thread}` waits in `recv`{} on a \
                 channel that is still open ({senders} still alive), though no thread is left \
                 that could send on it: a Sender held by a thread that waits never closes the \
                 channel. If `{}` holds it, drop it before the `join`.",
                joiner.name,
                line(at),
                line(waits_at),
                joiner.name
            );
            return with_kata_text(Seen::SenderAlive, derived, kata_text);
        }
    }
    let receivers = blocked
        .iter()
        .filter(|t| matches!(t.wait, Wait::Recv { .. }))
        .count();
    // A `send` that waits for a receiver, with no thread receiving.
    if receivers == 0
        && let Some(sender) = blocked.iter().find(|t| matches!(t.wait, Wait::Send { .. }))
        && let Wait::Send { at, channel } = &sender.wait
    {
        let others = if blocked.len() == 1 {
            "no other thread is running to receive"
        } else {
            "no other thread is receiving"
        };
        let what = match channel.capacity {
            Some(0) => "a rendezvous `send` waits until a `recv` takes the item",
            _ => "a `send` on a full channel waits for room",
        };
        let derived = format!(
            "`{}` waits in `send`{}, and {others}: {what}. The receiving must happen in \
             another thread at the same time.",
            sender.name,
            line(at)
        );
        return with_kata_text(Seen::SendWithoutReceiver, derived, kata_text);
    }
    if let Some(HeldSender {
        thread,
        sender,
        waits_at,
        dropped_at: Some(dropped_at),
    }) = held
    {
        let gone = match finished {
            0 => String::new(),
            1 => ", and the other thread has finished".to_string(),
            _ => ", and every other thread has finished".to_string(),
        };
        let derived = format!(
            "`{thread}` waits in `recv` at line {waits_at}, and the last Sender still alive is \
             its own `{sender}`{gone}. `{thread}` drops `{sender}` at line \
             {dropped_at}, only after the loop that waits for the channel to close, so that \
             line is never reached: move `drop({sender});` before the receiving loop."
        );
        return with_kata_text(Seen::DroppedLate, derived, kata_text);
    }
    if receivers == blocked.len() && !blocked.is_empty() {
        if let [thread] = blocked {
            let Wait::Recv { at, channel } = &thread.wait else {
                unreachable!("every blocked thread waits in `recv`")
            };
            let senders = match channel.senders {
                1 => "1 Sender is".to_string(),
                n => format!("{n} Senders are"),
            };
            let gone = match finished {
                0 => String::new(),
                1 => ": the other thread has finished".to_string(),
                _ => ": every other thread has finished".to_string(),
            };
            let which = match held {
                Some(held) if held.thread == thread.name => {
                    format!("`{}` or a clone of it, or one inside a struct", held.sender)
                }
                _ => "the original `tx`, a clone, or one inside a struct".to_string(),
            };
            let derived = format!(
                "`{}` waits in `recv`{} while {senders} still alive, and nobody else can send \
                 on it{gone}. So `{}` itself still holds a Sender ({which}), and the channel \
                 closes only when it is gone: drop it before the receiving loop starts, not \
                 after it.",
                thread.name,
                line(at),
                thread.name
            );
            return with_kata_text(Seen::SenderAlive, derived, kata_text);
        }
        let mut names: Vec<String> = blocked.iter().map(|t| format!("`{}`", t.name)).collect();
        let last = names.pop().unwrap_or_default();
        let all = if names.len() == 1 { "both" } else { "all" };
        let derived = format!(
            "{} and {last} {all} wait in `recv`, each on a channel whose Senders are still \
             alive and held by threads that wait, so no thread is left to send or to close a \
             channel: one of them must send before it waits, or drop a Sender it no longer \
             needs.",
            names.join(", ")
        );
        return with_kata_text(Seen::SendersHeldByWaiters, derived, kata_text);
    }
    with_kata_text(
        Seen::Blocked,
        "Every thread waits for another: look at what each one waits for, above.".to_string(),
        kata_text,
    )
}

/// The likely cause of a real run stopped at the time limit.
pub fn timeout_cause(hang: Option<&HangReport>, kata_text: Option<&str>) -> String {
    // What every all-blocked hang comes to, when nothing more is known:
    // either a wait no one will end, or waits in the wrong order.
    const SENDER_ALIVE: &str = "Every thread waits, and none can go on until another does. A \
                                `recv` (or `for msg in rx`) waits until a message comes or every \
                                Sender is gone, a `join` until that thread ends: look for a \
                                Sender still alive that nothing will send on any more, or a \
                                thread waiting for a message that is only sent after its own \
                                wait.";
    match hang {
        Some(hang) if !hang.all_blocked => with_kata_text(
            Seen::Busy,
            "A thread kept running on the CPU, so this is a loop that never waits or never \
             ends, not a blocked channel. Look for a loop that goes on when the other side of \
             its channel is gone: one that polls with `try_recv` or `try_send` and goes round \
             again on `Empty` or `Full` but never stops on `Disconnected`, or one that ignores \
             the `Err` a `send` returns once the Receiver is gone."
                .to_string(),
            kata_text,
        ),
        Some(_) => match kata_text {
            Some(text) if matches(Seen::Blocked, speaks_of(text)) => text.to_string(),
            _ => SENDER_ALIVE.to_string(),
        },
        None => kata_text.unwrap_or(SENDER_ALIVE).to_string(),
    }
}

/// The threads of a hang, by name: the program's own name (which every
/// unnamed thread inherits) becomes `main` for the first and `thread N` for
/// the others.
pub fn hang_threads(hang: &HangReport) -> Vec<String> {
    let program = hang.threads.first().map(|t| t.name.as_str());
    let mut unnamed = 0;
    hang.threads
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let name = if i == 0 {
                "main".to_string()
            } else if Some(t.name.as_str()) == program {
                unnamed += 1;
                format!("thread {unnamed}")
            } else {
                t.name.clone()
            };
            if t.blocked {
                name
            } else {
                format!("{name} (running)")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::execute::ThreadState;
    use crate::core::explore::Channel;

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
        compiler_notes(errors, &Default::default())
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
        let notes = compiler_notes(&[borrow("tx"), borrow("names")], &kata_notes);
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].contains("`tx` and `names`"), "{notes:?}");
        assert_eq!(notes[1], "Scoped threads are the point.");
    }

    fn thread(name: &str, wait: Wait) -> BlockedThread {
        BlockedThread {
            name: name.into(),
            spawned_at: None,
            wait,
        }
    }

    fn channel(capacity: Option<usize>, senders: usize) -> Channel {
        Channel {
            made_at: Some(3),
            capacity,
            senders,
        }
    }

    const SAME_THREAD: &str = "`send` on a `sync_channel(0)` waits for a receiver to take the \
         item, and the only receiver is `main`, which is stuck in that `send`. Send from another \
         thread.";

    #[test]
    fn a_join_before_the_receiving_loop_is_named_not_the_kata_s_same_thread_text() {
        let cause = deadlock_cause(
            &[
                thread(
                    "main",
                    Wait::Join {
                        at: Some(20),
                        thread: "thread 1".into(),
                    },
                ),
                thread(
                    "thread 1",
                    Wait::Send {
                        at: Some(14),
                        channel: channel(Some(0), 1),
                    },
                ),
            ],
            0,
            None,
            Some(SAME_THREAD),
        );
        assert!(
            cause.contains("`main` waits in `join` at line 20"),
            "{cause}"
        );
        assert!(cause.contains("join after the receiving loop"), "{cause}");
        assert!(!cause.contains("Send from another thread"), "{cause}");
    }

    #[test]
    fn a_join_on_a_thread_waiting_in_recv_names_the_join() {
        let cause = deadlock_cause(
            &[
                thread(
                    "main",
                    Wait::Join {
                        at: Some(15),
                        thread: "thread 1".into(),
                    },
                ),
                thread(
                    "thread 1",
                    Wait::Recv {
                        at: Some(11),
                        channel: channel(None, 1),
                    },
                ),
            ],
            0,
            None,
            Some(SAME_THREAD),
        );
        assert!(
            cause.contains("`main` waits in `join` at line 15 for `thread 1`"),
            "{cause}"
        );
        assert!(cause.contains("waits in `recv` at line 11"), "{cause}");
        assert!(cause.contains("drop it before the `join`"), "{cause}");
        assert!(!cause.contains("Send from another thread"), "{cause}");
    }

    #[test]
    fn a_send_alone_on_a_rendezvous_gets_the_kata_s_text_too() {
        let cause = deadlock_cause(
            &[thread(
                "main",
                Wait::Send {
                    at: Some(9),
                    channel: channel(Some(0), 1),
                },
            )],
            0,
            None,
            Some(SAME_THREAD),
        );
        assert!(
            cause.contains("`main` waits in `send` at line 9"),
            "{cause}"
        );
        assert!(cause.ends_with("Send from another thread."), "{cause}");
    }

    #[test]
    fn a_sender_held_by_the_receiver_itself_is_named() {
        let cause = deadlock_cause(
            &[thread(
                "main",
                Wait::Recv {
                    at: Some(22),
                    channel: channel(None, 1),
                },
            )],
            3,
            None,
            None,
        );
        assert!(
            cause.contains("`main` itself still holds a Sender"),
            "{cause}"
        );
        assert!(cause.contains("not after it"), "{cause}");
    }

    #[test]
    fn a_sender_dropped_after_the_loop_is_named_without_the_kata_s_still_in_scope() {
        let late = HeldSender {
            thread: "main".into(),
            sender: "tx".into(),
            waits_at: 30,
            dropped_at: Some(33),
        };
        let cause = deadlock_cause(
            &[thread(
                "main",
                Wait::Recv {
                    at: Some(30),
                    channel: channel(None, 1),
                },
            )],
            4,
            Some(&late),
            Some(
                "The workers' clones are dropped, but the original `tx` in `main` is still in scope.",
            ),
        );
        assert!(cause.contains("`main` drops `tx` at line 33"), "{cause}");
        assert!(cause.contains("only after the loop"), "{cause}");
        assert!(!cause.contains("still in scope"), "{cause}");
    }

    const PIPELINE: &str = "Every number got through but the pipeline never closed: each stage \
         waits until the Sender before it is gone, so look at the start of the chain for a \
         Sender that is still alive.";

    #[test]
    fn a_sender_the_waiting_thread_holds_is_named_and_a_chain_is_said_only_of_a_chain() {
        let waits = |name: &str, at: u32| {
            thread(
                name,
                Wait::Recv {
                    at: Some(at),
                    channel: channel(None, 1),
                },
            )
        };
        let held = HeldSender {
            thread: "main".into(),
            sender: "square_tx".into(),
            waits_at: 35,
            dropped_at: None,
        };
        let alone = deadlock_cause(&[waits("main", 35)], 2, Some(&held), Some(PIPELINE));
        assert!(
            alone.contains("still holds a Sender (`square_tx` or a clone of it"),
            "{alone}"
        );
        assert!(!alone.contains("chain"), "{alone}");
        let chain = deadlock_cause(
            &[waits("main", 43), waits("thread 2", 37)],
            1,
            None,
            Some(PIPELINE),
        );
        assert!(
            chain.starts_with("`main` and `thread 2` both wait in `recv`"),
            "{chain}"
        );
        assert!(chain.ends_with(PIPELINE), "{chain}");
    }

    fn hang(all_blocked: bool) -> HangReport {
        HangReport {
            threads: vec![
                ThreadState {
                    name: "capstone".into(),
                    blocked: all_blocked,
                },
                ThreadState {
                    name: "capstone".into(),
                    blocked: true,
                },
            ],
            all_blocked,
        }
    }

    #[test]
    fn a_busy_thread_is_not_blamed_on_a_live_sender() {
        let cause = timeout_cause(
            Some(&hang(false)),
            Some("The `for` loop over `rx` waits as long as any Sender is alive."),
        );
        assert!(cause.contains("kept running on the CPU"), "{cause}");
        assert!(!cause.contains("Sender is alive"), "{cause}");
        let blocked = timeout_cause(Some(&hang(true)), Some("The loop never stops."));
        assert!(!blocked.contains("never stops"), "{blocked}");
        // A loop that "never ended" because a Sender lives on speaks of a
        // wait in `recv`: not said of a thread that spins.
        let capstone = "Batch 1 received everything but its loop never ended: it waits while \
                        any Sender is alive, and `main` still holds the original `tx`.";
        let spinning = timeout_cause(Some(&hang(false)), Some(capstone));
        assert!(spinning.contains("kept running on the CPU"), "{spinning}");
        assert!(!spinning.contains("still holds"), "{spinning}");
        let waiting = timeout_cause(Some(&hang(true)), Some(capstone));
        assert_eq!(waiting, capstone);
    }

    #[test]
    fn unnamed_threads_are_numbered_not_called_by_the_program_s_name() {
        assert_eq!(hang_threads(&hang(false)), ["main (running)", "thread 1"]);
    }
}
