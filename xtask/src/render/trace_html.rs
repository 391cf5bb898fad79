//! One schedule as a self-contained web page: the terminal view's picture as
//! inline SVG (a lane per thread, time going down, each channel's fill at the
//! right, the breaking event marked), with each event's source line in its
//! tooltip and, on a click, in the panel under the picture. No network, no
//! files beside it: it works from `file://`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use explore_protocol::What;

use crate::core::judge::explore_stage::Problem;
use crate::core::judge::trace::{Traced, released_by, tasks, wait_starts};
use crate::render::broke;
use crate::render::trace::{channel_letter, describe, fill_text, thread_short, waiting_for};

const LANE: usize = 230;
const ROW: usize = 24;
const LEFT: usize = 60;
const TOP: usize = 50;
const FILL: usize = 150;
/// A character of the picture's 12-pixel monospace font, in tenths of a pixel.
const CHAR_WIDTH_TENTHS: usize = 74;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Where things go in the picture: a lane per thread, each as wide as its
/// widest text, so no lane's text runs into the next one or into the fill
/// column, whatever the names and waits say.
struct Layout {
    tasks: Vec<usize>,
    /// Each lane's left edge, in `tasks` order, and the fill column's after them.
    lane_x: Vec<usize>,
    fill_x: usize,
    width: usize,
    rows: usize,
}

/// Pixels a text of `chars` characters takes at the picture's monospace size.
fn text_width(chars: usize) -> usize {
    chars * CHAR_WIDTH_TENTHS / 10
}

impl Layout {
    fn new(traced: &Traced, rows: usize) -> Self {
        let trace = &traced.trace;
        let tasks = tasks(trace);
        let starts = wait_starts(trace);
        let mut widest = vec![0usize; tasks.len()];
        let mut fill_widest = "fill".len();
        for (i, e) in trace.events.iter().enumerate() {
            let lane = tasks.iter().position(|&t| t == e.task).unwrap_or(0);
            // The event's text with the marks it may get, and its wait's label.
            let mut chars = describe(&e.what).chars().count() + "↳ ✗ ".len();
            if starts.contains_key(&i) {
                chars = chars.max(wait_label(e).chars().count());
            }
            widest[lane] = widest[lane].max(chars);
            if let Some(fill) = fill_of(traced, &e.what) {
                fill_widest = fill_widest.max(fill.chars().count());
            }
        }
        for (lane, &t) in tasks.iter().enumerate() {
            widest[lane] = widest[lane].max(lane_name(traced, t).chars().count());
        }
        let mut lane_x = Vec::with_capacity(tasks.len());
        let mut x = LEFT;
        for chars in &widest {
            lane_x.push(x);
            x += LANE.max(text_width(*chars) + 40);
        }
        let fill_x = x;
        let width = fill_x + FILL.max(text_width(fill_widest) + 20);
        Self {
            tasks,
            lane_x,
            fill_x,
            width,
            rows,
        }
    }

    fn x(&self, task: usize) -> usize {
        let lane = self.tasks.iter().position(|&t| t == task).unwrap_or(0);
        self.lane_x[lane]
    }

    fn lane_width(&self, lane: usize) -> usize {
        self.lane_x.get(lane + 1).copied().unwrap_or(self.fill_x) - self.lane_x[lane]
    }

    fn height(&self) -> usize {
        TOP + self.rows * ROW + 20
    }
}

/// A lane's heading: the thread, its name and where it was spawned.
fn lane_name(traced: &Traced, t: usize) -> String {
    match traced.trace.threads.iter().find(|th| th.task == t) {
        Some(th) if t != 0 => format!(
            "{} {} (spawned line {})",
            thread_short(t),
            th.name,
            th.spawned_at.map_or("-".into(), |l| l.to_string())
        ),
        _ => "main".to_string(),
    }
}

/// What a waiting lane says from where the wait began.
fn wait_label(e: &explore_protocol::Event) -> String {
    format!(
        "┄ waits: {}{}",
        waiting_for(&e.what),
        e.at.map_or(String::new(), |l| format!(" (line {l})"))
    )
}

/// The fill column's text after an event, if it changes a channel.
fn fill_of(traced: &Traced, what: &What) -> Option<String> {
    match what {
        What::Channel { channel, fill, .. } => {
            let cap = traced.trace.channels.get(*channel).and_then(|c| c.capacity);
            Some(format!(
                "{} {}",
                channel_letter(*channel),
                fill_text(cap, *fill)
            ))
        }
        What::SenderDropped {
            channel,
            senders_left: 0,
        } => Some(format!("{} closed", channel_letter(*channel))),
        _ => None,
    }
}

/// An event's source line, for its tooltip.
fn source_line(traced: &Traced, at: Option<u32>) -> String {
    match at {
        Some(l) => format!(
            "line {l}: {}",
            traced.lines.get(l as usize - 1).map_or("", |s| s.trim())
        ),
        None => "a line outside the file".to_string(),
    }
}

/// The page.
pub fn page(traced: &Traced) -> String {
    let trace = &traced.trace;
    let end_marks: Vec<String> = traced
        .marks
        .iter()
        .filter(|m| m.event >= trace.events.len())
        .map(|m| broke::broke(&m.broke))
        .collect();
    let layout = Layout::new(
        traced,
        trace.events.len() + usize::from(!end_marks.is_empty()),
    );
    let svg = picture(traced, &layout, &end_marks);
    document(traced, &svg)
}

/// The picture: lanes, events, waits, fills and the marks.
fn picture(traced: &Traced, layout: &Layout, end_marks: &[String]) -> String {
    let trace = &traced.trace;
    let (width, height, rows) = (layout.width, layout.height(), layout.rows);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="monospace" font-size="12">"#
    );
    for (lane, &t) in layout.tasks.iter().enumerate() {
        let x = layout.lane_x[lane];
        let _ = write!(
            svg,
            r##"<g class="lane" data-task="{t}"><rect x="{x}" y="{}" width="{}" height="{}" fill="#f4f6fa" rx="4"/><text x="{}" y="{}" font-weight="bold">{}</text><line x1="{}" y1="{TOP}" x2="{}" y2="{}" stroke="#c5cbd6"/></g>"##,
            TOP - 30,
            layout.lane_width(lane) - 10,
            rows * ROW + 40,
            x + 6,
            TOP - 12,
            escape(&lane_name(traced, t)),
            x + 12,
            x + 12,
            TOP + rows * ROW
        );
    }
    let fill_x = layout.fill_x;
    let _ = write!(
        svg,
        r#"<text x="{fill_x}" y="{}" font-weight="bold">fill</text>"#,
        TOP - 12
    );
    let starts = wait_starts(trace);
    for i in 0..trace.events.len() {
        event(&mut svg, traced, layout, &starts, i);
    }
    if !end_marks.is_empty() {
        let y = TOP + trace.events.len() * ROW + 16;
        let tip = end_marks.join("\n");
        let _ = write!(
            svg,
            r##"<g class="event broken" data-detail="{}" tabindex="0"><title>{}</title><text x="{}" y="{y}" fill="#c62828">✗ {}</text></g>"##,
            escape(&tip),
            escape(&tip),
            LEFT + 12,
            escape(&end_marks[0].chars().take(90).collect::<String>())
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One event's row: its dot and text in its lane, its line at the left, the
/// wait that ended with it, and the channel's fill.
fn event(
    svg: &mut String,
    traced: &Traced,
    layout: &Layout,
    starts: &BTreeMap<usize, usize>,
    i: usize,
) {
    let trace = &traced.trace;
    let e = &trace.events[i];
    let fill_x = layout.fill_x;
    let y = TOP + i * ROW + 16;
    let x = layout.x(e.task);
    let marks: Vec<String> = traced
        .marks
        .iter()
        .filter(|m| m.event == i)
        .map(|m| broke::broke(&m.broke))
        .collect();
    let mut class = String::from("event");
    let mut text = describe(&e.what);
    let mut tip = source_line(traced, e.at);
    let blocked = starts.contains_key(&i);
    if let Some(&start) = starts.get(&i) {
        class.push_str(" released");
        let label = wait_label(e);
        let _ = write!(
            svg,
            r##"<line class="waiting" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#d9a400" stroke-width="3" stroke-dasharray="4 3"/><text class="waits" x="{}" y="{}" fill="#9a6b00">{}</text>"##,
            x + 12,
            TOP + start * ROW + 6,
            x + 12,
            y - 10,
            x + 20,
            TOP + start * ROW + 16,
            escape(&label)
        );
        if let Some(r) = released_by(trace, i) {
            let by = &trace.events[r];
            text = format!("↳ {text}");
            tip = format!(
                "{tip}\nwaited; let go by {}'s {} (line {})",
                thread_short(by.task),
                describe(&by.what),
                by.at.map_or("-".into(), |l| l.to_string())
            );
        }
    }
    if matches!(e.what, What::Print { .. }) {
        class.push_str(" print");
    }
    if !marks.is_empty() {
        class.push_str(" broken");
        text = format!("✗ {text}");
        tip = format!("{tip}\n✗ {}", marks.join("\n✗ "));
    }
    let colour = if !marks.is_empty() {
        "#c62828"
    } else if blocked {
        "#9a6b00"
    } else if class.contains("print") {
        "#2e7d32"
    } else {
        "#1a2233"
    };
    let _ = write!(
        svg,
        r##"<g class="{class}" data-task="{}" data-line="{}" data-detail="{}" tabindex="0"><title>{}</title><circle cx="{}" cy="{}" r="4" fill="{colour}"/><text x="{}" y="{y}" fill="{colour}">{}</text><text x="6" y="{y}" fill="#8a93a3">{}</text></g>"##,
        e.task,
        e.at.map_or(String::new(), |l| l.to_string()),
        escape(&tip),
        escape(&tip),
        x + 12,
        y - 4,
        x + 20,
        escape(&text),
        e.at.map_or(String::new(), |l| format!("L{l}")),
    );
    if let Some(fill) = fill_of(traced, &e.what) {
        let _ = write!(
            svg,
            r##"<text class="fill" x="{fill_x}" y="{y}" fill="#1565c0">{}</text>"##,
            escape(&fill)
        );
    }
}

/// The page around the picture: heading, legend, facts, the detail panel.
fn document(traced: &Traced, svg: &str) -> String {
    let trace = &traced.trace;
    let verdict = match &traced.finding {
        None => "passes the check".to_string(),
        Some(f) => match f.problem {
            Problem::Deadlock { .. } => "deadlocks".to_string(),
            Problem::Endless => "never ends".to_string(),
            _ => "breaks the check".to_string(),
        },
    };
    let mut legend = String::new();
    for (i, c) in trace.channels.iter().enumerate() {
        let kind = match c.capacity {
            None => "channel()".to_string(),
            Some(k) => format!("sync_channel({k})"),
        };
        let _ = write!(
            legend,
            "<li><b>{}</b> = {kind}, line {}</li>",
            channel_letter(i),
            c.made_at.map_or("-".into(), |l| l.to_string())
        );
    }
    for (i, l) in trace.locks.iter().enumerate() {
        let _ = write!(
            legend,
            "<li><b>M{}</b> = Mutex, line {}</li>",
            i + 1,
            l.made_at.map_or("-".into(), |l| l.to_string())
        );
    }
    let facts: String = traced
        .marks
        .iter()
        .map(|m| format!("<li>{}</li>", escape(&broke::broke(&m.broke))))
        .collect();
    let params: Vec<String> = traced
        .params
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    format!(
        r##"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{kata} · {which}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1.5em; color: #1a2233; }}
h1 {{ font-size: 1.3em; }} .bad {{ color: #c62828; }} .good {{ color: #2e7d32; }}
.event {{ cursor: pointer; }} .event:hover text, .event:focus text {{ font-weight: bold; }}
#detail {{ white-space: pre-wrap; font-family: monospace; background: #f4f6fa; padding: .6em; border-radius: 4px; min-height: 2.5em; }}
ul {{ margin: .3em 0; }}
.picture {{ overflow-x: auto; }}
</style></head>
<body>
<h1>{kata} · {which} · <span class="{cls}">{verdict}</span></h1>
<p>{source}{params} · replay: <code>{replay}</code></p>
<ul>{legend}</ul>
<ul class="bad">{facts}</ul>
<p>Hover an event for its source line; click it to keep it below. A dashed line is a thread waiting; ↳ is where it went on.</p>
<div id="detail">(click an event)</div>
<div class="picture">{svg}</div>
<script>
document.querySelectorAll('.event').forEach(function (g) {{
  var show = function () {{ document.getElementById('detail').textContent = g.getAttribute('data-detail'); }};
  g.addEventListener('click', show);
  g.addEventListener('keydown', function (e) {{ if (e.key === 'Enter') show(); }});
}});
</script>
</body></html>
"##,
        kata = escape(&traced.kata),
        which = match &traced.stepped {
            Some(_) if traced.scheduler == crate::core::explore::Scheduler::Bounded => {
                "a schedule with the fewest preemptions".to_string()
            }
            Some(_) => "your own schedule".to_string(),
            None => format!("seed {}", traced.seed),
        },
        replay = escape(&match &traced.stepped {
            Some(command) => command.clone(),
            None => format!(
                "cargo xtask trace {} --seed {}{}{}",
                traced.kata,
                traced.seed,
                if traced.scheduler == crate::core::explore::Scheduler::Pct {
                    " --pct"
                } else {
                    ""
                },
                params
                    .iter()
                    .map(|p| format!(" --param {p}"))
                    .collect::<String>()
            ),
        }),
        cls = if traced.finding.is_none() {
            "good"
        } else {
            "bad"
        },
        source = escape(&traced.source.display().to_string()),
        params = if params.is_empty() {
            String::new()
        } else {
            format!(" · {}", escape(&params.join(" ")))
        },
    )
}
