//! `--format html`: a self-contained report (inline CSS, HTML bars and inline
//! SVG week charts, no scripts, nothing fetched): overview, calendar findings
//! linked to post cards, principle mix, posts per week per platform in month
//! blocks, findings per rule and a card per post. It fits a 390 px phone as
//! well as a desktop. Every text from the input is escaped.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use postlint_engine::{RuleSet, Severity};

use super::calendar_view::{self, percent, Week};
use postlint::{Calendar, Linted, Outcome, UiLang};

use super::reporter::Reporter;

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
a { color: #0969da; }
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
.legend + .months { margin-top: 8px; }
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
article.post { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 0 0 12px; scroll-margin-top: 12px; }
article.post:target, ul.findings li:target { outline: 2px solid #0969da; outline-offset: 2px; border-radius: 6px; }
article.post h3 { overflow-wrap: anywhere; }
.meta { color: var(--muted); font-size: 13px; margin: 0 0 4px; }
.scheduled { color: var(--fg); font-weight: 600; }
.about { font-size: 13px; margin: 8px 0 0; }
.records a { overflow-wrap: anywhere; }
.bars { margin: 8px 0 4px; }
.bar { display: grid; grid-template-columns: 200px minmax(0, 1fr) 90px; gap: 2px 10px; align-items: center; padding: 2px 0; font-size: 14px; }
.bar .label { text-align: right; overflow-wrap: anywhere; }
.bar .track { display: block; height: 16px; background: linear-gradient(to right, transparent calc(50% - 0.5px), var(--line) calc(50% - 0.5px), var(--line) calc(50% + 0.5px), transparent calc(50% + 0.5px)), var(--soft); box-shadow: inset -1px 0 var(--line), inset 1px 0 var(--line); }
.bar .fill { display: block; height: 100%; border-radius: 0 3px 3px 0; }
.bar[data-value="0"] .fill { display: none; }
.bar .value { font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar.axis { color: var(--muted); font-size: 12px; padding-top: 0; }
.bar .ticks { display: flex; justify-content: space-between; }
.months { display: flex; flex-wrap: wrap; gap: 8px 20px; }
figure.month { margin: 0; max-width: 100%; }
figure.month figcaption { font-size: 13px; font-weight: 600; margin: 4px 0 2px 30px; }
@media (max-width: 600px) {
  main { padding: 16px 14px 48px; }
  h1 { font-size: 22px; }
  .bar { grid-template-columns: minmax(0, 1fr) 90px; }
  .bar .label { grid-column: 1 / -1; text-align: left; }
  .bar.axis .label { display: none; }
  table.cadence, table.cadence tbody, table.cadence tr, table.cadence td { display: block; }
  table.cadence tr:first-child { display: none; }
  table.cadence tr { border: 1px solid var(--line); border-radius: 8px; margin: 0 0 8px; padding: 4px 0; }
  table.cadence td { display: flex; justify-content: space-between; gap: 12px; border: 0; padding: 2px 12px; text-align: right; }
  table.cadence td::before { content: attr(data-label); color: var(--muted); text-align: left; }
  table.cadence td:first-child { font-weight: 600; }
}
blockquote { white-space: pre-wrap; overflow-wrap: anywhere; margin: 6px 0 10px; padding: 8px 12px; background: var(--soft); border-left: 3px solid var(--line); border-radius: 4px; }
mark { background: #fff3bf; border-bottom: 2px solid #f59f00; padding: 0 1px; }
.errors li { color: #cf222e; }
.note { color: var(--muted); font-size: 13px; }
.effect { margin: 10px 0 16px; }
.effect-label { display: flex; flex-wrap: wrap; gap: 2px 10px; align-items: baseline; font-size: 14px; }
.effect-label span { color: var(--muted); font-size: 13px; }
.effect-track { position: relative; height: 18px; background: var(--soft); border: 1px solid var(--line); border-radius: 4px; margin-top: 4px; }
.effect-track .zero { position: absolute; top: 0; bottom: 0; width: 1px; background: var(--fg); }
.effect-track .ci { position: absolute; top: 6px; height: 4px; border-radius: 2px; }
.effect-track .dot { position: absolute; top: 2px; width: 12px; height: 12px; margin-left: -6px; border-radius: 50%; }
.up { background: #2f9e44; }
.down { background: #e03131; }
.axis { display: flex; justify-content: space-between; color: var(--muted); font-size: 12px; }
.table-wrap { overflow-x: auto; }
table.pillars th[scope=row] { text-align: left; font-weight: 600; position: sticky; left: 0; background: var(--bg); }
table.pillars th, table.pillars td { white-space: nowrap; padding: 6px 8px; }
table.pillars th .year { display: block; color: var(--muted); font-weight: 400; font-size: 12px; }
table.pillars td.off { font-weight: 700; }
table.pillars td.above { color: #c2410c; }
table.pillars td.below { color: #1d4ed8; }
table.pillars tr.muted th, table.pillars tr.muted td { color: var(--muted); font-weight: 400; }
section { overflow-x: auto; }
svg[role=img] { min-width: 560px; }
@media (max-width: 600px) { main { padding: 16px 14px 40px; } h1 { font-size: 22px; } th, td { padding: 5px 6px; } td.num, th.num { white-space: nowrap; } }
"#;

/// How a bar list is scaled.
#[derive(Debug, Clone, Copy)]
enum Scale {
    /// Shares of this many posts: a full bar is all of them (0 to 100 %),
    /// so a small share never looks large because it is the largest.
    Share(usize),
    /// Counts, against the largest.
    Count,
}

/// Labelled horizontal bars, as HTML (a row each: label, bar, value) so that
/// labels stay legible on a phone; the bar's width is its share of the track.
fn bar_list(title: &str, items: &[(String, usize, &str)], scale: Scale, l: &Labels) -> String {
    let (whole, kind) = match scale {
        Scale::Share(total) => (total, "share"),
        Scale::Count => (items.iter().map(|i| i.1).max().unwrap_or(0), "count"),
    };
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<figure class="bars" data-scale="{kind}" aria-label="{t}">"#,
        t = escape(title)
    );
    if items.is_empty() {
        let _ = write!(s, r#"<p class="note">{}</p>"#, l.nothing_to_show);
    }
    for (label, value, color) in items {
        let fraction = if whole == 0 {
            0.0
        } else {
            (*value as f64 / whole as f64).min(1.0)
        };
        let shown = match scale {
            Scale::Share(total) => format!("{value} ({}%)", percent(*value, total)),
            Scale::Count => value.to_string(),
        };
        let _ = write!(
            s,
            r#"<div class="bar" data-value="{value}" data-fraction="{fraction:.4}"><span class="label">{label}</span><span class="track"><span class="fill" style="width:{w:.2}%;background:{color}"></span></span><span class="value">{shown}</span></div>"#,
            label = escape(label),
            w = fraction * 100.0,
        );
    }
    if !items.is_empty() {
        let ticks = match scale {
            Scale::Share(_) => ["0%".to_string(), "50%".to_string(), "100%".to_string()],
            Scale::Count if whole % 2 == 0 => {
                ["0".into(), (whole / 2).to_string(), whole.to_string()]
            }
            Scale::Count => ["0".into(), String::new(), whole.to_string()],
        };
        let _ = write!(
            s,
            r#"<div class="bar axis" aria-hidden="true"><span class="label"></span><span class="ticks"><span>{}</span><span>{}</span><span>{}</span></span><span class="value"></span></div>"#,
            ticks[0], ticks[1], ticks[2]
        );
    }
    s.push_str("</figure>");
    s
}

/// Weeks grouped by the month of their Monday.
fn months(weeks: &[Week]) -> Vec<&[Week]> {
    use postlint_engine::calendar::civil_from_days;
    let month = |w: &Week| {
        let (y, m, _) = civil_from_days(w.monday);
        (y, m)
    };
    weeks.chunk_by(|a, b| month(a) == month(b)).collect()
}

/// Posts per week per platform, as a block of grouped vertical bars per
/// month (one bar per platform in each week, all on one scale), so that a
/// year wraps into rows of months instead of running off the page. Every
/// week is labelled with the date of its Monday, and with the year at the
/// first week and where the year changes.
fn week_chart(
    weeks: &[Week],
    platforms: &[(&str, &BTreeMap<String, usize>)],
    l: &Labels,
) -> String {
    let (left, top, plot_h, bottom, group_w) = (30.0, 8.0, 120.0, 36.0, 56.0);
    let n = platforms.len().max(1) as f64;
    let bar = ((group_w - 14.0) / n - 2.0).clamp(3.0, 16.0);
    let height = top + plot_h + bottom;
    let max = platforms
        .iter()
        .flat_map(|(_, w)| w.values())
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    let mut ticks = vec![0, max.div_ceil(2), max];
    ticks.dedup();
    let years = calendar_view::week_years(weeks);
    let mut s = String::from("<div class=\"months\">");
    if weeks.is_empty() {
        let _ = write!(s, "<p class=\"note\">{}</p>", l.no_dates);
    }
    let mut at = 0;
    for month in months(weeks) {
        // Room for five Mondays in every block, so the months line up in columns.
        let width = left + group_w * 5.0 + 6.0;
        let caption = calendar_view::month_year(month[0].monday, l.lang);
        let _ = write!(
            s,
            r#"<figure class="month"><figcaption>{c}</figcaption><svg role="img" aria-label="{t}: {c}" viewBox="0 0 {width} {height}" width="{width}" height="{height}"><title>{t}: {c}</title>"#,
            c = escape(&caption),
            t = escape(l.posts_per_week),
        );
        for v in &ticks {
            let y = top + plot_h - *v as f64 / max as f64 * plot_h;
            let _ = write!(
                s,
                r##"<line x1="{left}" x2="{x2}" y1="{y:.1}" y2="{y:.1}" stroke="#d0d7de" stroke-width="1"></line><text x="{tx}" y="{ty:.1}" text-anchor="end" class="muted">{v}</text>"##,
                x2 = width - 4.0,
                tx = left - 5.0,
                ty = y + 4.0
            );
        }
        for (wi, week) in month.iter().enumerate() {
            let gx = left + wi as f64 * group_w + 7.0;
            let date = calendar_view::day_month(week.monday, l.lang);
            for (pi, (platform, per_week)) in platforms.iter().enumerate() {
                let n = per_week.get(&week.key).copied().unwrap_or(0);
                let h = n as f64 / max as f64 * plot_h;
                let _ = write!(
                    s,
                    r#"<rect x="{x:.1}" y="{y:.1}" width="{bar:.1}" height="{h:.1}" fill="{c}" data-week="{k}" data-posts="{n}"><title>{p}, {wo} {date} ({k}): {n}</title></rect>"#,
                    x = gx + pi as f64 * (bar + 2.0),
                    y = top + plot_h - h,
                    c = PALETTE[pi % PALETTE.len()],
                    p = escape(platform),
                    wo = l.week_of,
                    k = escape(&week.key),
                );
            }
            let cx = gx + platforms.len() as f64 * (bar + 2.0) / 2.0 - 1.0;
            let year = years[at + wi].map(|y| format!(r#"<tspan x="{cx:.1}" dy="14">{y}</tspan>"#));
            let _ = write!(
                s,
                r#"<text class="week muted" x="{cx:.1}" y="{y}" text-anchor="middle" data-week="{k}"><tspan x="{cx:.1}">{date}</tspan>{year}</text>"#,
                y = top + plot_h + 16.0,
                k = escape(&week.key),
                year = year.unwrap_or_default(),
            );
        }
        at += month.len();
        s.push_str("</svg></figure>");
    }
    s.push_str("</div>");
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

/// The report's own words in one UI language (`--ui-lang`); messages and
/// help come translated from the rules.
#[derive(Debug)]
struct Labels {
    lang: UiLang,
    title: &'static str,
    /// "… and {n} more" after the first sources.
    and_more: &'static str,
    records_read: &'static str,
    posts_linted: &'static str,
    input_errors: &'static str,
    findings_in_posts: &'static str,
    calendar_findings: &'static str,
    calendar_fine: &'static str,
    records: &'static str,
    principle_mix: &'static str,
    /// "How many of the {n} posts …"
    principle_note: &'static str,
    mix: &'static str,
    mix_aria: &'static str,
    questions: &'static str,
    humor: &'static str,
    sales: &'static str,
    pillars: &'static str,
    pillars_note: &'static str,
    /// pillar, target, no pillar, posts
    pillar_head: [&'static str; 4],
    /// "{share} of {month}'s posts ({n} of {m}); target {target}"
    pillar_cell: &'static str,
    posts_per_week: &'static str,
    week_of: &'static str,
    no_dates: &'static str,
    cadence: &'static str,
    /// platform, posts, scheduled, first, last, largest gap, most in a day
    cadence_head: [&'static str; 7],
    days: &'static str,
    no_calendar: &'static str,
    findings_per_rule: &'static str,
    severities: [&'static str; 3],
    posts: &'static str,
    /// "Posts with findings: {a} of {b}. …"
    posts_note: &'static str,
    /// "{n} more posts …"
    posts_more: &'static str,
    scheduled: &'static str,
    not_scheduled: &'static str,
    about_this_post: &'static str,
    no_findings_of_its_own: &'static str,
    nothing_to_show: &'static str,
}

const EN: Labels = Labels {
    lang: UiLang::En,
    title: "postlint report",
    and_more: "and {n} more",
    records_read: "records read",
    posts_linted: "posts linted",
    input_errors: "input errors",
    findings_in_posts: "findings in posts",
    calendar_findings: "calendar findings",
    calendar_fine: "None: cadence, mix and repetition look fine.",
    records: "posts",
    principle_mix: "Principle mix",
    principle_note: "How many of the posts ({n}) use each of the persuasion principles; a full bar is every post.",
    mix: "Questions, humor and sales",
    mix_aria: "Share of questions, humor and sales posts",
    questions: "questions",
    humor: "humor",
    sales: "sales",
    pillars: "Content pillars",
    pillars_note: "Each month's share of posts per pillar, against the target in the config. ▲ and ▼ mark the shares calendar/pillar-drift found off target; posts in no pillar count in the month's total.",
    pillar_head: ["pillar", "target", "no pillar", "posts"],
    pillar_cell: "{share} of the posts of {month} ({n} of {m}); target {target}",
    posts_per_week: "Posts per week per platform",
    week_of: "week of",
    no_dates: "No scheduled dates.",
    cadence: "Cadence",
    cadence_head: ["platform", "posts", "scheduled", "first", "last", "largest gap", "most in a day"],
    days: "days",
    no_calendar: "No calendar: single drafts have no schedule.",
    findings_per_rule: "Findings per rule",
    severities: ["error", "warning", "suggestion"],
    posts: "Posts",
    posts_note: "Posts with findings: {a} of {b}. Named by calendar findings as well: {c}.",
    posts_more: "… and {n} more (use --format json for all of them).",
    scheduled: "scheduled",
    not_scheduled: "not scheduled",
    about_this_post: "Calendar findings about this post:",
    no_findings_of_its_own: "No findings of its own.",
    nothing_to_show: "Nothing to show.",
};

const NL: Labels = Labels {
    lang: UiLang::Nl,
    title: "postlint-rapport",
    and_more: "en nog {n}",
    records_read: "records gelezen",
    posts_linted: "berichten gecontroleerd",
    input_errors: "invoerfouten",
    findings_in_posts: "opmerkingen in berichten",
    calendar_findings: "kalenderopmerkingen",
    calendar_fine: "Geen: ritme, mix en herhaling zien er goed uit.",
    records: "berichten",
    principle_mix: "Mix van principes",
    principle_note: "Hoeveel van de berichten ({n}) elk overtuigingsprincipe gebruiken; een volle balk is elk bericht.",
    mix: "Vragen, humor en verkoop",
    mix_aria: "Aandeel berichten met een vraag, humor of verkoop",
    questions: "vragen",
    humor: "humor",
    sales: "verkoop",
    pillars: "Contentpijlers",
    pillars_note: "Het aandeel van elke pijler in de berichten van elke maand, tegenover het doel in de config. ▲ en ▼ tonen de aandelen die calendar/pillar-drift buiten het doel vond; berichten zonder pijler tellen mee in het totaal van de maand.",
    pillar_head: ["pijler", "doel", "geen pijler", "berichten"],
    pillar_cell: "{share} van de berichten van {month} ({n} van {m}); doel {target}",
    posts_per_week: "Berichten per week per platform",
    week_of: "week van",
    no_dates: "Geen geplande data.",
    cadence: "Ritme",
    cadence_head: ["platform", "berichten", "gepland", "eerste", "laatste", "grootste gat", "meeste op een dag"],
    days: "dagen",
    no_calendar: "Geen kalender: losse concepten hebben geen planning.",
    findings_per_rule: "Opmerkingen per regel",
    severities: ["fout", "waarschuwing", "suggestie"],
    posts: "Berichten",
    posts_note: "Berichten met opmerkingen: {a} van {b}. Daarnaast genoemd in kalenderopmerkingen: {c}.",
    posts_more: "… en nog {n} (--format json geeft ze allemaal).",
    scheduled: "gepland",
    not_scheduled: "niet gepland",
    about_this_post: "Kalenderopmerkingen over dit bericht:",
    no_findings_of_its_own: "Geen eigen opmerkingen.",
    nothing_to_show: "Niets te tonen.",
};

impl Labels {
    fn of(lang: UiLang) -> &'static Labels {
        match lang {
            UiLang::En => &EN,
            UiLang::Nl => &NL,
        }
    }

    fn severity(&self, s: Severity) -> &'static str {
        match s {
            Severity::Error => self.severities[0],
            Severity::Warning => self.severities[1],
            Severity::Suggestion => self.severities[2],
        }
    }
}

/// Each month's share of every content pillar against its target: a table
/// with a column a month (it scrolls sideways on a phone), the cells that
/// `calendar/pillar-drift` found off target marked ▲ or ▼.
fn pillar_section(h: &mut String, months: &[postlint_engine::calendar::PillarMonth], l: &Labels) {
    let Some(first) = months.first() else {
        return;
    };
    let month_name = |key: &str| {
        calendar_view::month_start(key).map_or(key.to_string(), |day| {
            calendar_view::month_year(day, l.lang)
        })
    };
    let pct = |part: usize, whole: usize| format!("{}%", calendar_view::percent(part, whole));
    let [pillar, target, none, posts] = l.pillar_head;
    let _ = write!(
        h,
        "<section id=\"content-pillars\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n<div class=\"table-wrap\"><table class=\"pillars\">\n<tr><th>{pillar}</th><th class=\"num\">{target}</th>",
        l.pillars, l.pillars_note
    );
    for m in months {
        // `Nov 2025` on two lines, so that a year of months fits the page.
        let label = calendar_view::month_label(&m.month, l.lang);
        let (month, year) = label.split_once(' ').unwrap_or((&label, ""));
        let _ = write!(
            h,
            "<th class=\"num\" title=\"{}\">{} <span class=\"year\">{}</span></th>",
            escape(&month_name(&m.month)),
            escape(month),
            escape(year)
        );
    }
    h.push_str("</tr>\n");
    for (i, p) in first.pillars.iter().enumerate() {
        let target_text = format!("{}%", (p.target * 100.0).round());
        let _ = write!(
            h,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{target_text}</td>",
            escape(&p.name)
        );
        for m in months {
            let Some(q) = m.pillars.get(i) else {
                h.push_str("<td></td>");
                continue;
            };
            let (class, mark) = match (q.off, q.share > q.target) {
                (false, _) => ("num", ""),
                (true, true) => ("num off above", " ▲"),
                (true, false) => ("num off below", " ▼"),
            };
            let title = l
                .pillar_cell
                .replace("{share}", &pct(q.posts, m.posts))
                .replace("{month}", &month_name(&m.month))
                .replace("{n}", &q.posts.to_string())
                .replace("{m}", &m.posts.to_string())
                .replace("{target}", &target_text);
            let _ = write!(
                h,
                "<td class=\"{class}\" title=\"{}\">{}{mark}</td>",
                escape(&title),
                pct(q.posts, m.posts)
            );
        }
        h.push_str("</tr>\n");
    }
    let _ = write!(
        h,
        "<tr class=\"muted\"><th scope=\"row\">{none}</th><td></td>"
    );
    for m in months {
        let _ = write!(h, "<td class=\"num\">{}</td>", pct(m.none, m.posts));
    }
    let _ = write!(
        h,
        "</tr>\n<tr class=\"muted\"><th scope=\"row\">{posts}</th><td></td>"
    );
    for m in months {
        let _ = write!(h, "<td class=\"num\">{}</td>", m.posts);
    }
    h.push_str("</tr>\n</table></div>\n</section>\n");
}

/// The start of a finding's list item: severity badge, rule, message, help.
/// The caller adds what else it shows and closes the `<li>`.
fn finding_item(
    h: &mut String,
    l: &Labels,
    severity: Severity,
    rule: &str,
    message: &str,
    help: Option<&str>,
) {
    let _ = write!(
        h,
        "<span class=\"badge {}\">{}</span><code>{}</code> {}",
        severity_class(severity),
        l.severity(severity),
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

fn severity_color(s: Severity) -> &'static str {
    match s {
        Severity::Error => "#cf222e",
        Severity::Warning => "#bf8700",
        Severity::Suggestion => "#0969da",
    }
}

fn name_of(p: &Linted) -> String {
    match p.record {
        Some(r) => format!("{}:{r}", p.source),
        None => p.source.clone(),
    }
}

/// The report with `section` (HTML, already escaped) after the overview:
/// what a command adds to the report (`postlint report --results`).
pub fn render_with(outcome: &Outcome, rules: &RuleSet, section: &str) -> String {
    Html.render(outcome, rules, section)
}

/// The anchor of the card of the post at this index of `Outcome::posts`.
fn post_anchor(i: usize) -> String {
    format!("post-{i}")
}

/// The anchor of the calendar finding at this index.
fn calendar_anchor(i: usize) -> String {
    format!("calendar-finding-{i}")
}

/// Which posts the calendar findings name: for each finding, the indices
/// into `Outcome::posts` of its records (found by source and record
/// number, the names the calendar keeps), in the finding's order.
fn calendar_posts(outcome: &Outcome, calendar: &Calendar) -> Vec<Vec<usize>> {
    let by_name: BTreeMap<(&str, Option<usize>), usize> = outcome
        .posts
        .iter()
        .enumerate()
        .map(|(i, p)| ((p.source.as_str(), p.record), i))
        .collect();
    calendar
        .report
        .findings
        .iter()
        .map(|f| {
            f.records
                .iter()
                .filter_map(|&id| by_name.get(&calendar.record(id)).copied())
                .collect()
        })
        .collect()
}

impl Html {
    fn render(&self, outcome: &Outcome, rules: &RuleSet, section: &str) -> String {
        let l = Labels::of(UiLang::parse(rules.ui_lang()).unwrap_or_default());
        let mut h = String::with_capacity(64 * 1024);
        let linted = outcome.linted.max(outcome.posts.len());
        let records = outcome.records_read.max(linted + outcome.errors.len());
        let post_findings: usize = outcome.posts.iter().map(|p| p.report.findings.len()).sum();
        let calendar = outcome.calendar.as_ref();
        let calendar_findings = calendar.map_or(0, |c| c.report.findings.len());
        let summary = calendar.map(|c| &c.report.summary);

        // The cards: posts with findings and posts calendar findings name,
        // in input order, the first MAX_POSTS_LISTED of them.
        let named = calendar
            .map(|c| calendar_posts(outcome, c))
            .unwrap_or_default();
        let mut about: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (fi, posts) in named.iter().enumerate() {
            for &p in posts {
                let list = about.entry(p).or_default();
                if list.last() != Some(&fi) {
                    list.push(fi);
                }
            }
        }
        let carded: Vec<usize> = (0..outcome.posts.len())
            .filter(|&i| !outcome.posts[i].report.findings.is_empty() || about.contains_key(&i))
            .collect();
        let listed: BTreeSet<usize> = carded.iter().take(MAX_POSTS_LISTED).copied().collect();

        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>{}</title>\n<style>",
            l.lang.as_str(),
            l.title
        );
        h.push_str(CSS);
        let _ = write!(
            h,
            "</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n",
            l.title
        );
        let sources: Vec<&str> = {
            let mut v: Vec<&str> = outcome.posts.iter().map(|p| p.source.as_str()).collect();
            v.dedup();
            v
        };
        let shown: Vec<&str> = sources.iter().take(3).copied().collect();
        let more = if sources.len() > 3 {
            format!(
                " {}",
                l.and_more.replace("{n}", &(sources.len() - 3).to_string())
            )
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
            (records, l.records_read),
            (linted, l.posts_linted),
            (outcome.errors.len(), l.input_errors),
            (post_findings, l.findings_in_posts),
            (calendar_findings, l.calendar_findings),
        ] {
            let _ = writeln!(
                h,
                "<div class=\"card\"><b>{n}</b><span>{label}</span></div>"
            );
        }
        h.push_str("</div>\n</section>\n");

        if !outcome.errors.is_empty() {
            let _ = write!(
                h,
                "<section id=\"input-errors\">\n<h2>{}</h2>\n<ul class=\"errors\">\n",
                capitalized(l.input_errors)
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

        h.push_str(section);

        // Calendar findings, each linking to the cards of its posts.
        if let Some(c) = calendar {
            let _ = write!(
                h,
                "<section id=\"calendar-findings\">\n<h2>{}</h2>\n",
                capitalized(l.calendar_findings)
            );
            if c.report.findings.is_empty() {
                let _ = writeln!(h, "<p class=\"note\">{}</p>", l.calendar_fine);
            } else {
                h.push_str("<ul class=\"findings\">\n");
                for (fi, f) in c.report.findings.iter().enumerate() {
                    let _ = write!(h, "<li id=\"{}\">", calendar_anchor(fi));
                    finding_item(
                        &mut h,
                        l,
                        f.severity,
                        &f.rule,
                        &f.message,
                        f.help.as_deref(),
                    );
                    if !f.records.is_empty() {
                        let _ = write!(h, "<div class=\"records\">{}: ", l.records);
                        let posts = named.get(fi).map_or(&[][..], Vec::as_slice);
                        let links: Vec<String> = posts
                            .iter()
                            .take(20)
                            .map(|&i| {
                                let name = escape(&name_of(&outcome.posts[i]));
                                if listed.contains(&i) {
                                    format!("<a href=\"#{}\">{name}</a>", post_anchor(i))
                                } else {
                                    name
                                }
                            })
                            .collect();
                        if links.is_empty() {
                            h.push_str(&escape(&c.records_text(&f.records)));
                        } else {
                            h.push_str(&links.join(", "));
                            if f.records.len() > links.len() {
                                let _ = write!(
                                    h,
                                    " {}",
                                    l.and_more.replace(
                                        "{n}",
                                        &(f.records.len() - links.len()).to_string()
                                    )
                                );
                            }
                        }
                        h.push_str("</div>");
                    }
                    h.push_str("</li>\n");
                }
                h.push_str("</ul>\n");
            }
            h.push_str("</section>\n");
        }

        // Principle mix, as shares of all posts.
        let _ = write!(
            h,
            "<section id=\"principle-mix\">\n<h2>{}</h2>\n",
            l.principle_mix
        );
        let posts_total = summary.map_or(linted, |s| s.posts);
        let principle_name = |id: &str, name: &str| {
            rules
                .principles()
                .find(|p| p.id == id)
                .map_or(name.to_string(), |p| p.name_in(l.lang.as_str()).to_string())
        };
        let principles: Vec<(String, usize, &str)> = match summary {
            Some(s) => s
                .principles
                .iter()
                .map(|p| (principle_name(&p.id, &p.name), p.posts, PALETTE[0]))
                .collect(),
            None => rules
                .principles()
                .map(|pr| {
                    (
                        pr.name_in(l.lang.as_str()).to_string(),
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
        let _ = writeln!(
            h,
            "<p class=\"note\">{}</p>",
            l.principle_note.replace("{n}", &posts_total.to_string())
        );
        h.push_str(&bar_list(
            l.principle_mix,
            &principles,
            Scale::Share(posts_total),
            l,
        ));
        if let Some(s) = summary {
            let _ = write!(h, "\n<h3>{}</h3>\n", l.mix);
            let mix = vec![
                (l.questions.to_string(), s.questions, PALETTE[5]),
                (l.humor.to_string(), s.humor, PALETTE[1]),
                (l.sales.to_string(), s.sales, PALETTE[3]),
            ];
            h.push_str(&bar_list(l.mix_aria, &mix, Scale::Share(s.posts), l));
        }
        h.push_str("\n</section>\n");

        if let Some(s) = summary.filter(|s| !s.pillars.is_empty()) {
            pillar_section(&mut h, &s.pillars, l);
        }

        // Posts per week per platform, and the cadence table.
        let _ = write!(
            h,
            "<section id=\"posts-per-week\">\n<h2>{}</h2>\n",
            l.posts_per_week
        );
        match summary {
            Some(s) => {
                let weeks = calendar_view::week_range(s);
                let name = |p: &str| {
                    rules
                        .platform(p)
                        .map_or(p.to_string(), |pl| pl.name.clone())
                };
                let names: Vec<String> = s.platforms.keys().map(|p| name(p)).collect();
                let platforms: Vec<(&str, &BTreeMap<String, usize>)> = names
                    .iter()
                    .zip(s.platforms.values())
                    .map(|(n, c)| (n.as_str(), &c.per_week))
                    .collect();
                h.push_str("<ul class=\"legend\">");
                for (i, n) in names.iter().enumerate() {
                    let _ = write!(
                        h,
                        "<li><i style=\"background:{}\"></i>{}</li>",
                        PALETTE[i % PALETTE.len()],
                        escape(n)
                    );
                }
                h.push_str("</ul>\n");
                h.push_str(&week_chart(&weeks, &platforms, l));
                let _ = write!(
                    h,
                    "\n<h3>{}</h3>\n<table class=\"cadence\">\n<tr>",
                    l.cadence
                );
                for (i, head) in l.cadence_head.iter().enumerate() {
                    let class = if [1, 2, 5, 6].contains(&i) {
                        " class=\"num\""
                    } else {
                        ""
                    };
                    let _ = write!(h, "<th{class}>{head}</th>");
                }
                h.push_str("</tr>\n");
                for (p, c) in &s.platforms {
                    let cells = [
                        escape(&name(p)),
                        c.posts.to_string(),
                        c.scheduled.to_string(),
                        escape(c.first.as_deref().unwrap_or("–")),
                        escape(c.last.as_deref().unwrap_or("–")),
                        format!("{:.1} {}", c.max_gap_days, l.days),
                        c.max_posts_per_day.to_string(),
                    ];
                    h.push_str("<tr>");
                    // Each cell names its column: a phone shows the rows as cards.
                    for (i, cell) in cells.iter().enumerate() {
                        let class = if [1, 2, 5, 6].contains(&i) {
                            " class=\"num\""
                        } else {
                            ""
                        };
                        let _ = write!(
                            h,
                            "<td{class} data-label=\"{}\">{cell}</td>",
                            l.cadence_head[i]
                        );
                    }
                    h.push_str("</tr>\n");
                }
                h.push_str("</table>\n");
            }
            None => {
                let _ = writeln!(h, "<p class=\"note\">{}</p>", l.no_calendar);
            }
        }
        h.push_str("</section>\n");

        // Findings per rule.
        let _ = write!(
            h,
            "<section id=\"findings-per-rule\">\n<h2>{}</h2>\n",
            l.findings_per_rule
        );
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
        let items: Vec<(String, usize, &str)> = rows
            .iter()
            .map(|(r, n, s)| (r.to_string(), *n, severity_color(*s)))
            .collect();
        h.push_str(&bar_list(l.findings_per_rule, &items, Scale::Count, l));
        h.push_str("\n<ul class=\"legend\">");
        for s in [Severity::Error, Severity::Warning, Severity::Suggestion] {
            let _ = write!(
                h,
                "<li><i style=\"background:{}\"></i>{}</li>",
                severity_color(s),
                l.severity(s)
            );
        }
        h.push_str("</ul>\n</section>\n");

        // The posts: a card each, with its date, its findings and links to
        // the calendar findings that name it.
        let _ = write!(
            h,
            "<section id=\"findings-per-post\">\n<h2>{}</h2>\n",
            l.posts
        );
        let with = outcome
            .posts
            .iter()
            .filter(|p| !p.report.findings.is_empty())
            .count();
        let _ = writeln!(
            h,
            "<p class=\"note\">{}</p>",
            l.posts_note
                .replace("{a}", &with.to_string())
                .replace("{b}", &outcome.posts.len().to_string())
                .replace("{c}", &(carded.len() - with).to_string())
        );
        for &i in &listed {
            let p = &outcome.posts[i];
            let r = &p.report;
            let platform = rules
                .platform(&r.platform)
                .map_or(r.platform.as_str(), |pl| pl.name.as_str());
            let id =
                p.id.as_deref()
                    .map(|i| format!(" · id {}", escape(i)))
                    .unwrap_or_default();
            let date = match p.scheduled {
                Some(m) => {
                    let (y, mo, d) = postlint_engine::calendar::civil_from_days(m.div_euclid(1440));
                    let t = m.rem_euclid(1440);
                    format!(
                        "<span class=\"scheduled\">{} <time datetime=\"{y:04}-{mo:02}-{d:02}T{:02}:{:02}\">{}</time></span>",
                        l.scheduled,
                        t / 60,
                        t % 60,
                        escape(&calendar_view::date_time(m, l.lang))
                    )
                }
                None if calendar.is_some() => {
                    format!("<span class=\"scheduled\">{}</span>", l.not_scheduled)
                }
                None => String::new(),
            };
            let _ = writeln!(
                h,
                "<article class=\"post\" id=\"{}\">\n<h3>{}</h3>\n<p class=\"meta\">{}{}{} · {} · {}/{}{}</p>\n<blockquote>{}</blockquote>",
                post_anchor(i),
                escape(&name_of(p)),
                date,
                if date.is_empty() { "" } else { " · " },
                escape(platform),
                escape(&r.language),
                r.metrics.length,
                r.metrics.limit,
                id,
                marked_text(p)
            );
            if r.findings.is_empty() {
                let _ = writeln!(h, "<p class=\"note\">{}</p>", l.no_findings_of_its_own);
            } else {
                h.push_str("<ul class=\"findings\">\n");
                for f in &r.findings {
                    h.push_str("<li>");
                    finding_item(
                        &mut h,
                        l,
                        f.severity,
                        &f.rule,
                        &f.message,
                        f.help.as_deref(),
                    );
                    h.push_str("</li>\n");
                }
                h.push_str("</ul>\n");
            }
            if let (Some(findings), Some(c)) = (about.get(&i), calendar) {
                let links: Vec<String> = findings
                    .iter()
                    .map(|&fi| {
                        format!(
                            "<a href=\"#{}\">{}</a>",
                            calendar_anchor(fi),
                            escape(&c.report.findings[fi].rule)
                        )
                    })
                    .collect();
                let _ = writeln!(
                    h,
                    "<p class=\"about\">{} {}</p>",
                    l.about_this_post,
                    links.join(", ")
                );
            }
            h.push_str("</article>\n");
        }
        if carded.len() > listed.len() {
            let _ = writeln!(
                h,
                "<p class=\"note\">{}</p>",
                l.posts_more
                    .replace("{n}", &(carded.len() - listed.len()).to_string())
            );
        }
        h.push_str("</section>\n</main>\n</body>\n</html>\n");
        h
    }
}

/// A label that opens a heading: `input errors` → `Input errors`.
fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
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
        out.write_all(self.render(outcome, rules, "").as_bytes())
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
    fn share_bars_are_shares_of_all_posts() {
        let bars = bar_list(
            "t",
            &[("a<b".into(), 2, "#000"), ("c".into(), 0, "#000")],
            Scale::Share(8),
            &EN,
        );
        assert_eq!(bars.matches("class=\"bar\"").count(), 2);
        assert!(bars.contains("a&lt;b") && bars.contains("2 (25%)"));
        // 2 of 8 posts fill a quarter of the track, though 2 is the largest.
        assert!(bars.contains("style=\"width:25.00%;"), "{bars}");
        assert!(bars.contains("style=\"width:0.00%;"), "{bars}");
        assert!(bars.contains("<span>0%</span><span>50%</span><span>100%</span>"));
    }

    #[test]
    fn count_bars_are_drawn_against_the_largest() {
        let bars = bar_list(
            "t",
            &[("a".into(), 4, "#000"), ("b".into(), 1, "#000")],
            Scale::Count,
            &NL,
        );
        assert!(bars.contains("width:100.00%") && bars.contains("width:25.00%"));
        assert!(bars.contains("<span>0</span><span>2</span><span>4</span>"));
    }

    #[test]
    fn weeks_are_grouped_by_month_and_labelled_with_dates() {
        use postlint_engine::calendar::{days_from_civil, iso_week};
        let weeks: Vec<Week> = [(2025, 12, 22), (2025, 12, 29), (2026, 1, 5), (2026, 1, 12)]
            .iter()
            .map(|&(y, m, d)| {
                let monday = days_from_civil(y, m, d);
                Week {
                    key: iso_week(monday),
                    monday,
                }
            })
            .collect();
        let per_week: BTreeMap<String, usize> = [("2026-W01".to_string(), 3)].into();
        let svg = week_chart(&weeks, &[("LinkedIn", &per_week)], &EN);
        assert_eq!(svg.matches("<figure class=\"month\">").count(), 2);
        assert!(svg.contains("<figcaption>December 2025</figcaption>"));
        assert!(svg.contains("<figcaption>January 2026</figcaption>"));
        let labels: Vec<&str> = svg
            .split("<text class=\"week muted\"")
            .skip(1)
            .map(|t| &t[..t.find("</text>").unwrap_or(t.len())])
            .collect();
        assert_eq!(labels.len(), 4);
        assert!(labels[0].contains(">22 Dec</tspan>") && labels[0].contains(">2025</tspan>"));
        assert!(labels[1].contains(">29 Dec</tspan>") && !labels[1].contains(">2025</tspan>"));
        assert!(labels[2].contains(">5 Jan</tspan>") && labels[2].contains(">2026</tspan>"));
        assert!(!labels[3].contains(">2026</tspan>"));
        // The week of 29 December is ISO week 1 of 2026: its posts are drawn there.
        assert!(svg.contains("data-week=\"2026-W01\" data-posts=\"3\""));
        let nl = week_chart(&weeks, &[("LinkedIn", &per_week)], &NL);
        assert!(
            nl.contains("<figcaption>januari 2026</figcaption>") && nl.contains(">5 jan</tspan>")
        );
    }
}
