//! How fields are written in a report's lines and read back.

pub(crate) fn field(text: &str) -> String {
    text.replace(['\t', '\n'], " ")
}

pub(crate) fn line_field(line: Option<u32>) -> String {
    line.map_or("-".to_string(), |l| l.to_string())
}

pub(crate) fn capacity_field(capacity: Option<usize>) -> String {
    capacity.map_or("unbounded".to_string(), |k| k.to_string())
}

/// `-` or a line number; `None` when it is neither.
pub(crate) fn parse_line_field(text: &str) -> Option<Option<u32>> {
    match text {
        "-" => Some(None),
        _ => text.parse().ok().map(Some),
    }
}

/// `unbounded` or a number; `None` when it is neither.
pub(crate) fn parse_capacity(text: &str) -> Option<Option<usize>> {
    match text {
        "unbounded" => Some(None),
        _ => text.parse().ok().map(Some),
    }
}

pub(crate) fn blocked_field(blocked: bool) -> &'static str {
    if blocked { "blocked" } else { "-" }
}

pub(crate) fn parse_blocked(text: &str) -> Option<bool> {
    match text {
        "blocked" => Some(true),
        _ if text.starts_with("blocked@") => Some(true),
        "-" => Some(false),
        _ => None,
    }
}

/// Printed text keeps its tabs, newlines and backslashes, escaped.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn unescape(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            '\\' => '\\',
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            _ => return None,
        });
    }
    Some(out)
}

/// Adds `line` and its `\n` to printed text.
pub(crate) fn push_line(text: &mut String, line: &str) {
    text.push_str(line);
    text.push('\n');
}

/// The text before the first `byte` and the text after it (the whole text
/// and nothing when there is none), as `split_once` splits, in a plain byte
/// loop: `Report::parse` cuts a report into lines and words with it. (This
/// crate is optimized, `opt-level = 2`, even in the runner's dev profile:
/// see the root `Cargo.toml`.)
pub(crate) fn split_at_byte(text: &str, byte: u8) -> (&str, &str) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == byte {
            return (&text[..i], &text[i + 1..]);
        }
        i += 1;
    }
    (text, "")
}
