//! The one change made to a learner's program before it is explored: paths
//! that start with `std` start with `explore::std` instead (and `crate::`
//! paths reach into the module the program is wrapped in).
//!
//! Done on tokens, not text, so a `"std::thread"` inside a string or a comment
//! is left as the learner wrote it; line breaks are kept, so every line keeps
//! its number.

/// Rewrites `std::` and `::std::` path starts to the explorer's `std`, and
/// `crate::` to `crate::program::`.
pub fn rewrite(source: &str) -> String {
    rewrite_to(source, "explore::std", Some("crate::program"))
}

/// Rewrites `std::` and `::std::` path starts to `Std`, the recording `std`
/// (`xtask/record`, passed as `--extern Std=...`). The same length, so every
/// column stays where the learner put it too: a panic names the learner's
/// line and column. The program is not wrapped, so `crate::` stays.
pub fn rewrite_recorded(source: &str) -> String {
    rewrite_to(source, "Std", None)
}

/// Rewrites `std` path starts to `std_path`, and `crate::` path starts to
/// `crate_path` where given.
fn rewrite_to(source: &str, std_path: &str, crate_path: Option<&str>) -> String {
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len() + 256);
    let mut i = 0;
    // Copied verbatim up to here.
    let mut copied = 0;
    let mut before = CodeBefore::default();
    while i < bytes.len() {
        let b = bytes[i];
        let skip_to = match b {
            // A comment is not code: nothing in it comes before a path.
            b'/' if bytes.get(i + 1) == Some(&b'/') => line_end(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => block_comment_end(bytes, i),
            b'"' => {
                before.push(b'"');
                string_end(bytes, i)
            }
            b'\'' => {
                before.push(b'\'');
                char_end(bytes, i)
            }
            _ if is_ident_start(b) => {
                let end = ident_end(bytes, i);
                let word = &source[i..end];
                let starts = starts_path(&before, bytes, end);
                word.bytes().for_each(|b| before.push(b));
                if let Some(raw_end) = raw_string_end(bytes, word, end) {
                    before.push(b'"');
                    raw_end
                } else {
                    let replacement = match word {
                        "std" if starts => Some(std_path),
                        "crate" if followed_by_path(bytes, end) && !preceded_by(bytes, i, b'$') => {
                            crate_path
                        }
                        _ => None,
                    };
                    if let Some(replacement) = replacement {
                        out.push_str(&source[copied..i]);
                        out.push_str(replacement);
                        copied = end;
                    }
                    end
                }
            }
            _ => {
                before.push(b);
                i + 1
            }
        };
        i = skip_to.max(i + 1);
    }
    out.push_str(&source[copied..]);
    out
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_ident_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn ident_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < bytes.len() && is_ident_char(bytes[i]) {
        i += 1;
    }
    i
}

fn line_end(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| start + p)
}

/// Block comments nest in Rust.
fn block_comment_end(bytes: &[u8], start: usize) -> usize {
    let mut depth = 0;
    let mut i = start;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// `r"..."`, `r#"..."#`, `br"..."`, `cr"..."`: `word` is the prefix just read.
fn raw_string_end(bytes: &[u8], word: &str, after: usize) -> Option<usize> {
    if !matches!(word, "r" | "br" | "cr") {
        return None;
    }
    let hashes = bytes[after..].iter().take_while(|&&b| b == b'#').count();
    if bytes.get(after + hashes) != Some(&b'"') {
        return None;
    }
    let mut i = after + hashes + 1;
    while i < bytes.len() {
        if bytes[i] == b'"'
            && bytes[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&b| b == b'#')
                .count()
                == hashes
        {
            return Some(i + 1 + hashes);
        }
        i += 1;
    }
    Some(bytes.len())
}

/// A char literal (`'x'`, `'\n'`, `'é'`) is skipped; a lifetime (`'a`) is not
/// a literal, so only its quote is passed over.
fn char_end(bytes: &[u8], start: usize) -> usize {
    if bytes.get(start + 1) == Some(&b'\\') {
        let mut i = start + 2;
        while i < bytes.len() && bytes[i] != b'\'' && bytes[i] != b'\n' {
            i += 1;
        }
        return i + 1;
    }
    // One character, possibly several bytes long, then a closing quote.
    let width = match bytes.get(start + 1) {
        Some(&b) if b < 0x80 => 1,
        Some(&b) if b >= 0xF0 => 4,
        Some(&b) if b >= 0xE0 => 3,
        Some(_) => 2,
        None => return bytes.len(),
    };
    if bytes.get(start + 1 + width) == Some(&b'\'') {
        start + 2 + width
    } else {
        start + 1
    }
}

fn followed_by_path(bytes: &[u8], end: usize) -> bool {
    let rest = &bytes[end..];
    let spaces = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
    rest[spaces..].starts_with(b"::")
}

fn preceded_by(bytes: &[u8], start: usize, b: u8) -> bool {
    start > 0 && bytes[start - 1] == b
}

/// The last three bytes of code read, oldest first, without whitespace or
/// comments (0 where there were fewer): what decides whether a word begins a
/// path. A comment's last `.` is not code, so `// ... owns tx.` on the line
/// before `std::thread::spawn` does not make `std` a method's name.
#[derive(Default)]
struct CodeBefore([u8; 3]);

impl CodeBefore {
    fn push(&mut self, b: u8) {
        if !b.is_ascii_whitespace() {
            self.0.rotate_left(1);
            self.0[2] = b;
        }
    }
}

/// `std` begins a path: it is followed by `::`, and is not itself a later
/// segment of a path (`::std` at the very start of a path is fine, `foo::std`
/// is not), nor a method or field (`.std`).
fn starts_path(before: &CodeBefore, bytes: &[u8], end: usize) -> bool {
    if !followed_by_path(bytes, end) {
        return false;
    }
    match before.0 {
        [third, b':', b':'] => !(is_ident_char(third) || third == b'>'),
        [_, _, b'.'] => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::rewrite;

    /// A comment that ends in `.` on the line before a path is not code: the
    /// path is still redirected (a thread spawned there would run unseen).
    #[test]
    fn a_comment_before_a_path_does_not_hide_it() {
        assert_eq!(
            rewrite(
                "// The producer owns tx.\nstd::thread::spawn(f);\n/* end. */ std::mem::drop(x);"
            ),
            "// The producer owns tx.\nexplore::std::thread::spawn(f);\n/* end. */ explore::std::mem::drop(x);"
        );
        assert_eq!(rewrite("x.std::<u8>()"), "x.std::<u8>()");
        assert_eq!(rewrite("\"a.\"; std::f()"), "\"a.\"; explore::std::f()");
    }

    #[test]
    fn std_paths_are_redirected() {
        assert_eq!(
            rewrite("use std::sync::mpsc;\nuse std::{thread, time::Duration};\n"),
            "use explore::std::sync::mpsc;\nuse explore::std::{thread, time::Duration};\n"
        );
        assert_eq!(
            rewrite("let h = ::std::thread::spawn(f);"),
            "let h = ::explore::std::thread::spawn(f);"
        );
        assert_eq!(
            rewrite("std :: thread::sleep(d)"),
            "explore::std :: thread::sleep(d)"
        );
        assert_eq!(
            rewrite("impl std::fmt::Debug for X {} fn f(tx: &mut std::sync::mpsc::Sender<u8>)"),
            "impl explore::std::fmt::Debug for X {} fn f(tx: &mut explore::std::sync::mpsc::Sender<u8>)"
        );
    }

    #[test]
    fn strings_comments_and_chars_are_left_alone() {
        let source = concat!(
            "// std::thread in a comment\n",
            "/* std::sync /* nested std::x */ still std::y */\n",
            "let s = \"std::thread \\\" std::x\";\n",
            "let r = r#\"std::\"sync\"#;\n",
            "let c = '\"'; let l: &'static str = \"\"; std::mem::drop(c);\n",
        );
        let expected = source.replace("std::mem", "explore::std::mem");
        assert_eq!(rewrite(source), expected);
    }

    #[test]
    fn only_path_starts_change() {
        for unchanged in [
            "my_std::x",
            "foo::std::x",
            "x.std",
            "extern crate std;",
            "use std as s;",
            "stdout::x",
        ] {
            assert_eq!(rewrite(unchanged), unchanged);
        }
    }

    #[test]
    fn crate_paths_reach_into_the_wrapping_module() {
        assert_eq!(rewrite("crate::Request"), "crate::program::Request");
        assert_eq!(rewrite("pub(crate) fn f()"), "pub(crate) fn f()");
        assert_eq!(rewrite("$crate::x"), "$crate::x");
    }

    #[test]
    fn a_recorded_program_keeps_every_line_and_column() {
        let source = "use std::sync::mpsc;\nfn main() { ::std::thread::spawn(f); crate::x(); }\n";
        let recorded = super::rewrite_recorded(source);
        assert_eq!(
            recorded,
            "use Std::sync::mpsc;\nfn main() { ::Std::thread::spawn(f); crate::x(); }\n"
        );
        assert_eq!(recorded.len(), source.len());
    }

    #[test]
    fn line_numbers_are_kept() {
        let source = "use std::thread;\n\nfn main() {\n    std::thread::sleep(d);\n}\n";
        assert_eq!(rewrite(source).lines().count(), source.lines().count());
    }
}
