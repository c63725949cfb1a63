//! `--format html`: a self-contained report (inline CSS, inline SVG charts,
//! no scripts, nothing fetched): overview, calendar findings, principle mix,
//! posts per week per platform, findings per rule and the findings per post.
//! Every text from the input is escaped.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use postlint_engine::{RuleSet, Severity};

use super::calendar_view::{self, percent};
use postlint::{Linted, Outcome};

use super::reporter::Reporter;
use super::terminal::count;

pub struct Html;

/// Posts listed in full; the rest are counted.
const MAX_POSTS_LISTED: usize = 2000;

const PALETTE: [&str; 8] = [
    "#4c6ef5", "#f08c00", "#2f9e44", "#e03131", "#7048e8", "#1098ad", "#d6336c", "#5c940d",
];

/// Escape text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
:root { --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --bg: #ffffff; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); margin: 0; }
main { max-width: 1080px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 20px 0 8px; }
article.post h3 { margin: 0 0 6px; }
p.lead { color: var(--muted); margin: 0 0 20px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { flex: 1 1 150px; background: var(--soft); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.card b { display: block; font-size: 24px; }
.card span { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font: 12px system-ui, sans-serif; fill: var(--fg); }
svg text.muted { fill: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: 14px; font-size: 13px; margin: 6px 0 0; padding: 0; list-style: none; }
.legend i { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
.badge { display: inline-block; font-size: 12px; font-weight: 600; border-radius: 10px; padding: 0 8px; margin-right: 6px; color: #fff; }
.sev-error { background: #cf222e; }
.sev-warning { background: #bf8700; }
.sev-suggestion { background: #0969da; }
ul.findings { list-style: none; margin: 0; padding: 0; }
ul.findings li { padding: 6px 0; border-top: 1px dashed var(--line); }
ul.findings li:first-child { border-top: 0; }
.help { color: var(--muted); font-size: 13px; margin-left: 2px; }
.records { color: var(--muted); font-size: 13px; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; background: var(--soft); padding: 1px 4px; border-radius: 4px; }
article.post { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 0 0 12px; }
.meta { color: var(--muted); font-weight: 400; font-size: 13px; margin-left: 6px; }
blockquote { white-space: pre-wrap; overflow-wrap: anywhere; margin: 6px 0 10px; padding: 8px 12px; background: var(--soft); border-left: 3px solid var(--line); border-radius: 4px; }
mark { background: #fff3bf; border-bottom: 2px solid #f59f00; padding: 0 1px; }
.errors li { color: #cf222e; }
.note { color: var(--muted); font-size: 13px; }
"#;

/// A horizontal bar chart: one labelled bar per item, its value at the end.
fn hbar_chart(title: &str, items: &[(String, usize, &str)], total: Option<usize>) -> String {
    let (label_w, bar_w, row_h) = (260.0, 560.0, 26.0);
    let height = (items.len().max(1) as f64) * row_h + 8.0;
    let width = label_w + bar_w + 90.0;
    let max = items.iter().map(|i| i.1).max().unwrap_or(0).max(1) as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg role="img" aria-label="{t}" viewBox="0 0 {width} {height}" width="{width}" height="{height}"><title>{t}</title>"#,
        t = escape(title)
    );
    if items.is_empty() {
        let _ = write!(
            s,
            r#"<text x="0" y="18" class="muted">nothing to show</text>"#
        );
    }
    for (i, (label, value, color)) in items.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        let w = (*value as f64 / max * bar_w).max(if *value > 0 { 2.0 } else { 0.0 });
        let shown = match total {
            Some(t) => format!("{value} ({}%)", percent(*value, t)),
            None => value.to_string(),
        };
        let _ = write!(
            s,
            r#"<text x="{lx}" y="{ty}" text-anchor="end">{label}</text><rect x="{label_w}" y="{y}" width="{w:.1}" height="{h}" rx="3" fill="{color}"></rect><text x="{vx:.1}" y="{ty}">{shown}</text>"#,
            lx = label_w - 10.0,
            ty = y + 14.0,
            label = escape(label),
            h = row_h - 8.0,
            vx = label_w + w + 6.0,
        );
    }
    s.push_str("</svg>");
    s
}

/// Grouped vertical bars: posts per ISO week, one bar per platform.
fn week_chart(weeks: &[&String], platforms: &[(&String, &BTreeMap<String, usize>)]) -> String {
    let (left, top, plot_h, bottom) = (40.0, 10.0, 220.0, 40.0);
    // Fill about 900 px; bars 8 to 28 px wide.
    let n = platforms.len().max(1) as f64;
    let group_w = (860.0 / weeks.len().max(1) as f64).clamp(n * 8.0 + 18.0, n * 28.0 + 40.0);
    let bar = ((group_w - 18.0) / n - 2.0).max(6.0);
    let width = left + group_w * weeks.len().max(1) as f64 + 20.0;
    let height = top + plot_h + bottom;
    let max = platforms
        .iter()
        .flat_map(|(_, w)| w.values())
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg role="img" aria-label="Posts per week per platform" viewBox="0 0 {width} {height}" width="{width}" height="{height}"><title>Posts per week per platform</title>"#
    );
    // Axis and grid lines at a few round values.
    let step = (max as f64 / 4.0).ceil().max(1.0) as usize;
    let mut ticks: Vec<usize> = (0..=max).step_by(step).collect();
    if ticks.last() != Some(&max) {
        ticks.push(max);
    }
    for v in ticks {
        let y = top + plot_h - v as f64 / max as f64 * plot_h;
        let _ = write!(
            s,
            r##"<line x1="{left}" x2="{x2}" y1="{y:.1}" y2="{y:.1}" stroke="#d0d7de" stroke-width="1"></line><text x="{tx}" y="{ty:.1}" text-anchor="end" class="muted">{v}</text>"##,
            x2 = width - 10.0,
            tx = left - 6.0,
            ty = y + 4.0
        );
    }
    if weeks.is_empty() {
        let _ = write!(
            s,
            r#"<text x="{left}" y="{}" class="muted">no scheduled dates</text>"#,
            top + plot_h / 2.0
        );
    }
    for (wi, week) in weeks.iter().enumerate() {
        let gx = left + wi as f64 * group_w + 9.0;
        for (pi, (platform, per_week)) in platforms.iter().enumerate() {
            let n = per_week.get(*week).copied().unwrap_or(0);
            let h = n as f64 / max as f64 * plot_h;
            let _ = write!(
                s,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{bar:.1}" height="{h:.1}" fill="{c}"><title>{p} {w}: {n}</title></rect>"#,
                x = gx + pi as f64 * (bar + 2.0),
                y = top + plot_h - h,
                c = PALETTE[pi % PALETTE.len()],
                p = escape(platform),
                w = escape(week),
            );
        }
        let label = week.split_once('-').map_or(week.as_str(), |(_, w)| w);
        let _ = write!(
            s,
            r#"<text x="{x:.1}" y="{y}" text-anchor="middle" class="muted">{l}</text>"#,
            x = gx + platforms.len() as f64 * (bar + 2.0) / 2.0,
            y = top + plot_h + 18.0,
            l = escape(label)
        );
    }
    s.push_str("</svg>");
    s
}

/// The post text with its findings' spans marked.
fn marked_text(p: &Linted) -> String {
    let mut spans: Vec<(usize, usize)> = p
        .report
        .findings
        .iter()
        .map(|f| (f.span.start, f.span.end))
        .filter(|(a, b)| a < b)
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in spans {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let text = &p.text;
    let mut out = String::new();
    let mut at = 0;
    for (a, b) in merged {
        let (Some(before), Some(inner)) = (text.get(at..a), text.get(a..b)) else {
            continue;
        };
        out.push_str(&escape(before));
        let _ = write!(out, "<mark>{}</mark>", escape(inner));
        at = b;
    }
    out.push_str(&escape(text.get(at..).unwrap_or("")));
    out
}

/// The start of a finding's list item: severity badge, rule, message, help.
/// The caller adds what else it shows and closes the `<li>`.
fn finding_item(h: &mut String, severity: Severity, rule: &str, message: &str, help: Option<&str>) {
    let _ = write!(
        h,
        "<li><span class=\"badge {}\">{}</span><code>{}</code> {}",
        severity_class(severity),
        severity.as_str(),
        escape(rule),
        escape(message)
    );
    if let Some(help) = help {
        let _ = write!(h, "<div class=\"help\">{}</div>", escape(help));
    }
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Suggestion => "sev-suggestion",
    }
}

fn name_of(p: &Linted) -> String {
    match p.record {
        Some(r) => format!("{}:{r}", p.source),
        None => p.source.clone(),
    }
}

impl Html {
    fn render(&self, outcome: &Outcome, rules: &RuleSet) -> String {
        let mut h = String::with_capacity(64 * 1024);
        let linted = outcome.linted.max(outcome.posts.len());
        let records = outcome.records_read.max(linted + outcome.errors.len());
        let post_findings: usize = outcome.posts.iter().map(|p| p.report.findings.len()).sum();
        let calendar = outcome.calendar.as_ref();
        let calendar_findings = calendar.map_or(0, |c| c.report.findings.len());
        let summary = calendar.map(|c| &c.report.summary);

        h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>postlint report</title>\n<style>");
        h.push_str(CSS);
        h.push_str("</style>\n</head>\n<body>\n<main>\n<h1>postlint report</h1>\n");
        let sources: Vec<&str> = {
            let mut v: Vec<&str> = outcome.posts.iter().map(|p| p.source.as_str()).collect();
            v.dedup();
            v
        };
        let shown: Vec<&str> = sources.iter().take(3).copied().collect();
        let more = if sources.len() > 3 {
            format!(" and {} more", sources.len() - 3)
        } else {
            String::new()
        };
        let _ = writeln!(
            h,
            "<p class=\"lead\">{}{}</p>",
            escape(&shown.join(", ")),
            escape(&more)
        );

        // Overview.
        h.push_str("<section id=\"overview\">\n<div class=\"cards\">\n");
        for (n, label) in [
            (records, "records read"),
            (linted, "posts linted"),
            (outcome.errors.len(), "input errors"),
            (post_findings, "findings in posts"),
            (calendar_findings, "calendar findings"),
        ] {
            let _ = writeln!(
                h,
                "<div class=\"card\"><b>{n}</b><span>{label}</span></div>"
            );
        }
        h.push_str("</div>\n</section>\n");

        if !outcome.errors.is_empty() {
            h.push_str(
                "<section id=\"input-errors\">\n<h2>Input errors</h2>\n<ul class=\"errors\">\n",
            );
            for e in &outcome.errors {
                let at = e.line.map(|l| format!(":{l}")).unwrap_or_default();
                let _ = writeln!(
                    h,
                    "<li><code>{}{}</code> {}</li>",
                    escape(&e.source),
                    at,
                    escape(&e.message)
                );
            }
            h.push_str("</ul>\n</section>\n");
        }

        // Calendar findings and cadence.
        if let Some(c) = calendar {
            h.push_str("<section id=\"calendar-findings\">\n<h2>Calendar findings</h2>\n");
            if c.report.findings.is_empty() {
                h.push_str("<p class=\"note\">None: cadence, mix and repetition look fine.</p>\n");
            } else {
                h.push_str("<ul class=\"findings\">\n");
                for f in &c.report.findings {
                    finding_item(&mut h, f.severity, &f.rule, &f.message, f.help.as_deref());
                    if !f.records.is_empty() {
                        let _ = write!(
                            h,
                            "<div class=\"records\">records: {}</div>",
                            escape(&c.records_text(&f.records))
                        );
                    }
                    h.push_str("</li>\n");
                }
                h.push_str("</ul>\n");
            }
            h.push_str("</section>\n");
        }

        // Principle mix.
        h.push_str("<section id=\"principle-mix\">\n<h2>Principle mix</h2>\n");
        let posts_total = summary.map_or(linted, |s| s.posts);
        let principles: Vec<(String, usize, &str)> = match summary {
            Some(s) => s
                .principles
                .iter()
                .map(|p| (p.name.clone(), p.posts, PALETTE[0]))
                .collect(),
            None => rules
                .principles()
                .map(|pr| {
                    (
                        pr.name.clone(),
                        outcome
                            .posts
                            .iter()
                            .filter(|p| p.report.principles.contains(&pr.id))
                            .count(),
                        PALETTE[0],
                    )
                })
                .collect(),
        };
        let _ = writeln!(h, "<p class=\"note\">How many posts use each of the persuasion principles ({} in all).</p>", count(posts_total, "post", "posts"));
        h.push_str(&hbar_chart("Principle mix", &principles, Some(posts_total)));
        if let Some(s) = summary {
            h.push_str("\n<h3>Questions, humor and sales</h3>\n");
            let mix = vec![
                ("questions".to_string(), s.questions, PALETTE[5]),
                ("humor".to_string(), s.humor, PALETTE[1]),
                ("sales".to_string(), s.sales, PALETTE[3]),
            ];
            h.push_str(&hbar_chart(
                "Share of questions, humor and sales posts",
                &mix,
                Some(s.posts),
            ));
        }
        h.push_str("\n</section>\n");

        // Posts per week per platform, and the cadence table.
        h.push_str("<section id=\"posts-per-week\">\n<h2>Posts per week per platform</h2>\n");
        match summary {
            Some(s) => {
                let range = calendar_view::week_range(s);
                let weeks: Vec<&String> = range.iter().collect();
                let platforms: Vec<(&String, &BTreeMap<String, usize>)> =
                    s.platforms.iter().map(|(p, c)| (p, &c.per_week)).collect();
                h.push_str(&week_chart(&weeks, &platforms));
                h.push_str("\n<ul class=\"legend\">");
                for (i, (p, _)) in platforms.iter().enumerate() {
                    let name = rules.platform(p).map_or(p.as_str(), |pl| pl.name.as_str());
                    let _ = write!(
                        h,
                        "<li><i style=\"background:{}\"></i>{}</li>",
                        PALETTE[i % PALETTE.len()],
                        escape(name)
                    );
                }
                h.push_str("</ul>\n<h3>Cadence</h3>\n<table>\n<tr><th>platform</th><th class=\"num\">posts</th><th class=\"num\">scheduled</th><th>first</th><th>last</th><th class=\"num\">largest gap</th><th class=\"num\">most in a day</th></tr>\n");
                for (p, c) in &s.platforms {
                    let _ = writeln!(
                        h,
                        "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{:.1} days</td><td class=\"num\">{}</td></tr>",
                        escape(rules.platform(p).map_or(p.as_str(), |pl| pl.name.as_str())),
                        c.posts,
                        c.scheduled,
                        escape(c.first.as_deref().unwrap_or("–")),
                        escape(c.last.as_deref().unwrap_or("–")),
                        c.max_gap_days,
                        c.max_posts_per_day
                    );
                }
                h.push_str("</table>\n");
            }
            None => {
                h.push_str("<p class=\"note\">No calendar: single drafts have no schedule.</p>\n")
            }
        }
        h.push_str("</section>\n");

        // Findings per rule.
        h.push_str("<section id=\"findings-per-rule\">\n<h2>Findings per rule</h2>\n");
        let mut per_rule: BTreeMap<&str, (usize, Severity)> = BTreeMap::new();
        for f in outcome.posts.iter().flat_map(|p| &p.report.findings) {
            per_rule.entry(&f.rule).or_insert((0, f.severity)).0 += 1;
        }
        for f in calendar.iter().flat_map(|c| &c.report.findings) {
            per_rule.entry(&f.rule).or_insert((0, f.severity)).0 += 1;
        }
        let mut rows: Vec<(&str, usize, Severity)> =
            per_rule.into_iter().map(|(r, (n, s))| (r, n, s)).collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let color = |s: Severity| match s {
            Severity::Error => "#cf222e",
            Severity::Warning => "#bf8700",
            Severity::Suggestion => "#0969da",
        };
        let items: Vec<(String, usize, &str)> = rows
            .iter()
            .map(|(r, n, s)| (r.to_string(), *n, color(*s)))
            .collect();
        h.push_str(&hbar_chart("Findings per rule", &items, None));
        h.push_str("\n<ul class=\"legend\"><li><i style=\"background:#cf222e\"></i>error</li><li><i style=\"background:#bf8700\"></i>warning</li><li><i style=\"background:#0969da\"></i>suggestion</li></ul>\n</section>\n");

        // Findings per post.
        h.push_str("<section id=\"findings-per-post\">\n<h2>Findings per post</h2>\n");
        let with: Vec<&Linted> = outcome
            .posts
            .iter()
            .filter(|p| !p.report.findings.is_empty())
            .collect();
        let _ = writeln!(
            h,
            "<p class=\"note\">Posts with findings: {} of {}.</p>",
            with.len(),
            outcome.posts.len()
        );
        for p in with.iter().take(MAX_POSTS_LISTED) {
            let r = &p.report;
            let platform = rules
                .platform(&r.platform)
                .map_or(r.platform.as_str(), |pl| pl.name.as_str());
            let id =
                p.id.as_deref()
                    .map(|i| format!(" · id {}", escape(i)))
                    .unwrap_or_default();
            let _ = writeln!(
                h,
                "<article class=\"post\">\n<h3>{}<span class=\"meta\">{} · {} · {}/{}{}</span></h3>\n<blockquote>{}</blockquote>\n<ul class=\"findings\">",
                escape(&name_of(p)),
                escape(platform),
                escape(&r.language),
                r.metrics.length,
                r.metrics.limit,
                id,
                marked_text(p)
            );
            for f in &r.findings {
                finding_item(&mut h, f.severity, &f.rule, &f.message, f.help.as_deref());
                h.push_str("</li>\n");
            }
            h.push_str("</ul>\n</article>\n");
        }
        if with.len() > MAX_POSTS_LISTED {
            let _ = writeln!(
                h,
                "<p class=\"note\">… and {} with findings (use --format json for all of them).</p>",
                count(with.len() - MAX_POSTS_LISTED, "more post", "more posts")
            );
        }
        h.push_str("</section>\n</main>\n</body>\n</html>\n");
        h
    }
}

/// The HTML report draws every post and chart in one page: it is written
/// whole, and a batch above this many posts is refused (use json or line).
pub const MAX_POSTS: usize = 100_000;

impl Reporter for Html {
    fn report(
        &self,
        outcome: &Outcome,
        rules: &RuleSet,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        out.write_all(self.render(outcome, rules).as_bytes())
    }

    fn streams(&self) -> bool {
        false
    }

    fn posts(
        &self,
        _: &[Linted],
        _: bool,
        _: &RuleSet,
        _: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        Err(std::io::Error::other("the HTML report is written whole"))
    }

    fn end(&self, _: &Outcome, _: &RuleSet, _: &mut dyn std::io::Write) -> std::io::Result<()> {
        Err(std::io::Error::other("the HTML report is written whole"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"<script>alert("x") & 'y'</script>"#),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn bar_chart_has_a_bar_per_item() {
        let svg = hbar_chart(
            "t",
            &[("a<b".into(), 2, "#000"), ("c".into(), 0, "#000")],
            Some(4),
        );
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("a&lt;b") && svg.contains("2 (50%)"));
    }
}
