//! Grades as JUnit XML, as CI servers read it, and the XML (and HTML)
//! escaping the class's page shares.

use crate::core::grading::Report;
use crate::core::judge::Status;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::grading::KataResult;

    fn result(name: &str, status: Status, message: &str, output: &str) -> KataResult {
        KataResult {
            name: name.into(),
            chapter: "Basics".into(),
            status,
            score: u32::from(status == Status::Pass),
            max_score: 1,
            message: message.into(),
            output: output.into(),
            duration: 1500,
            test_code: format!("cargo xtask verify {name}"),
            filename: format!("exercises/{name}.rs"),
            line_no: 0,
            warnings: Vec::new(),
            sandbox_events: Vec::new(),
        }
    }

    #[test]
    fn xml_escape_handles_markup_quotes_and_control_characters() {
        assert_eq!(xml_escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(xml_escape("x\u{1b}[31my\n"), "x\u{fffd}[31my&#10;");
        assert_eq!(
            xml_text("a\n\t<b> \"q\"\u{0}"),
            "a\n\t&lt;b&gt; \"q\"\u{fffd}"
        );
    }

    #[test]
    fn junit_counts_failures_and_errors_apart() {
        let report = Report {
            version: 1,
            status: Status::Error,
            score: 1,
            max_score: 3,
            tests: vec![
                result("a", Status::Pass, "passed", ""),
                result(
                    "b",
                    Status::CompileError,
                    "does not compile: <E0382>",
                    "error[E0382]",
                ),
                result("c", Status::Error, "`c.rs` is missing", ""),
            ],
        };
        let xml = to_junit(&report);
        assert!(
            xml.contains("tests=\"3\" failures=\"1\" errors=\"1\""),
            "{xml}"
        );
        assert!(
            xml.contains(
                "<testcase name=\"a\" classname=\"Basics\" file=\"exercises/a.rs\" time=\"1.500\"/>"
            ),
            "{xml}"
        );
        assert!(
            xml.contains(
                "<failure type=\"compile_error\" message=\"does not compile: &lt;E0382&gt;\">"
            ),
            "{xml}"
        );
        assert!(xml.contains("<error type=\"error\""), "{xml}");
    }
}
