//! `postlint report --results`: the comparison of findings against results,
//! as text, as JSON (docs/schema/results-v1.json) and as a section of the
//! HTML report. Renders the library's `ResultsReport`; computes nothing.

use std::fmt::Write as _;

use postlint::results::{Comparison, Group, ResultsReport, Unjoined};
use postlint::UiLang;

use super::html::escape;
use super::words::{count, Noun};

/// An output format of `postlint report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ResultsFormat {
    /// Lines of text (for people).
    Human,
    /// One JSON document (docs/schema/results-v1.json).
    Json,
    /// The HTML report of the calendar with a section on the results (with `--output`).
    Html,
}

/// Rows and posts listed by name; the rest are counted.
const LISTED: usize = 20;

/// The words of the results report (text and HTML) in one UI language;
/// principle names come from the packs in it.
#[derive(Debug)]
struct Phrases {
    title: &'static str,
    post: Noun,
    row: Noun,
    calendar_post: Noun,
    /// The labels before the join's lines: calendar, results, joined,
    /// measure, numbers.
    labels: [&'static str; 5],
    /// "({rows} read, {n} with errors)"
    read: &'static str,
    with_errors: &'static str,
    by_id: &'static str,
    by_date: &'static str,
    unmatched: &'static str,
    without_results: &'static str,
    without_rate: &'static str,
    measure: &'static str,
    /// {confidence}, {resamples}, {seed}, {minimum}
    numbers: &'static str,
    rules: &'static str,
    principles: &'static str,
    no_finding: &'static str,
    /// "posts with `{id}`"
    posts_with_rule: &'static str,
    /// "posts using {name}"
    posts_using: &'static str,
    median_rate: &'static str,
    vs: &'static str,
    difference: &'static str,
    /// After a difference in percentage points.
    points: &'static str,
    not_enough: &'static str,
    /// "at least {minimum} on each side"
    at_least: &'static str,
    unmatched_rows: &'static str,
    /// Why a row found no post: no id ({id}), no id and none that day
    /// ({id}, {on}), none that day ({on}), none at that time ({n}, {on}),
    /// taken ({post}); {on} is `on` with {platform}, or nothing.
    unjoined: [&'static str; 5],
    on: &'static str,
    /// "and {n} more"
    and_more: &'static str,
    posts_without_results: &'static str,
    not_causation: &'static str,
    /// The HTML cards: rows joined, rows unmatched, input errors, posts without results.
    cards: [&'static str; 4],
    /// {confidence}, {resamples}, {seed}, {minimum}
    html_note: &'static str,
    none_enough: &'static str,
    interval_to: &'static str,
    every_comparison: &'static str,
    /// posts with, n, median with, median without, difference, p
    table_head: [&'static str; 6],
}

const EN: Phrases = Phrases {
    title: "Findings held against results",
    post: ("post", "posts"),
    row: ("row", "rows"),
    calendar_post: ("calendar post", "calendar posts"),
    labels: ["calendar:", "results:", "joined:", "measure:", "numbers:"],
    read: "read",
    with_errors: "with errors",
    by_id: "by post id",
    by_date: "by date and platform",
    unmatched: "unmatched",
    without_results: "without results",
    without_rate: "without impressions or reach",
    measure: "engagement rate = engagements / impressions (reach when there are none)",
    numbers: "medians; their difference in percentage points with a {confidence} % bootstrap interval ({resamples} resamples, seed {seed}); Mann-Whitney p; at least {minimum} posts on each side",
    rules: "Rules",
    principles: "Principles",
    no_finding: "no matched post has a finding",
    posts_with_rule: "posts with",
    posts_using: "posts using",
    median_rate: "median engagement rate",
    vs: "vs",
    difference: "difference",
    points: "points",
    not_enough: "not enough posts",
    at_least: "at least {minimum} on each side",
    unmatched_rows: "Unmatched export rows",
    unjoined: [
        "no calendar post with id `{id}`",
        "no calendar post with id `{id}`, and none that day{on}",
        "no calendar post that day{on}",
        "{n} calendar posts that day{on} and none at that time",
        "an earlier row already holds the results of {post}",
    ],
    on: " on {platform}",
    and_more: "and {n} more",
    posts_without_results: "Calendar posts without results",
    not_causation: "Correlation, not causation: posts with a finding differ in more ways than the finding (docs/calendars.md).",
    cards: ["export rows joined", "export rows unmatched", "input errors", "posts without results"],
    html_note: "Median engagement rate (engagements / impressions) of the posts with a finding or principle against the posts without it. Dot: the difference of medians in percentage points; bar: its {confidence} % bootstrap interval ({resamples} resamples, seed {seed}); p: Mann–Whitney. Fewer than {minimum} posts on a side: not enough posts. Correlation, not causation.",
    none_enough: "None with enough posts on both sides.",
    interval_to: "interval {lo} to {hi}",
    every_comparison: "Every comparison",
    table_head: ["posts with", "n", "median with", "median without", "difference", "p"],
};

const NL: Phrases = Phrases {
    title: "Opmerkingen getoetst aan resultaten",
    post: ("bericht", "berichten"),
    row: ("rij", "rijen"),
    calendar_post: ("kalenderbericht", "kalenderberichten"),
    labels: ["kalender:", "resultaten:", "gekoppeld:", "maatstaf:", "cijfers:"],
    read: "gelezen",
    with_errors: "met fouten",
    by_id: "op bericht-id",
    by_date: "op datum en platform",
    unmatched: "niet gekoppeld",
    without_results: "zonder resultaten",
    without_rate: "zonder weergaven of bereik",
    measure: "engagementratio = interacties / weergaven (bereik als er geen weergaven zijn)",
    numbers: "medianen; hun verschil in procentpunten met een bootstrapinterval van {confidence} % ({resamples} steekproeven, seed {seed}); p volgens Mann-Whitney; minstens {minimum} berichten aan elke kant",
    rules: "Regels",
    principles: "Principes",
    no_finding: "geen enkel gekoppeld bericht heeft een opmerking",
    posts_with_rule: "berichten met",
    posts_using: "berichten met",
    median_rate: "mediane engagementratio",
    vs: "tegenover",
    difference: "verschil",
    points: "procentpunt",
    not_enough: "te weinig berichten",
    at_least: "minstens {minimum} aan elke kant",
    unmatched_rows: "Niet-gekoppelde exportrijen",
    unjoined: [
        "geen kalenderbericht met id `{id}`",
        "geen kalenderbericht met id `{id}`, en ook geen die dag{on}",
        "geen kalenderbericht die dag{on}",
        "{n} kalenderberichten die dag{on}, maar geen op dat tijdstip",
        "een eerdere rij heeft de resultaten van {post} al",
    ],
    on: " op {platform}",
    and_more: "en nog {n}",
    posts_without_results: "Kalenderberichten zonder resultaten",
    not_causation: "Correlatie, geen oorzakelijk verband: berichten met een opmerking verschillen op meer punten dan die opmerking alleen (docs/calendars.md).",
    cards: ["exportrijen gekoppeld", "exportrijen niet gekoppeld", "invoerfouten", "berichten zonder resultaten"],
    html_note: "Mediane engagementratio (interacties / weergaven) van de berichten met een opmerking of principe tegenover de berichten zonder. Stip: het verschil tussen de medianen in procentpunten; balk: het bootstrapinterval van {confidence} % ({resamples} steekproeven, seed {seed}); p: Mann–Whitney. Minder dan {minimum} berichten aan een kant: te weinig berichten. Correlatie, geen oorzakelijk verband.",
    none_enough: "Geen enkele heeft genoeg berichten aan beide kanten.",
    interval_to: "interval {lo} tot {hi}",
    every_comparison: "Alle vergelijkingen",
    table_head: ["berichten met", "n", "mediaan met", "mediaan zonder", "verschil", "p"],
};

fn phrases(lang: UiLang) -> &'static Phrases {
    match lang {
        UiLang::En => &EN,
        UiLang::Nl => &NL,
    }
}

/// Why an export row found no post, in the words of `w`.
fn unjoined(why: &Unjoined, w: &Phrases) -> String {
    let on = |p: &Option<String>| {
        p.as_deref()
            .map(|p| w.on.replace("{platform}", p))
            .unwrap_or_default()
    };
    match why {
        Unjoined::NoId { id } => w.unjoined[0].replace("{id}", id),
        Unjoined::NoneThatDay {
            id: Some(id),
            platform,
        } => w.unjoined[1]
            .replace("{id}", id)
            .replace("{on}", &on(platform)),
        Unjoined::NoneThatDay { id: None, platform } => {
            w.unjoined[2].replace("{on}", &on(platform))
        }
        Unjoined::NoneAtThatTime { posts, platform } => w.unjoined[3]
            .replace("{n}", &posts.to_string())
            .replace("{on}", &on(platform)),
        Unjoined::Taken { post } => w.unjoined[4].replace("{post}", post),
    }
}

/// A phrase's `{confidence}`, `{resamples}`, `{seed}` and `{minimum}` filled in.
fn fill(phrase: &str, r: &ResultsReport) -> String {
    phrase
        .replace("{confidence}", &format!("{:.0}", r.confidence * 100.0))
        .replace("{resamples}", &r.resamples.to_string())
        .replace("{seed}", &r.seed.to_string())
        .replace("{minimum}", &r.minimum_per_side.to_string())
}

fn percent(rate: f64) -> String {
    format!("{:.1} %", rate * 100.0)
}

fn points(diff: f64) -> String {
    format!("{:+.1}", diff * 100.0)
}

fn p_value(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".into()
    } else {
        format!("p = {p:.3}")
    }
}

fn counts(c: &Comparison) -> String {
    format!("n = {} / {}", c.with.posts, c.without.posts)
}

/// `median engagement rate 0.8 % vs 2.1 % (n = 34 / 112); difference -1.3 points [-1.6, -0.9], -62 %, p < 0.001`,
/// or `not enough posts (…)`, in the UI language `lang`.
pub fn comparison_text(c: &Comparison, minimum: usize, lang: UiLang) -> String {
    let w = phrases(lang);
    match (c.with.median, c.without.median, c.difference, c.interval) {
        (Some(a), Some(b), Some(d), Some([lo, hi])) if c.enough => {
            let relative = c
                .relative
                .map(|r| format!(", {:+.0} %", r * 100.0))
                .unwrap_or_default();
            format!(
                "{} {} {} {} ({}); {} {} {} [{}, {}]{relative}, {}",
                w.median_rate,
                percent(a),
                w.vs,
                percent(b),
                counts(c),
                w.difference,
                points(d),
                w.points,
                points(lo),
                points(hi),
                p_value(c.p_value.unwrap_or(1.0))
            )
        }
        _ => format!(
            "{} ({}; {})",
            w.not_enough,
            counts(c),
            w.at_least.replace("{minimum}", &minimum.to_string())
        ),
    }
}

fn rule_line(g: &Group, minimum: usize, lang: UiLang) -> String {
    format!(
        "{} `{}`: {}",
        phrases(lang).posts_with_rule,
        g.id,
        comparison_text(&g.comparison, minimum, lang)
    )
}

fn principle_line(g: &Group, minimum: usize, lang: UiLang) -> String {
    format!(
        "{} {}: {}",
        phrases(lang).posts_using,
        g.name.to_lowercase(),
        comparison_text(&g.comparison, minimum, lang)
    )
}

/// The text report in the UI language `lang`: the join, one line per rule
/// and principle, the rows and posts left out.
pub fn human(r: &ResultsReport, calendars: &[String], exports: &[String], lang: UiLang) -> String {
    let w = phrases(lang);
    let j = &r.join;
    let mut s = String::new();
    // The labels in a column as wide as the longest and a space.
    let width = w
        .labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        + 1;
    let label = |i: usize| format!("{:<width$}", w.labels[i]);
    let _ = writeln!(s, "{}", w.title);
    let _ = writeln!(
        s,
        "  {}{} ({})",
        label(0),
        calendars.join(", "),
        count(j.calendar_posts, w.post)
    );
    let _ = writeln!(
        s,
        "  {}{} ({} {}, {} {})",
        label(1),
        exports.join(", "),
        count(j.export_rows, w.row),
        w.read,
        r.errors.len(),
        w.with_errors
    );
    let _ = writeln!(
        s,
        "  {}{} ({} {}, {} {}); {} {}; {} {}; {} {}",
        label(2),
        count(j.matched, w.row),
        j.by_id,
        w.by_id,
        j.by_date,
        w.by_date,
        count(j.unmatched, w.row),
        w.unmatched,
        count(j.posts_without_results, w.calendar_post),
        w.without_results,
        count(j.without_rate, w.row),
        w.without_rate
    );
    let _ = writeln!(s, "  {}{}", label(3), w.measure);
    let _ = writeln!(s, "  {}{}", label(4), fill(w.numbers, r));
    let _ = writeln!(s, "\n{}", w.rules);
    if r.rules.is_empty() {
        let _ = writeln!(s, "  {}", w.no_finding);
    }
    for g in &r.rules {
        let _ = writeln!(s, "  {}", rule_line(g, r.minimum_per_side, lang));
    }
    let _ = writeln!(s, "\n{}", w.principles);
    for g in &r.principles {
        let _ = writeln!(s, "  {}", principle_line(g, r.minimum_per_side, lang));
    }
    let more = |n: usize| w.and_more.replace("{n}", &n.to_string());
    if !r.unmatched.is_empty() {
        let _ = writeln!(s, "\n{} ({})", w.unmatched_rows, r.unmatched.len());
        for u in r.unmatched.iter().take(LISTED) {
            let _ = writeln!(s, "  {}:{}: {}", u.source, u.line, unjoined(&u.why, w));
        }
        if r.unmatched.len() > LISTED {
            let _ = writeln!(s, "  … {}", more(r.unmatched.len() - LISTED));
        }
    }
    if !r.without_results.is_empty() {
        let places: Vec<String> = r
            .without_results
            .iter()
            .take(LISTED)
            .map(|p| match p.record {
                Some(n) => format!("{}:{n}", p.source),
                None => p.source.clone(),
            })
            .collect();
        let more = r
            .without_results
            .len()
            .checked_sub(LISTED)
            .filter(|&m| m > 0)
            .map(|m| format!(" {}", more(m)))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "\n{} ({})\n  {}{more}",
            w.posts_without_results,
            r.without_results.len(),
            places.join(", ")
        );
    }
    let _ = writeln!(s, "\n{}", w.not_causation);
    s
}

/// The groups' effect rows: a dot at the difference of medians, a bar over
/// its interval, on an axis symmetric around 0 (`scale` points each side).
fn effect_rows(
    h: &mut String,
    groups: &[&Group],
    label: &dyn Fn(&Group) -> String,
    scale: f64,
    w: &Phrases,
) {
    let at = |x: f64| 50.0 + x / scale * 48.0;
    for g in groups {
        let c = &g.comparison;
        let (Some(d), Some([lo, hi])) = (c.difference, c.interval) else {
            continue;
        };
        let class = if d >= 0.0 { "up" } else { "down" };
        let _ = write!(
            h,
            "<div class=\"effect\"><div class=\"effect-label\">{}<span>{} {} {} · {} · {} {} · {}</span></div>",
            label(g),
            percent(c.with.median.unwrap_or(0.0)),
            w.vs,
            percent(c.without.median.unwrap_or(0.0)),
            counts(c),
            points(d),
            w.points,
            escape(&p_value(c.p_value.unwrap_or(1.0)))
        );
        let _ = writeln!(
            h,
            "<div class=\"effect-track\" role=\"img\" aria-label=\"{} {} {}, {}\"><span class=\"zero\" style=\"left:50%\"></span><span class=\"ci {class}\" style=\"left:{:.1}%;width:{:.1}%\"></span><span class=\"dot {class}\" style=\"left:{:.1}%\"></span></div></div>",
            w.difference,
            points(d),
            w.points,
            w.interval_to
                .replace("{lo}", &points(lo))
                .replace("{hi}", &points(hi)),
            at(lo),
            (at(hi) - at(lo)).max(0.5),
            at(d)
        );
    }
}

fn enough(groups: &[Group]) -> Vec<&Group> {
    groups.iter().filter(|g| g.comparison.enough).collect()
}

/// The section of the HTML report in the UI language `lang`: the join's
/// counts, an effect chart per rule and principle with enough posts, and a
/// table of every comparison.
pub fn html_section(r: &ResultsReport, lang: UiLang) -> String {
    let w = phrases(lang);
    let j = &r.join;
    let mut h = String::new();
    let _ = write!(
        h,
        "<section id=\"results\">\n<h2>{}</h2>\n<div class=\"cards\">\n",
        w.title
    );
    for (n, label) in [
        j.matched,
        j.unmatched,
        r.errors.len(),
        j.posts_without_results,
    ]
    .into_iter()
    .zip(w.cards)
    {
        let _ = writeln!(
            h,
            "<div class=\"card\"><b>{n}</b><span>{label}</span></div>"
        );
    }
    h.push_str("</div>\n");
    let _ = writeln!(h, "<p class=\"note\">{}</p>", escape(&fill(w.html_note, r)));
    let (rules, principles) = (enough(&r.rules), enough(&r.principles));
    let scale = rules
        .iter()
        .chain(&principles)
        .filter_map(|g| g.comparison.interval)
        .flat_map(|[lo, hi]| [lo.abs(), hi.abs()])
        .fold(0.001, f64::max);
    let axis = format!(
        "<div class=\"axis\"><span>{} {}</span><span>0</span><span>{} {}</span></div>\n",
        points(-scale),
        w.points,
        points(scale),
        w.points
    );
    for (title, groups, label) in [
        (
            w.rules,
            &rules,
            &(|g: &Group| format!("<code>{}</code>", escape(&g.id))) as &dyn Fn(&Group) -> String,
        ),
        (
            w.principles,
            &principles,
            &(|g: &Group| escape(&g.name)) as &dyn Fn(&Group) -> String,
        ),
    ] {
        let _ = writeln!(h, "<h3>{title}</h3>");
        if groups.is_empty() {
            let _ = writeln!(h, "<p class=\"note\">{}</p>", w.none_enough);
            continue;
        }
        effect_rows(&mut h, groups, label, scale, w);
        h.push_str(&axis);
    }
    let head = w.table_head;
    let _ = writeln!(
        h,
        "<h3>{}</h3>\n<div class=\"table-wrap\"><table>\n<tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr>",
        w.every_comparison, head[0], head[1], head[2], head[3], head[4], head[5]
    );
    for g in r.rules.iter().chain(&r.principles) {
        let c = &g.comparison;
        let median = |m: Option<f64>| m.map(percent).unwrap_or_else(|| "–".into());
        let (diff, p) = match (c.enough, c.difference, c.interval) {
            (true, Some(d), Some([lo, hi])) => (
                format!("{} [{}, {}]", points(d), points(lo), points(hi)),
                p_value(c.p_value.unwrap_or(1.0)),
            ),
            _ => (w.not_enough.into(), "–".into()),
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{} / {}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&g.name),
            c.with.posts,
            c.without.posts,
            median(c.with.median),
            median(c.without.median),
            escape(&diff),
            escape(&p)
        );
    }
    h.push_str("</table></div>\n");
    if !r.unmatched.is_empty() {
        let _ = writeln!(
            h,
            "<h3>{} ({})</h3>\n<ul class=\"records\">",
            w.unmatched_rows,
            r.unmatched.len()
        );
        for u in r.unmatched.iter().take(LISTED) {
            let _ = writeln!(
                h,
                "<li><code>{}:{}</code> {}</li>",
                escape(&u.source),
                u.line,
                escape(&unjoined(&u.why, w))
            );
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</section>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use postlint::results::compare;

    #[test]
    fn a_comparison_reads_as_a_sentence_or_says_not_enough_in_english_and_in_dutch() {
        let a = vec![0.008; 12];
        let b = vec![0.021; 30];
        for (lang, sentence, not_enough) in [
            (
                UiLang::En,
                "median engagement rate 0.8 % vs 2.1 % (n = 12 / 30); difference -1.3 points [-1.3, -1.3], -62 %, p < 0.001",
                "not enough posts (n = 3 / 30; at least 10 on each side)",
            ),
            (
                UiLang::Nl,
                "mediane engagementratio 0.8 % tegenover 2.1 % (n = 12 / 30); verschil -1.3 procentpunt [-1.3, -1.3], -62 %, p < 0.001",
                "te weinig berichten (n = 3 / 30; minstens 10 aan elke kant)",
            ),
        ] {
            let text = comparison_text(&compare(&a, &b), 10, lang);
            assert!(text.starts_with(sentence), "{text}");
            assert_eq!(comparison_text(&compare(&a[..3], &b), 10, lang), not_enough);
        }
    }

    #[test]
    fn why_a_row_found_no_post_reads_as_the_json_says_it_in_english_and_in_dutch() {
        let platform = Some("linkedin".to_string());
        let cases = [
            Unjoined::NoId { id: "7".into() },
            Unjoined::NoneThatDay {
                id: Some("7".into()),
                platform: platform.clone(),
            },
            Unjoined::NoneThatDay {
                id: None,
                platform: None,
            },
            Unjoined::NoneAtThatTime {
                posts: 2,
                platform: platform.clone(),
            },
            Unjoined::Taken {
                post: "calendar.csv:4".into(),
            },
        ];
        for why in &cases {
            assert_eq!(unjoined(why, &EN), why.english());
        }
        let nl: Vec<String> = cases.iter().map(|w| unjoined(w, &NL)).collect();
        assert_eq!(
            nl,
            [
                "geen kalenderbericht met id `7`",
                "geen kalenderbericht met id `7`, en ook geen die dag op linkedin",
                "geen kalenderbericht die dag",
                "2 kalenderberichten die dag op linkedin, maar geen op dat tijdstip",
                "een eerdere rij heeft de resultaten van calendar.csv:4 al",
            ]
        );
    }
}
