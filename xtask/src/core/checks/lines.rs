//! The one reading of a program's output: colour codes and trailing blanks
//! stripped (`normalize`), and its message lines, `sent [<producer>] <seq>`
//! and `recv [<producer>] <seq>`, as the checks, the likely causes and the
//! explore stage read them. Every other line is the learner's own.
//!
//! A search reads hundreds of thousands of lines in the runner, which is
//! built unoptimized: the common cases are read in one plain pass over
//! their bytes, and each shortcut is tested against the general way.

use super::{Event, MessageLine};

/// Strips colour codes, carriage returns and trailing blanks: none of them is
/// the program's meaning, and all of them vary between terminals.
pub fn normalize(text: &str) -> String {
    // Most outputs have neither: skip the walk over every character (a search
    // normalizes hundreds of outputs, in an unoptimized runner).
    let bytes = text.as_bytes();
    // One pass for the commonest case, where nothing changes.
    if already_trimmed(bytes) {
        return text.to_string();
    }
    if !bytes.contains(&0x1b) && !bytes.contains(&b'\r') {
        return trimmed_lines(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            // Skip parameters up to the final byte of the escape sequence.
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        } else if c != '\r' {
            out.push(c);
        }
    }
    trimmed_lines(&out)
}

/// Each line without trailing blanks, without blank lines at the end.
fn trimmed_lines(out: &str) -> String {
    if already_trimmed(out.as_bytes()) {
        return out.to_string();
    }
    trim_each_line(out)
}

/// `trimmed_lines` the general way, line by line.
fn trim_each_line(out: &str) -> String {
    let mut lines: Vec<&str> = out.lines().map(str::trim_end).collect();
    while lines.last() == Some(&"") {
        lines.pop();
    }
    let mut text = lines.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    text
}

/// Whether `normalize` and `trimmed_lines` would give `out` back as it is
/// (most outputs): one plain pass over the bytes, where splitting and joining
/// the lines costs several in an unoptimized runner. Colour codes and
/// carriage returns are never left as they are.
fn already_trimmed(out: &[u8]) -> bool {
    if out.is_empty() {
        return true;
    }
    if out.ends_with(b"\n\n") || out == b"\n" || !out.ends_with(b"\n") {
        return false;
    }
    let mut i = 1;
    while i < out.len() {
        let byte = out[i];
        // A non-ASCII byte may be part of a Unicode blank: the general way.
        if byte >= 0x80 || byte == b'\r' || byte == 0x1b {
            return false;
        }
        if byte == b'\n' && matches!(out[i - 1], b' ' | b'\t' | 0x0b | 0x0c) {
            return false;
        }
        i += 1;
    }
    out[0] < 0x80 && out[0] != b'\r' && out[0] != 0x1b
}

/// Every message line of `stdout` as the checks read it, in order: the one
/// reading of the output's facts, for the likely causes too.
pub fn message_lines(stdout: &str) -> impl Iterator<Item = MessageLine> + '_ {
    stdout.split('\n').filter_map(|line| {
        let event = event_of(line)?;
        Some(MessageLine {
            event,
            named: first_words(line).0 == 3,
        })
    })
}

/// Whether `line` is a `recv` line, well formed or not: what the channel
/// facts count against the messages really received.
pub fn is_recv_line(line: &str) -> bool {
    first_word_is(line, "recv")
}

/// `sent [<producer>] <seq>` and `recv [<producer>] <seq>`; every other line is
/// ignored, so a learner's debugging prints never fail a kata.
pub(super) fn parse_events(stdout: &str) -> Vec<Event> {
    let mut events = Vec::new();
    for line in stdout.split('\n') {
        if let Some(event) = event_of(line) {
            events.push(event);
        }
    }
    events
}

/// The event a line reports, if it is a message line.
pub(super) fn event_of(line: &str) -> Option<Event> {
    if let Some(event) = plain_event(line.as_bytes()) {
        return Some(event);
    }
    let (count, words) = first_words(line);
    let number = |word: &str| word.parse::<usize>().ok();
    let (producer, seq) = match (count, words) {
        (2, [_, seq, ..]) => (0, number(seq)?),
        (3, [_, producer, seq, _]) => (number(producer)?, number(seq)?),
        _ => return None,
    };
    match words[0] {
        "sent" => Some(Event::Sent { producer, seq }),
        "recv" => Some(Event::Recv { producer, seq }),
        _ => None,
    }
}

/// A message line as programs print it, `recv 1 2` or `sent 3` with single
/// spaces and nothing else, read in one pass over its bytes (a search reads
/// hundreds of thousands). Any other line, a message line or not, is `None`:
/// `event_of` reads it the general way.
fn plain_event(line: &[u8]) -> Option<Event> {
    let sent = match line.get(..5)? {
        b"sent " => true,
        b"recv " => false,
        _ => return None,
    };
    let mut numbers = [0usize; 2];
    let mut count = 0;
    let mut i = 5;
    loop {
        let start = i;
        let mut value: usize = 0;
        while i < line.len() && line[i].is_ascii_digit() {
            value = value
                .checked_mul(10)?
                .checked_add(usize::from(line[i] - b'0'))?;
            i += 1;
        }
        if i == start || count == 2 {
            return None;
        }
        numbers[count] = value;
        count += 1;
        match line.get(i) {
            None => break,
            Some(b' ') => i += 1,
            Some(_) => return None,
        }
    }
    let (producer, seq) = match count {
        1 => (0, numbers[0]),
        _ => (numbers[0], numbers[1]),
    };
    Some(if sent {
        Event::Sent { producer, seq }
    } else {
        Event::Recv { producer, seq }
    })
}

/// Whether the first word of a line, as `split_whitespace` splits it, is
/// `word`. Most lines start with a word: told from their first bytes.
pub(crate) fn first_word_is(line: &str, word: &str) -> bool {
    let bytes = line.as_bytes();
    if !bytes.starts_with(word.as_bytes()) {
        match bytes.first() {
            // Another word first.
            Some(&b) if b < 0x80 && !b.is_ascii_whitespace() && b != 0x0b => return false,
            None => return false,
            _ => {}
        }
    } else {
        match bytes.get(word.len()) {
            None => return true,
            Some(&b) if b < 0x80 => return b.is_ascii_whitespace() || b == 0x0b,
            _ => {}
        }
    }
    matches!(first_words(line), (1.., [first, ..]) if first == word)
}

/// The first four words of a line and how many there are (4 for four or
/// more), split where `split_whitespace` splits. A search judges thousands of
/// outputs in an unoptimized runner, so an ASCII line (nearly all) is read in
/// one plain pass over its bytes: several times faster than the iterator.
pub(super) fn first_words(line: &str) -> (usize, [&str; 4]) {
    let mut words = [""; 4];
    let mut count = 0;
    let bytes = line.as_bytes();
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() && count < 4 {
        let byte = bytes[i];
        // Unicode whitespace, and the vertical tab, which
        // `split_ascii_whitespace` would not split at: the general way.
        if byte >= 0x80 || byte == 0x0b {
            return first_words_unicode(line);
        }
        // `is_ascii_whitespace`, spelled out: a call per byte otherwise.
        let blank = byte == b' ' || byte == b'\t' || byte == b'\n' || byte == b'\r' || byte == 0x0c;
        if blank {
            if let Some(from) = start {
                words[count] = &line[from..i];
                count += 1;
                start = None;
            }
        } else if start.is_none() {
            start = Some(i);
        }
        i += 1;
    }
    if let (Some(from), true) = (start, count < 4) {
        words[count] = &line[from..];
        count += 1;
    }
    (count, words)
}

fn first_words_unicode(line: &str) -> (usize, [&str; 4]) {
    let mut words = [""; 4];
    let mut count = 0;
    for word in line.split_whitespace().take(4) {
        words[count] = word;
        count += 1;
    }
    (count, words)
}

/// For a `sent [<producer>] <seq>` line, the `recv` lines of that producer
/// in `before`: the count the lead fact compares `seq` with, at the moment
/// the `sent` line was printed. `None` for any other line.
pub(crate) fn received_before(before: &str, sent_line: &str) -> Option<usize> {
    let Some(Event::Sent { producer, .. }) = parse_events(sent_line).pop() else {
        return None;
    };
    Some(
        parse_events(before)
            .iter()
            .filter(|e| matches!(e, Event::Recv { producer: p, .. } if *p == producer))
            .count(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_lines_are_events_and_other_lines_are_ignored() {
        let events = parse_events(
            "recv 3\nsent 1 2\n  recv\t0  7 \nrecv 1 2 3\nrecv x\nsent -1\nhello 1\nrecv\n",
        );
        assert_eq!(
            events,
            vec![
                Event::Recv {
                    producer: 0,
                    seq: 3
                },
                Event::Sent {
                    producer: 1,
                    seq: 2
                },
                Event::Recv {
                    producer: 0,
                    seq: 7
                },
            ]
        );
    }

    #[test]
    fn words_split_as_split_whitespace_splits_them() {
        for line in [
            "recv 0 1",
            "  sent\t3  ",
            "recv\u{0b}0 1",
            "recv\u{a0}0 1",
            "recv 0\u{2003}1",
            "",
            "\t \x0c",
            "recv 0 1 2 3 4",
            "a b c d",
            "a b c d ",
            "a\u{2003}b c d e",
            "recvé 1",
            "recv\u{a0}1",
            " recv 1",
            "recv",
            "recv1",
            "éa",
        ] {
            let (count, words) = first_words(line);
            let std: Vec<&str> = line.split_whitespace().take(4).collect();
            assert_eq!(&words[..count], std, "{line:?}");
            for word in ["recv", "sent", "a"] {
                assert_eq!(
                    first_word_is(line, word),
                    std.first() == Some(&word),
                    "{line:?}"
                );
            }
        }
    }

    #[test]
    fn normalize_strips_colours_carriage_returns_and_trailing_blanks() {
        assert_eq!(normalize("a \r\n\u{1b}[31mb\u{1b}[0m\n\n"), "a\nb\n");
        assert_eq!(normalize("a  \nb\n\n\n"), "a\nb\n");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn the_shortcut_for_trimmed_output_changes_nothing() {
        let pieces = [
            "a",
            "recv 0 1",
            " ",
            "\t",
            "\n",
            "\r",
            "\u{a0}",
            "\u{0b}",
            "é",
            "\u{1b}[1m",
            "",
        ];
        // Every text of up to three pieces, and each with a newline after it.
        let mut texts = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(longer);
        }
        let mut shortcuts = 0;
        for text in texts.iter().flat_map(|t| [t.clone(), format!("{t}\n")]) {
            shortcuts += usize::from(already_trimmed(text.as_bytes()));
            let long_way = trim_each_line(&text);
            assert_eq!(trimmed_lines(&text), long_way, "{text:?}");
            if !text.contains(['\u{1b}', '\r']) {
                assert_eq!(normalize(&text), long_way, "{text:?}");
            }
        }
        assert!(shortcuts > 100, "the shortcut was taken {shortcuts} times");
    }

    #[test]
    fn message_lines_are_read_as_split_whitespace_reads_them() {
        for line in [
            "recv 1 2",
            "recv\t1  2 ",
            "sent 3",
            " sent 3",
            "recv 1 2 3",
            "recv",
            "recv x",
            "recv +4",
            "recv\u{a0}4",
            "recv\u{0b}4",
            "rec 4",
            "recv 1 é",
            "recv 1 2 ",
            "recv 1  2",
            "recv 007",
            "sent 99999999999999999999999",
            "recv 1 99999999999999999999999",
            "recv 18446744073709551615",
            "recv 1 2\r",
            "recv -1",
            "sent 1 2 3",
        ] {
            let general = {
                let words: Vec<&str> = line.split_whitespace().collect();
                let number = |w: &str| w.parse::<usize>().ok();
                match words[..] {
                    ["sent", seq] => number(seq).map(|seq| Event::Sent { producer: 0, seq }),
                    ["recv", seq] => number(seq).map(|seq| Event::Recv { producer: 0, seq }),
                    ["sent", p, seq] => number(p)
                        .zip(number(seq))
                        .map(|(producer, seq)| Event::Sent { producer, seq }),
                    ["recv", p, seq] => number(p)
                        .zip(number(seq))
                        .map(|(producer, seq)| Event::Recv { producer, seq }),
                    _ => None,
                }
            };
            assert_eq!(event_of(line), general, "{line:?}");
        }
    }
}
