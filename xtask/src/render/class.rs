//! A class's grades as a table: students x katas, as CSV and as one HTML page.

use crate::core::judge::Status;
use crate::render::grading::StudentGrade;

/// One line per student as their grading ends.
pub fn print_progress(grade: &StudentGrade) {
    match (&grade.report, &grade.problem) {
        (Some(report), None) => println!(
            "  {}: {}/{} ({} of {} katas passed)",
            grade.student,
            report.score,
            report.max_score,
            report.passed(),
            report.tests.len()
        ),
        (_, Some(problem)) => println!("  {}: no grade: {problem}", grade.student),
        (None, None) => println!("  {}: no grade", grade.student),
    }
}

/// The class as students x katas: what the CSV and the HTML page show.
pub struct Table<'a> {
    grades: &'a [StudentGrade],
    /// Kata names with their chapter and points, in track order.
    katas: Vec<(String, String, u32)>,
}

impl<'a> Table<'a> {
    pub fn new(grades: &'a [StudentGrade]) -> Self {
        let mut katas: Vec<(String, String, u32)> = Vec::new();
        for report in grades.iter().filter_map(|g| g.report.as_ref()) {
            for test in &report.tests {
                if !katas.iter().any(|(name, ..)| *name == test.name) {
                    katas.push((test.name.clone(), test.chapter.clone(), test.max_score));
                }
            }
        }
        Self { grades, katas }
    }

    fn max_score(&self) -> u32 {
        self.katas.iter().map(|(.., points)| points).sum()
    }

    fn cell<'g>(
        &self,
        grade: &'g StudentGrade,
        kata: &str,
    ) -> Option<&'g crate::render::grading::KataResult> {
        grade.report.as_ref()?.tests.iter().find(|t| t.name == kata)
    }

    /// `student,<kata>...,score,max_score,problem`; a kata cell holds the points earned.
    pub fn csv(&self) -> String {
        let mut header = vec!["student".to_string()];
        header.extend(self.katas.iter().map(|(name, ..)| name.clone()));
        header.extend([
            "score".to_string(),
            "max_score".to_string(),
            "problem".to_string(),
        ]);
        let mut lines = vec![csv_row(&header)];
        for grade in self.grades {
            let mut row = vec![grade.student.clone()];
            for (name, ..) in &self.katas {
                row.push(
                    self.cell(grade, name)
                        .map_or(String::new(), |t| t.score.to_string()),
                );
            }
            row.push(grade.score().to_string());
            row.push(self.max_score().to_string());
            row.push(grade.problem.clone().unwrap_or_default());
            lines.push(csv_row(&row));
        }
        lines.join("\n") + "\n"
    }

    /// The page a teacher reads: the table first (total right after the
    /// name, so it stays in view), then what went wrong per student.
    pub fn html(&self) -> String {
        let mut html = String::from(HTML_HEAD);
        html.push_str(&format!(
            "<h1>Grades</h1>\n<p class=\"sub\">{} students, {} katas, {} points in all. \
             Hover over a cell for what the runner said.</p>\n",
            self.grades.len(),
            self.katas.len(),
            self.max_score()
        ));
        html.push_str(LEGEND);
        html.push_str("<table>\n<thead>\n");
        html.push_str(&self.header_rows());
        html.push_str("</thead>\n<tbody>\n");
        for grade in self.grades {
            html.push_str(&self.student_row(grade));
        }
        html.push_str("</tbody>\n<tfoot>\n");
        html.push_str(&self.footer_row());
        html.push_str("</tfoot>\n</table>\n");
        let esc = crate::render::grading::xml_escape;
        html.push_str("<h2>What went wrong</h2>\n");
        for grade in self.grades {
            let failed: Vec<&crate::render::grading::KataResult> = grade
                .report
                .iter()
                .flat_map(|r| &r.tests)
                .filter(|t| t.status != Status::Pass)
                .collect();
            html.push_str(&format!(
                "<details><summary><b>{}</b>: {}</summary>\n<ul>\n",
                esc(&grade.student),
                match (&grade.problem, failed.len()) {
                    (Some(problem), _) => format!("no grade: {}", esc(problem)),
                    (None, 0) => "every kata passed".to_string(),
                    (None, n) => format!("{n} katas not passed"),
                }
            ));
            for t in failed {
                html.push_str(&format!(
                    "<li><span class=\"tag {}\">{}</span> <b>{}</b>: {}</li>\n",
                    t.status.as_str(),
                    t.status.as_str().replace('_', " "),
                    esc(&t.name),
                    esc(&t.message)
                ));
            }
            html.push_str("</ul></details>\n");
        }
        html.push_str("</body>\n</html>\n");
        html
    }

    /// Chapters over their katas, then the kata names (written upwards).
    fn header_rows(&self) -> String {
        let esc = crate::render::grading::xml_escape;
        let mut row = String::from("<tr><th class=\"corner\" colspan=\"2\"></th>");
        let mut chapters: Vec<(&str, usize)> = Vec::new();
        for (_, chapter, _) in &self.katas {
            match chapters.last_mut() {
                Some((last, n)) if last == chapter => *n += 1,
                _ => chapters.push((chapter, 1)),
            }
        }
        for (chapter, span) in &chapters {
            row.push_str(&format!(
                "<th class=\"chapter\" colspan=\"{span}\">{}</th>",
                esc(chapter)
            ));
        }
        row.push_str("</tr>\n<tr><th class=\"name\">student</th><th class=\"total\">total</th>");
        for (name, _, points) in &self.katas {
            row.push_str(&format!(
                "<th class=\"kata\" title=\"{} ({points} point{})\"><span>{}</span></th>",
                esc(name),
                if *points == 1 { "" } else { "s" },
                esc(name)
            ));
        }
        row.push_str("</tr>\n");
        row
    }

    fn student_row(&self, grade: &StudentGrade) -> String {
        let esc = crate::render::grading::xml_escape;
        let max = self.max_score();
        let percent = (grade.score() * 100).checked_div(max).unwrap_or(0);
        let mut row = format!(
            "<tr><th class=\"name\">{}</th><td class=\"total\"><b>{}</b>/{max}\
             <div class=\"bar\"><div style=\"width:{percent}%\"></div></div></td>",
            esc(&grade.student),
            grade.score()
        );
        if let (Some(problem), None) = (&grade.problem, &grade.report) {
            row.push_str(&format!(
                "<td class=\"problem\" colspan=\"{}\">no grade: {}</td>",
                self.katas.len().max(1),
                esc(problem)
            ));
        } else {
            for (name, ..) in &self.katas {
                row.push_str(&match self.cell(grade, name) {
                    Some(t) => format!(
                        "<td class=\"{}\" title=\"{}: {}\">{}</td>",
                        t.status.as_str(),
                        esc(name),
                        esc(&t.message),
                        symbol(t.status)
                    ),
                    None => "<td class=\"absent\" title=\"not in this copy\"></td>".to_string(),
                });
            }
        }
        row.push_str("</tr>\n");
        row
    }

    /// How many students passed each kata, and the average total.
    fn footer_row(&self) -> String {
        let graded = self.grades.iter().filter(|g| g.report.is_some()).count();
        let total: u32 = self.grades.iter().map(StudentGrade::score).sum();
        let average = if self.grades.is_empty() {
            0.0
        } else {
            f64::from(total) / self.grades.len() as f64
        };
        let mut row = format!(
            "<tr><th class=\"name\">passed by</th><td class=\"total\">avg {average:.1}</td>"
        );
        for (name, ..) in &self.katas {
            let passed = self
                .grades
                .iter()
                .filter(|g| self.cell(g, name).is_some_and(|t| t.status == Status::Pass))
                .count();
            row.push_str(&format!(
                "<td title=\"{}\">{passed}/{graded}</td>",
                crate::render::grading::xml_escape(name)
            ));
        }
        row.push_str("</tr>\n");
        row
    }
}

fn symbol(status: Status) -> &'static str {
    match status {
        Status::Pass => "✓",
        Status::Fail => "✗",
        Status::CompileError => "CE",
        Status::Timeout => "TO",
        Status::Deadlock => "DL",
        Status::Error => "!",
        Status::Limit => "LIM",
        Status::Refused => "BOX",
    }
}

/// One CSV line (RFC 4180): fields with commas, quotes or line breaks are quoted.
fn csv_row(fields: &[String]) -> String {
    fields
        .iter()
        .map(|f| {
            if f.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

const HTML_HEAD: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Grades</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1f2328; }
h1 { margin: 0 0 4px; }
.sub { color: #59636e; margin: 0 0 12px; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d1d9e0; padding: 3px 4px; text-align: center; }
thead th { background: #f6f8fa; position: sticky; top: 0; }
th.name { text-align: left; white-space: nowrap; background: #f6f8fa; }
th.chapter { font-weight: 600; font-size: 11px; line-height: 1.2; }
th.kata { height: 130px; vertical-align: bottom; padding: 4px 2px; }
th.kata span { writing-mode: vertical-rl; transform: rotate(180deg); font-weight: 500; white-space: nowrap; }
th.corner { background: #fff; border: none; }
td { min-width: 18px; font-weight: 600; }
td.pass { background: #dafbe1; color: #1a7f37; }
td.fail { background: #ffebe9; color: #cf222e; }
td.compile_error { background: #fff1c2; color: #9a6700; font-size: 10px; }
td.timeout { background: #fbefff; color: #8250df; font-size: 10px; }
td.error { background: #eaeef2; color: #59636e; }
td.absent { background: repeating-linear-gradient(45deg, #fff, #fff 4px, #f6f8fa 4px, #f6f8fa 8px); }
td.problem { background: #eaeef2; color: #59636e; text-align: left; font-weight: 400; }
td.total, th.total { text-align: right; white-space: nowrap; min-width: 70px; font-weight: 400; border-right: 2px solid #8c959f; }
tfoot td, tfoot th { background: #f6f8fa; font-weight: 400; color: #59636e; font-size: 12px; }
.bar { height: 4px; background: #eaeef2; border-radius: 2px; margin-top: 2px; }
.bar div { height: 4px; background: #1a7f37; border-radius: 2px; }
.legend { margin: 0 0 16px; display: flex; gap: 14px; flex-wrap: wrap; font-size: 13px; }
.tag { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; font-weight: 600; }
.tag.pass { background: #dafbe1; color: #1a7f37; }
.tag.fail { background: #ffebe9; color: #cf222e; }
.tag.compile_error { background: #fff1c2; color: #9a6700; }
.tag.timeout { background: #fbefff; color: #8250df; }
.tag.error { background: #eaeef2; color: #59636e; }
details { margin: 4px 0; }
details ul { margin: 4px 0 8px; }
</style>
</head>
<body>
"#;

const LEGEND: &str = "<p class=\"legend\"><span class=\"tag pass\">✓ passed</span>\
<span class=\"tag fail\">✗ wrong output</span>\
<span class=\"tag compile_error\">CE does not compile</span>\
<span class=\"tag timeout\">TO timed out</span>\
<span class=\"tag error\">! could not be judged</span></p>\n";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::grading::{KataResult, Report};

    fn grade(student: &str, statuses: &[(&str, Status)]) -> StudentGrade {
        let tests: Vec<KataResult> = statuses
            .iter()
            .map(|(name, status)| KataResult {
                name: name.to_string(),
                chapter: "Basics".into(),
                status: *status,
                score: u32::from(*status == Status::Pass) * 2,
                max_score: 2,
                message: format!("{name} <said> \"this\""),
                output: String::new(),
                duration: 0,
                test_code: String::new(),
                filename: String::new(),
                line_no: 0,
            })
            .collect();
        StudentGrade {
            student: student.into(),
            problem: None,
            report: Some(Report {
                version: 1,
                status: Status::Fail,
                score: tests.iter().map(|t| t.score).sum(),
                max_score: tests.iter().map(|t| t.max_score).sum(),
                tests,
            }),
        }
    }

    #[test]
    fn csv_has_one_row_per_student_with_points_and_totals() {
        let grades = vec![
            grade("ada", &[("a", Status::Pass), ("b", Status::Fail)]),
            grade("bob, jr", &[("a", Status::Timeout), ("b", Status::Pass)]),
            StudentGrade {
                student: "cy".into(),
                problem: Some("said \"no\"".into()),
                report: None,
            },
        ];
        let csv = Table::new(&grades).csv();
        assert_eq!(
            csv,
            "student,a,b,score,max_score,problem\nada,2,0,2,4,\n\"bob, jr\",0,2,2,4,\ncy,,,0,4,\"said \"\"no\"\"\"\n"
        );
    }

    #[test]
    fn html_escapes_messages_and_shows_totals() {
        let grades = vec![grade(
            "<ada>",
            &[("a", Status::Pass), ("b", Status::CompileError)],
        )];
        let html = Table::new(&grades).html();
        assert!(html.contains("&lt;ada&gt;"), "{html}");
        assert!(!html.contains("<said>"), "{html}");
        assert!(
            html.contains(
                "<td class=\"compile_error\" title=\"b: b &lt;said&gt; &quot;this&quot;\">CE</td>"
            ),
            "{html}"
        );
        assert!(html.contains("<b>2</b>/4"), "{html}");
    }
}
