//! Grades as JUnit XML, as CI servers read it, and the XML (and HTML)
//! escaping the class's page shares.

use crate::core::judge::Status;
use crate::render::grading::Report;

/// JUnit XML as CI servers read it: one suite, one `<testcase>` per kata,
/// `<failure>` for a kata that ran and is wrong, `<error>` for one that could
/// not be judged.
pub fn to_junit(report: &Report) -> String {
    let failures = report
        .tests
        .iter()
        .filter(|t| !matches!(t.status, Status::Pass | Status::Error))
        .count();
    let errors = report
        .tests
        .iter()
        .filter(|t| t.status == Status::Error)
        .count();
    let seconds: f64 = report
        .tests
        .iter()
        .map(|t| t.duration as f64 / 1000.0)
        .sum();
    let counts = format!(
        "tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" time=\"{seconds:.3}\"",
        report.tests.len()
    );
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!("<testsuites name=\"workbook\" {counts}>\n"));
    xml.push_str(&format!(
        "  <testsuite name=\"workbook\" {counts} skipped=\"0\">\n"
    ));
    xml.push_str(&format!(
        "    <properties>\n      <property name=\"score\" value=\"{}\"/>\n      \
         <property name=\"max_score\" value=\"{}\"/>\n    </properties>\n",
        report.score, report.max_score
    ));
    for test in &report.tests {
        xml.push_str(&format!(
            "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" time=\"{:.3}\"",
            xml_escape(&test.name),
            xml_escape(&test.chapter),
            xml_escape(&test.filename),
            test.duration as f64 / 1000.0
        ));
        let element = match test.status {
            Status::Pass => {
                xml.push_str("/>\n");
                continue;
            }
            Status::Error => "error",
            Status::Fail
            | Status::CompileError
            | Status::Timeout
            | Status::Deadlock
            | Status::Limit
            | Status::Refused
            | Status::Untouched => "failure",
        };
        xml.push_str(">\n");
        xml.push_str(&format!(
            "      <{element} type=\"{}\" message=\"{}\">{}</{element}>\n",
            test.status.as_str(),
            xml_escape(&test.message),
            xml_text(&test.output)
        ));
        xml.push_str("    </testcase>\n");
    }
    xml.push_str("  </testsuite>\n</testsuites>\n");
    xml
}

/// Escapes text for an XML (or HTML) attribute value: line breaks are kept as
/// character references, and the control characters XML 1.0 cannot hold at
/// all (a kata may print anything) become U+FFFD.
pub fn xml_escape(text: &str) -> String {
    escape(text, true)
}

/// Escapes text for XML element content, where line breaks stay as they are.
pub fn xml_text(text: &str) -> String {
    escape(text, false)
}

fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            '\n' | '\t' if !attribute => out.push(c),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}
