//! A class's grades as a table: students x katas, as CSV and as one HTML page.

use crate::core::grading::{ClassGrades, StudentGrade};
use crate::core::judge::Status;
use crate::core::submission::Pick;

/// A student's feedback, as plain text to hand back: what was graded, the
/// total, and each kata's status and message (the words the student's own
/// `cargo xtask verify` prints), with what its box stopped.
pub fn feedback(grade: &StudentGrade, class: &ClassGrades) -> String {
    let mut text = format!("Grades of {}\n", grade.student);
    match (&grade.commit, &grade.commit_date) {
        (Some(commit), Some(date)) => text.push_str(&format!("Graded commit: {commit} ({date})\n")),
        (Some(commit), None) => text.push_str(&format!("Graded commit: {commit}\n")),
        (None, _) => text.push_str("Graded: the files of the folder\n"),
    }
    if let Pick::Deadline(time) = Pick::from_record(&class.pick) {
        text.push_str(&format!("Deadline: {time}\n"));
    }
    if let Some(later) = grade.later_commits.filter(|&n| n > 0) {
        text.push_str(&format!(
            "Not graded: {later} later commit{}\n",
            if later == 1 { "" } else { "s" }
        ));
    }
    if !grade.protected_changes.is_empty() {
        text.push_str(&format!(
            "Files the grade does not take from you, changed since the handout: {}\n",
            grade.protected_changes.join(", ")
        ));
    }
    let Some(report) = &grade.report else {
        text.push_str(&format!(
            "\nNo grade: {}\n",
            grade
                .problem
                .as_deref()
                .unwrap_or("the runner wrote no report")
        ));
        return text;
    };
    text.push_str(&format!(
        "Total: {}/{} ({} of {} katas passed)\n\n",
        report.score,
        report.max_score,
        report.passed(),
        report.tests.len()
    ));
    for t in &report.tests {
        text.push_str(&format!(
            "{} ({}/{}): {}: {}\n",
            t.name,
            t.score,
            t.max_score,
            t.status.as_str().replace('_', " "),
            t.message
        ));
        for event in &t.sandbox_events {
            text.push_str(&format!("    also: {event}\n"));
        }
    }
    text
}

/// The class as students x katas: what the CSV and the HTML page show.
pub struct Table<'a> {
    grades: &'a [StudentGrade],
    /// Kata names with their chapter and points, in track order.
    katas: Vec<(String, String, u32)>,
    /// What graded the class (check data, runner, pick, time, skipped folders).
    class: Option<&'a ClassGrades>,
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
        Self {
            grades,
            katas,
            class: None,
        }
    }

    /// The table of a whole grading, which the page says how it was made.
    pub fn of_class(class: &'a ClassGrades) -> Self {
        Self {
            class: Some(class),
            ..Self::new(&class.students)
        }
    }

    fn max_score(&self) -> u32 {
        self.katas.iter().map(|(.., points)| points).sum()
    }

    fn cell<'g>(
        &self,
        grade: &'g StudentGrade,
        kata: &str,
    ) -> Option<&'g crate::core::grading::KataResult> {
        grade.report.as_ref()?.tests.iter().find(|t| t.name == kata)
    }

    /// `student`, per kata `<kata>` (the points earned) and `<kata> status`,
    /// then `score,max_score,problem,commit,commit_date,later_commits,
    /// uncommitted,protected_changes` (the changed protected files,
    /// separated by spaces).
    pub fn csv(&self) -> String {
        let mut header = vec!["student".to_string()];
        for (name, ..) in &self.katas {
            header.push(name.clone());
            header.push(format!("{name} status"));
        }
        header.extend(
            [
                "score",
                "max_score",
                "problem",
                "commit",
                "commit_date",
                "later_commits",
                "uncommitted",
                "protected_changes",
            ]
            .map(String::from),
        );
        let mut lines = vec![csv_row(&header)];
        let number = |n: Option<u64>| n.map_or(String::new(), |n| n.to_string());
        for grade in self.grades {
            let mut row = vec![grade.student.clone()];
            for (name, ..) in &self.katas {
                let cell = self.cell(grade, name);
                row.push(cell.map_or(String::new(), |t| t.score.to_string()));
                row.push(cell.map_or(String::new(), |t| t.status.as_str().to_string()));
            }
            row.push(grade.score().to_string());
            row.push(self.max_score().to_string());
            row.push(grade.problem.clone().unwrap_or_default());
            row.push(grade.commit.clone().unwrap_or_default());
            row.push(grade.commit_date.clone().unwrap_or_default());
            row.push(number(grade.later_commits));
            row.push(number(grade.uncommitted));
            row.push(grade.protected_changes.join(" "));
            lines.push(csv_row(&row));
        }
        lines.join("\n") + "\n"
    }

    /// What graded the class, in a few lines of the page: the commits
    /// picked, the check data, the runner, the time, the folders skipped.
    fn provenance(&self) -> String {
        let esc = crate::render::junit::xml_escape;
        let Some(class) = self.class else {
            return String::new();
        };
        let pick = match Pick::from_record(&class.pick) {
            Pick::Rev(rev) => format!("commit <code>{}</code> of each repository", esc(&rev)),
            Pick::Deadline(time) => {
                format!("each repository's last commit at or before {}", esc(&time))
            }
            Pick::Files => "the files of each folder as they are".to_string(),
        };
        let mut html = format!(
            "<p class=\"sub\" id=\"provenance\">Graded: {pick}; check data <code>{}</code>; \
             runner <code>{}</code>; started {} (UTC).</p>\n",
            esc(&class.checks),
            esc(&class.runner),
            esc(&class.graded_at.replace('T', " ").replace('Z', "")),
        );
        if !class.skipped.is_empty() {
            html.push_str("<p class=\"sub\">Not graded: ");
            let skipped: Vec<String> = class
                .skipped
                .iter()
                .map(|s| format!("<code>{}</code> ({})", esc(&s.folder), esc(&s.reason)))
                .collect();
            html.push_str(&skipped.join("; "));
            html.push_str(".</p>\n");
        }
        html
    }

    /// The page a teacher reads: the table first (total right after the
    /// name, so it stays in view), sortable by any column and filtered by
    /// name or status, then what went wrong in each attempted kata.
    pub fn html(&self) -> String {
        let esc = crate::render::junit::xml_escape;
        let mut html = String::from(HTML_HEAD);
        let flagged = self
            .grades
            .iter()
            .filter(|g| !g.protected_changes.is_empty())
            .count();
        html.push_str(&format!(
            "<h1>Grades</h1>\n<p class=\"sub\">{} students, {} katas, {} points in all. \
             Hover over a cell for what the runner said; click a column's heading to sort by it.</p>\n",
            self.grades.len(),
            self.katas.len(),
            self.max_score()
        ));
        html.push_str(&self.provenance());
        if flagged > 0 {
            html.push_str(&format!(
                "<p class=\"warn\">⚑ {flagged} student{} changed protected files (check data, \
                 runner, workflows or Cargo files) since the handout: see the ⚑ by their names.</p>\n",
                if flagged == 1 { "" } else { "s" }
            ));
        }
        html.push_str(LEGEND);
        html.push_str(&self.filters());
        html.push_str("<table id=\"grades\">\n<thead>\n");
        html.push_str(&self.header_rows());
        html.push_str("</thead>\n<tbody>\n");
        for grade in self.grades {
            html.push_str(&self.student_row(grade));
        }
        html.push_str("</tbody>\n<tfoot>\n");
        html.push_str(&self.footer_row());
        html.push_str("</tfoot>\n</table>\n");
        html.push_str("<h2>What went wrong</h2>\n<div id=\"wrong\">\n");
        for grade in self.grades {
            let tests: Vec<&crate::core::grading::KataResult> =
                grade.report.iter().flat_map(|r| &r.tests).collect();
            // Only katas the student attempted: one left as shipped is not
            // started, which the table shows, not a wrong answer.
            let failed: Vec<_> = tests
                .iter()
                .filter(|t| !matches!(t.status, Status::Pass | Status::Untouched))
                .collect();
            let untouched = tests
                .iter()
                .filter(|t| t.status == Status::Untouched)
                .count();
            let summary = match (&grade.problem, failed.len(), untouched) {
                (Some(problem), ..) if grade.report.is_some() => {
                    format!(
                        "stopped: {}; the katas judged before are kept",
                        esc(problem)
                    )
                }
                (Some(problem), ..) => format!("no grade: {}", esc(problem)),
                (None, 0, 0) => "every kata passed".to_string(),
                (None, 0, u) => format!("no wrong attempt; {u} not started"),
                (None, n, 0) => format!("{n} attempted {} not passed", katas(n)),
                (None, n, u) => format!("{n} attempted {} not passed; {u} not started", katas(n)),
            };
            html.push_str(&format!(
                "<details data-student=\"{}\"><summary><b>{}</b>{}: {summary}</summary>\n<ul>\n",
                esc(&grade.student.to_lowercase()),
                esc(&grade.student),
                grade
                    .commit
                    .as_deref()
                    .map(|c| format!(" <code>{}</code>", esc(short(c))))
                    .unwrap_or_default(),
            ));
            if !grade.protected_changes.is_empty() {
                html.push_str(&format!(
                    "<li><span class=\"flag\">⚑ protected files changed</span> {}</li>\n",
                    grade
                        .protected_changes
                        .iter()
                        .map(|f| format!("<code>{}</code>", esc(f)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            // Every kata not passed, and every passed one whose runs the box
            // or the runner stopped something of.
            let noted = tests.iter().filter(|t| {
                !matches!(t.status, Status::Pass | Status::Untouched)
                    || !t.sandbox_events.is_empty()
            });
            for t in noted {
                let events = if t.sandbox_events.is_empty() {
                    String::new()
                } else {
                    format!(
                        " <span class=\"event\">Also: {}.</span>",
                        esc(&t.sandbox_events.join("; "))
                    )
                };
                html.push_str(&format!(
                    "<li><span class=\"tag {}\">{}</span> <b>{}</b>: {}{events}</li>\n",
                    t.status.as_str(),
                    t.status.as_str().replace('_', " "),
                    esc(&t.name),
                    esc(&t.message)
                ));
            }
            html.push_str("</ul></details>\n");
        }
        html.push_str("</div>\n");
        html.push_str(SCRIPT);
        html.push_str("</body>\n</html>\n");
        html
    }

    /// A text box for the student's name and a select for a status.
    fn filters(&self) -> String {
        let mut html = String::from(
            "<p class=\"filters\"><label>Student <input id=\"who\" type=\"search\" \
             placeholder=\"part of a name\" autocomplete=\"off\"></label> \
             <label>Status <select id=\"status\">\
             <option value=\"\">any</option>",
        );
        for status in STATUSES {
            html.push_str(&format!(
                "<option value=\"{}\">a kata {}</option>",
                status.as_str(),
                describe(*status)
            ));
        }
        html.push_str(
            "<option value=\"@problem\">no grade</option>\
             <option value=\"@protected\">⚑ changed protected files</option>\
             </select></label> <span id=\"shown\"></span></p>\n",
        );
        html
    }

    /// Chapters over their katas, then the kata names (written upwards).
    /// Every heading of the second row sorts the table.
    fn header_rows(&self) -> String {
        let esc = crate::render::junit::xml_escape;
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
        row.push_str(
            "</tr>\n<tr><th class=\"name sort\" data-sort=\"student\" title=\"sort by name\">student</th>\
             <th class=\"total sort\" data-sort=\"score\" title=\"sort by score\">total</th>",
        );
        for (i, (name, _, points)) in self.katas.iter().enumerate() {
            row.push_str(&format!(
                "<th class=\"kata sort\" data-sort=\"{i}\" title=\"{} ({points} point{}); sort by it\"><span>{}</span></th>",
                esc(name),
                if *points == 1 { "" } else { "s" },
                esc(name)
            ));
        }
        row.push_str("</tr>\n");
        row
    }

    fn student_row(&self, grade: &StudentGrade) -> String {
        let esc = crate::render::junit::xml_escape;
        let max = self.max_score();
        let percent = (grade.score() * 100).checked_div(max).unwrap_or(0);
        // What the script sorts and filters by: the name, the score, each
        // kata's status in column order.
        let statuses: Vec<&str> = self
            .katas
            .iter()
            .map(|(name, ..)| match (&grade.report, self.cell(grade, name)) {
                (None, _) => "@problem",
                (Some(_), Some(t)) => t.status.as_str(),
                (Some(_), None) => "@absent",
            })
            .collect();
        let mut flags = String::new();
        if grade.problem.is_some() {
            flags.push_str(" @problem");
        }
        if !grade.protected_changes.is_empty() {
            flags.push_str(" @protected");
        }
        let mut row = format!(
            "<tr data-student=\"{}\" data-score=\"{}\" data-statuses=\"{}\" data-flags=\"{}\">\
             <th class=\"name\">{}",
            esc(&grade.student.to_lowercase()),
            grade.score(),
            statuses.join(" "),
            flags.trim(),
            esc(&grade.student),
        );
        if let Some(commit) = &grade.commit {
            row.push_str(&format!(
                " <code class=\"commit\" title=\"graded commit {}{}\">{}</code>",
                esc(commit),
                grade
                    .commit_date
                    .as_deref()
                    .map(|d| format!(" of {}", esc(d)))
                    .unwrap_or_default(),
                esc(short(commit))
            ));
        }
        if let Some(later) = grade.later_commits.filter(|&n| n > 0) {
            row.push_str(&format!(
                " <span class=\"note\" title=\"{later} later commit{} not graded\">+{later}</span>",
                if later == 1 { "" } else { "s" }
            ));
        }
        if let Some(files) = grade.uncommitted.filter(|&n| n > 0) {
            row.push_str(&format!(
                " <span class=\"note\" title=\"{files} file{} differ from the last commit\">✎</span>",
                if files == 1 { "" } else { "s" }
            ));
        }
        if !grade.protected_changes.is_empty() {
            row.push_str(&format!(
                " <span class=\"flag\" title=\"protected files changed since the handout: {}\">⚑</span>",
                esc(&grade.protected_changes.join(", "))
            ));
        }
        row.push_str(&format!(
            "</th><td class=\"total\"><b>{}</b>/{max}\
             <div class=\"bar\"><div style=\"width:{percent}%\"></div></div></td>",
            grade.score()
        ));
        if let (Some(problem), None) = (&grade.problem, &grade.report) {
            row.push_str(&format!(
                "<td class=\"problem\" colspan=\"{}\">no grade: {}</td>",
                self.katas.len().max(1),
                esc(problem)
            ));
        } else {
            for (name, ..) in &self.katas {
                row.push_str(&match self.cell(grade, name) {
                    Some(t) if !t.sandbox_events.is_empty() => format!(
                        "<td class=\"{}\" title=\"{}: {}&#10;and: {}\">{}<sup class=\"event\">!</sup></td>",
                        t.status.as_str(),
                        esc(name),
                        esc(&t.message),
                        esc(&t.sandbox_events.join("; ")),
                        symbol(t.status)
                    ),
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

    /// How many students passed each kata, and the average total: both of
    /// the students with a grade (one without is not counted as 0).
    fn footer_row(&self) -> String {
        let graded = self.grades.iter().filter(|g| g.report.is_some()).count();
        let total: u32 = self.grades.iter().map(StudentGrade::score).sum();
        let average = if graded == 0 {
            0.0
        } else {
            f64::from(total) / graded as f64
        };
        let mut row = format!(
            "<tr><th class=\"name\">passed by</th><td class=\"total\" \
             title=\"the average of the {graded} students with a grade\">avg {average:.1}</td>"
        );
        for (name, ..) in &self.katas {
            let passed = self
                .grades
                .iter()
                .filter(|g| self.cell(g, name).is_some_and(|t| t.status == Status::Pass))
                .count();
            row.push_str(&format!(
                "<td title=\"{}\">{passed}/{graded}</td>",
                crate::render::junit::xml_escape(name)
            ));
        }
        row.push_str("</tr>\n");
        row
    }
}

fn katas(n: usize) -> &'static str {
    if n == 1 { "kata" } else { "katas" }
}

/// The first 12 characters of a commit id.
fn short(commit: &str) -> &str {
    commit.get(..12).unwrap_or(commit)
}

/// Every status, in the order the filter offers them (and a sort ranks them).
const STATUSES: &[Status] = &[
    Status::Pass,
    Status::Fail,
    Status::Deadlock,
    Status::Timeout,
    Status::CompileError,
    Status::Limit,
    Status::Refused,
    Status::Error,
    Status::Untouched,
];

fn describe(status: Status) -> &'static str {
    match status {
        Status::Pass => "passed",
        Status::Fail => "with wrong output",
        Status::CompileError => "that does not compile",
        Status::Timeout => "that timed out",
        Status::Deadlock => "that deadlocks",
        Status::Error => "that could not be judged",
        Status::Limit => "stopped by a limit",
        Status::Refused => "refused by its box",
        Status::Untouched => "not started",
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
        Status::Untouched => "·",
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
td.deadlock { background: #fbefff; color: #8250df; font-size: 10px; }
td.limit, td.refused { background: #fff1e5; color: #bc4c00; font-size: 9px; }
td.untouched { background: #fff; color: #8c959f; font-weight: 400; }
th.name { position: sticky; left: 0; z-index: 1; }
th.sort { cursor: pointer; user-select: none; }
th.sort:hover { background: #eaeef2; }
th.sorted-asc::after { content: " ▲"; font-size: 9px; }
th.sorted-desc::after { content: " ▼"; font-size: 9px; }
code.commit { font-size: 11px; color: #59636e; font-weight: 400; }
.note { font-size: 11px; color: #9a6700; font-weight: 400; }
sup.event, span.event { color: #bc4c00; }
.flag { color: #cf222e; font-weight: 700; }
.warn { background: #ffebe9; border: 1px solid #ff8182; padding: 6px 10px; border-radius: 4px; display: inline-block; }
.filters { margin: 0 0 12px; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
#shown { color: #59636e; }
tr.hidden, details.hidden { display: none; }
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
.tag.deadlock { background: #fbefff; color: #8250df; }
.tag.limit, .tag.refused { background: #fff1e5; color: #bc4c00; }
.tag.untouched { background: #fff; color: #59636e; border: 1px solid #d1d9e0; }
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
<span class=\"tag deadlock\">DL deadlocks</span>\
<span class=\"tag limit\">LIM stopped by a limit</span>\
<span class=\"tag refused\">BOX refused by its box</span>\
<span class=\"tag error\">! could not be judged</span>\
<span class=\"tag untouched\">· not started (as shipped)</span></p>\n";

/// Sorting and filtering, inline (the page works from `file://`, offline).
/// A row carries what they need: `data-student` (lower case), `data-score`,
/// `data-statuses` (each kata's status, in column order) and `data-flags`.
const SCRIPT: &str = r##"<script>
(function () {
  var table = document.getElementById("grades");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var rank = {};
  ["pass", "fail", "deadlock", "timeout", "compile_error", "limit", "refused", "error",
   "untouched", "@absent", "@problem"].forEach(function (s, i) { rank[s] = i; });
  var key = {
    student: function (r) { return r.dataset.student; },
    score: function (r) { return -Number(r.dataset.score); }
  };
  function statusAt(r, i) {
    var s = r.dataset.statuses.split(" ")[i];
    return s in rank ? rank[s] : 99;
  }
  var current = null, direction = 1;
  Array.prototype.forEach.call(table.querySelectorAll("th[data-sort]"), function (th) {
    th.addEventListener("click", function () {
      var by = th.dataset.sort;
      direction = current === th ? -direction : 1;
      current = th;
      var get = key[by] || function (r) { return statusAt(r, Number(by)); };
      rows.sort(function (a, b) {
        var x = get(a), y = get(b);
        var c = x < y ? -1 : x > y ? 1 : 0;
        if (c === 0) { c = a.dataset.student < b.dataset.student ? -1 : 1; return c; }
        return c * direction;
      });
      rows.forEach(function (r) { body.appendChild(r); });
      Array.prototype.forEach.call(table.querySelectorAll("th[data-sort]"), function (h) {
        h.classList.remove("sorted-asc", "sorted-desc");
        h.removeAttribute("aria-sort");
      });
      th.classList.add(direction === 1 ? "sorted-asc" : "sorted-desc");
      th.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
    });
  });
  var who = document.getElementById("who");
  var status = document.getElementById("status");
  var shown = document.getElementById("shown");
  function filter() {
    var text = who.value.trim().toLowerCase(), want = status.value, n = 0, seen = {};
    rows.forEach(function (r) {
      var ok = r.dataset.student.indexOf(text) !== -1 &&
        (want === "" || r.dataset.statuses.split(" ").indexOf(want) !== -1 ||
         r.dataset.flags.split(" ").indexOf(want) !== -1);
      r.classList.toggle("hidden", !ok);
      if (ok) { n += 1; seen[r.dataset.student] = true; }
    });
    Array.prototype.forEach.call(document.querySelectorAll("#wrong details"), function (d) {
      d.classList.toggle("hidden", !seen[d.dataset.student]);
    });
    shown.textContent = "showing " + n + " of " + rows.length + " students";
  }
  who.addEventListener("input", filter);
  status.addEventListener("change", filter);
  filter();
})();
</script>
"##;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::grading::{KataResult, Report};

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
                warnings: Vec::new(),
                sandbox_events: Vec::new(),
            })
            .collect();
        StudentGrade {
            student: student.into(),
            report: Some(Report {
                version: 1,
                status: Status::Fail,
                score: tests.iter().map(|t| t.score).sum(),
                max_score: tests.iter().map(|t| t.max_score).sum(),
                tests,
            }),
            ..StudentGrade::default()
        }
    }

    #[test]
    fn csv_has_one_row_per_student_with_points_and_totals() {
        let grades = vec![
            grade("ada", &[("a", Status::Pass), ("b", Status::Fail)]),
            grade("bob, jr", &[("a", Status::Timeout), ("b", Status::Pass)]),
            StudentGrade {
                student: "cy".into(),
                commit: Some("0123456789abcdef".into()),
                commit_date: Some("2026-12-01T23:58:00+01:00".into()),
                later_commits: Some(2),
                uncommitted: Some(0),
                protected_changes: vec!["checks/katas.toml".into(), "Cargo.toml".into()],
                problem: Some("said \"no\"".into()),
                report: None,
            },
        ];
        let csv = Table::new(&grades).csv();
        assert_eq!(
            csv,
            "student,a,a status,b,b status,score,max_score,problem,commit,commit_date,later_commits,uncommitted,protected_changes\n\
             ada,2,pass,0,fail,2,4,,,,,,\n\
             \"bob, jr\",0,timeout,2,pass,2,4,,,,,,\n\
             cy,,,,,0,4,\"said \"\"no\"\"\",0123456789abcdef,2026-12-01T23:58:00+01:00,2,0,checks/katas.toml Cargo.toml\n"
        );
    }

    /// The average and "passed by" are of the same students: those with a
    /// grade (one without is not counted as a 0).
    #[test]
    fn the_average_counts_the_students_passed_by_counts() {
        let grades = vec![
            grade("ada", &[("a", Status::Pass), ("b", Status::Pass)]),
            grade("bob", &[("a", Status::Pass), ("b", Status::Fail)]),
            StudentGrade {
                student: "cy".into(),
                problem: Some("grading took longer than 900 s".into()),
                ..StudentGrade::default()
            },
        ];
        let html = Table::new(&grades).html();
        assert!(html.contains("avg 3.0</td>"), "{html}");
        assert!(html.contains(">2/2</td>"), "{html}");
        assert!(html.contains(">1/2</td>"), "{html}");
    }

    /// The page says what graded the class and which folders it skipped.
    #[test]
    fn the_page_says_what_was_graded_and_what_was_skipped() {
        let class = ClassGrades {
            runner: "xtask 0.1.0 (00ff)".into(),
            checks: "c0ffee".into(),
            pick: "deadline:2026-12-01 23:59 +0100".into(),
            graded_at: "2026-12-07T19:05:16Z".into(),
            skipped: vec![crate::core::grading::Skipped {
                folder: "notes".into(),
                reason: "not a copy of the workbook".into(),
            }],
            shard: None,
            class_size: 1,
            students: vec![StudentGrade {
                later_commits: Some(3),
                commit: Some("0123456789abcdef".into()),
                commit_date: Some("2026-12-01T23:58:00+01:00".into()),
                ..grade("ada", &[("a", Status::Pass)])
            }],
        };
        let html = Table::of_class(&class).html();
        assert!(
            html.contains(
                "Graded: each repository's last commit at or before 2026-12-01 23:59 +0100; \
                 check data <code>c0ffee</code>; runner <code>xtask 0.1.0 (00ff)</code>; \
                 started 2026-12-07 19:05:16 (UTC)."
            ),
            "{html}"
        );
        assert!(
            html.contains("Not graded: <code>notes</code> (not a copy of the workbook)."),
            "{html}"
        );
        assert!(
            html.contains("title=\"3 later commits not graded\">+3</span>"),
            "{html}"
        );
        assert!(html.contains("graded commit 0123456789abcdef of 2026-12-01T23:58:00+01:00"));
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

    /// The table of a page, parsed as XML: every element of it is closed.
    fn table_of(html: &str) -> roxmltree::Document<'_> {
        let start = html.find("<table").expect("a table");
        let end = html.find("</table>").expect("a table's end") + "</table>".len();
        roxmltree::Document::parse(&html[start..end]).unwrap_or_else(|e| panic!("{e}:\n{html}"))
    }

    fn class_of(n: usize) -> Vec<StudentGrade> {
        let all = [
            Status::Pass,
            Status::Fail,
            Status::Untouched,
            Status::Deadlock,
            Status::CompileError,
        ];
        (0..n)
            .map(|i| {
                let katas: Vec<(String, Status)> = (0..6)
                    .map(|k| (format!("kata{k}"), all[(i * 7 + k * 3) % all.len()]))
                    .collect();
                let refs: Vec<(&str, Status)> =
                    katas.iter().map(|(n, s)| (n.as_str(), *s)).collect();
                let mut g = grade(&format!("Student {i:03}"), &refs);
                g.commit = Some(format!("{i:040x}"));
                g
            })
            .collect()
    }

    #[test]
    fn every_row_has_a_cell_per_column_and_what_the_script_reads() {
        let mut grades = class_of(120);
        grades[5].protected_changes = vec!["checks/snapshots/kata0.snap".into()];
        grades.push(StudentGrade {
            student: "Zed".into(),
            problem: Some("grading took longer than 900 s".into()),
            ..StudentGrade::default()
        });
        let html = Table::new(&grades).html();
        let doc = table_of(&html);
        let table = doc.root_element();
        assert_eq!(table.attribute("id"), Some("grades"));
        let section = |name: &str| {
            table
                .children()
                .find(|n| n.has_tag_name(name))
                .unwrap_or_else(|| panic!("no <{name}>"))
        };
        let head_rows: Vec<_> = section("thead")
            .children()
            .filter(|n| n.has_tag_name("tr"))
            .collect();
        let headings: Vec<_> = head_rows[1].children().filter(|n| n.is_element()).collect();
        assert_eq!(headings.len(), 2 + 6, "student, total, six katas");
        let sorts: Vec<&str> = headings
            .iter()
            .map(|h| h.attribute("data-sort").expect("every heading sorts"))
            .collect();
        assert_eq!(sorts, ["student", "score", "0", "1", "2", "3", "4", "5"]);
        let width = |row: roxmltree::Node| -> usize {
            row.children()
                .filter(|n| n.is_element())
                .map(|c| c.attribute("colspan").map_or(1, |s| s.parse().unwrap()))
                .sum()
        };
        assert_eq!(width(head_rows[0]), headings.len());
        let rows: Vec<_> = section("tbody")
            .children()
            .filter(|n| n.has_tag_name("tr"))
            .collect();
        assert_eq!(rows.len(), 121);
        for row in &rows {
            assert_eq!(width(*row), headings.len(), "{row:?}");
            let statuses = row.attribute("data-statuses").unwrap();
            assert_eq!(statuses.split(' ').count(), 6, "{statuses}");
            assert!(row.attribute("data-score").unwrap().parse::<u32>().is_ok());
            assert!(row.attribute("data-student").is_some());
            assert!(row.attribute("data-flags").is_some());
        }
        assert_eq!(rows[5].attribute("data-flags"), Some("@protected"));
        assert_eq!(rows[120].attribute("data-flags"), Some("@problem"));
        assert_eq!(width(section("tfoot").first_element_child().unwrap()), 8);
        // The filters, and a script that names them; nothing from the network.
        assert!(html.contains("<input id=\"who\" type=\"search\""), "{html}");
        for status in STATUSES {
            assert!(
                html.contains(&format!("<option value=\"{}\">", status.as_str())),
                "{status}"
            );
            assert!(
                SCRIPT.contains(&format!("\"{}\"", status.as_str())),
                "{status}"
            );
        }
        assert!(html.contains("<select id=\"status\">"));
        assert!(html.contains("getElementById(\"who\")"));
        assert_eq!(html.matches("<script>").count(), 1);
        assert!(!html.contains("src="), "no external script or image");
        assert!(!html.contains("http"), "no address at all");
        assert!(html.contains("1 student changed protected files"), "{html}");
        assert!(html.contains(
            "title=\"graded commit 0000000000000000000000000000000000000005\">000000000000</code>"
        ));
    }

    /// A student's feedback holds their katas and nothing of a classmate's.
    #[test]
    fn feedback_is_one_students_own() {
        let class = ClassGrades {
            runner: "xtask 0.1.0 (00ff)".into(),
            checks: "c0ffee".into(),
            pick: "deadline:2026-12-01 23:59 +0100".into(),
            graded_at: "2026-12-07T19:05:16Z".into(),
            skipped: Vec::new(),
            shard: None,
            class_size: 2,
            students: vec![
                StudentGrade {
                    commit: Some("0123456789abcdef".into()),
                    commit_date: Some("2026-12-01T23:58:00+01:00".into()),
                    later_commits: Some(1),
                    ..grade("ada", &[("a", Status::Pass), ("b", Status::Fail)])
                },
                grade("bob", &[("a", Status::Timeout), ("b", Status::Pass)]),
            ],
        };
        let text = feedback(&class.students[0], &class);
        assert_eq!(
            text,
            "Grades of ada\n\
             Graded commit: 0123456789abcdef (2026-12-01T23:58:00+01:00)\n\
             Deadline: 2026-12-01 23:59 +0100\n\
             Not graded: 1 later commit\n\
             Total: 2/4 (1 of 2 katas passed)\n\n\
             a (2/2): pass: a <said> \"this\"\n\
             b (0/2): fail: b <said> \"this\"\n"
        );
        assert!(!text.contains("bob"));
    }

    /// A passed kata whose runs met the box says so, in its cell and below.
    #[test]
    fn a_passed_kata_with_sandbox_events_says_so() {
        let mut grades = vec![grade("ada", &[("a", Status::Pass), ("b", Status::Pass)])];
        let tests = &mut grades[0].report.as_mut().unwrap().tests;
        tests[0].sandbox_events = vec!["it left a process running after it ended".into()];
        let html = Table::new(&grades).html();
        assert!(
            html.contains(
                "<td class=\"pass\" title=\"a: a &lt;said&gt; &quot;this&quot;&#10;and: it left a process \
                 running after it ended\">✓<sup class=\"event\">!</sup></td>"
            ),
            "{html}"
        );
        let wrong = &html[html.find("<h2>What went wrong</h2>").unwrap()..];
        assert!(
            wrong.contains("<b>a</b>: a &lt;said&gt; &quot;this&quot; <span class=\"event\">Also: it left a process running after it ended.</span>"),
            "{wrong}"
        );
        assert_eq!(wrong.matches("<li>").count(), 1, "{wrong}");
    }

    #[test]
    fn what_went_wrong_lists_only_attempted_katas() {
        let grades = vec![
            grade("ada", &[("a", Status::Untouched), ("b", Status::Untouched)]),
            grade("bob", &[("a", Status::Fail), ("b", Status::Untouched)]),
        ];
        let html = Table::new(&grades).html();
        let wrong = &html[html.find("<h2>What went wrong</h2>").unwrap()..];
        assert!(
            wrong.contains("<b>ada</b>: no wrong attempt; 2 not started"),
            "{wrong}"
        );
        assert!(
            wrong.contains("<b>bob</b>: 1 attempted kata not passed; 1 not started"),
            "{wrong}"
        );
        assert_eq!(wrong.matches("<li>").count(), 1, "{wrong}");
        assert!(wrong.contains("<b>a</b>"), "{wrong}");
        assert!(html.contains("<td class=\"untouched\""), "{html}");
    }
}
