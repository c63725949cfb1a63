//! Findings held against results: analytics exports (LinkedIn, Meta, X) read
//! row by row, joined to a calendar's linted posts by post id or by date and
//! platform, and per rule and per principle the engagement rate of posts
//! with it compared to the posts without it. Values in, values out: nothing
//! here lints, prints or reads files.

use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;

use serde::Serialize;

use crate::csv::CsvReader;
use crate::dates::DateReader;
use crate::input::InputError;
use crate::records::platform_id;

/// Fewer posts than this on either side of a comparison: "not enough posts".
pub const MIN_PER_SIDE: usize = 10;
/// Bootstrap resamples of each comparison.
pub const RESAMPLES: usize = 2000;
/// The bootstrap's fixed seed, so the same inputs always give the same intervals.
pub const SEED: u64 = 20_260_606;
/// The confidence level of the bootstrap interval.
pub const CONFIDENCE: f64 = 0.95;

/// A column of an analytics export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Column {
    Id,
    Date,
    Platform,
    Reach,
    Impressions,
    Engagements,
    Clicks,
    /// Meta's "Reactions, Comments and Shares".
    Interactions,
    Reactions,
    Comments,
    Shares,
}

impl Column {
    const ALL: [Column; 11] = [
        Column::Id,
        Column::Date,
        Column::Platform,
        Column::Reach,
        Column::Impressions,
        Column::Engagements,
        Column::Clicks,
        Column::Interactions,
        Column::Reactions,
        Column::Comments,
        Column::Shares,
    ];

    /// Header names (lower case, `_`/`-` as spaces) of LinkedIn, Meta and X
    /// exports and of schedulers; earlier names win.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Column::Id => &["post id", "tweet id", "id", "content id", "update id"],
            Column::Date => &[
                "publish time",
                "created date",
                "created at",
                "published at",
                "published",
                "publish date",
                "post date",
                "date posted",
                "date",
                "time",
            ],
            Column::Platform => &["platform", "network", "channel", "social network"],
            Column::Reach => &[
                "reach",
                "post reach",
                "accounts reached",
                "members reached",
                "unique impressions",
            ],
            Column::Impressions => &["impressions", "post impressions", "views"],
            Column::Engagements => &["engagements", "total engagements", "engagement"],
            Column::Clicks => &["clicks", "total clicks", "url clicks", "link clicks"],
            Column::Interactions => &["reactions, comments and shares"],
            Column::Reactions => &["reactions", "likes"],
            Column::Comments => &["comments", "replies"],
            Column::Shares => &["shares", "reposts", "retweets"],
        }
    }
}

/// One row of an analytics export, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultRow {
    pub source: String,
    pub line: usize,
    pub id: Option<String>,
    /// Minutes since 1970-01-01 on the calendar's clock.
    pub date: Option<i64>,
    pub platform: Option<String>,
    pub reach: Option<f64>,
    pub impressions: Option<f64>,
    pub engagements: f64,
    pub clicks: Option<f64>,
}

impl ResultRow {
    /// Engagements per impression (per reach when there are no impressions);
    /// `None` when neither is above 0.
    pub fn engagement_rate(&self) -> Option<f64> {
        let base = self
            .impressions
            .filter(|&n| n > 0.0)
            .or(self.reach.filter(|&n| n > 0.0))?;
        Some(self.engagements / base)
    }
}

/// A number as exports write it: `1234`, `1,234`, `1234.5`; empty, `-` or
/// `n/a` is no number.
fn number(text: &str) -> Result<Option<f64>, ()> {
    let t = text.trim();
    if t.is_empty() || t == "-" || t.eq_ignore_ascii_case("n/a") {
        return Ok(None);
    }
    let plain: String = t
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' '))
        .collect();
    match plain.parse::<f64>() {
        Ok(n) if n.is_finite() && n >= 0.0 => Ok(Some(n)),
        _ => Err(()),
    }
}

/// Read an analytics export (CSV with a header row). Each row is a
/// [`ResultRow`] or an [`InputError`] naming `source` and its line; a bad
/// row never stops the others. `platform` is the platform of rows that do
/// not name one (an X export, recognised by its `Tweet id`, is `x`).
pub fn read_export<R: BufRead>(
    source: &str,
    reader: R,
    dates: &DateReader,
    platform: Option<&str>,
) -> Vec<Result<ResultRow, InputError>> {
    let err = |line: usize, message: String| InputError {
        source: source.to_string(),
        line: Some(line),
        message,
    };
    let mut csv = CsvReader::new(reader);
    let header = match csv.next_line() {
        Some((_, Ok(h))) => h,
        Some((n, Err(message))) => return vec![Err(err(n, message))],
        None => return vec![Err(err(1, "empty export: expected a header row".into()))],
    };
    csv.sniff(&header);
    csv.pending.push_front((1, header));
    let names: Vec<String> = match csv.next_row() {
        Some(Ok(row)) => row
            .fields
            .iter()
            .map(|h| crate::records::normalize_header(h))
            .collect(),
        Some(Err(e)) => return vec![Err(err(e.line, format!("header: {}", e.message)))],
        None => Vec::new(),
    };
    let mut columns: BTreeMap<Column, usize> = BTreeMap::new();
    for column in Column::ALL {
        for syn in column.synonyms() {
            let free = |i: &usize| !columns.values().any(|c| c == i);
            if let Some(i) = names.iter().position(|n| n == syn).filter(free) {
                columns.insert(column, i);
                break;
            }
        }
    }
    let has = |c| columns.contains_key(&c);
    if !has(Column::Id) && !has(Column::Date) {
        return vec![Err(err(1, format!("no post id and no date column in the header ({}): name one `Post ID`, `Tweet id`, `Date`, `Created date` or `time`", names.join(", "))))];
    }
    if ![
        Column::Engagements,
        Column::Interactions,
        Column::Reactions,
        Column::Clicks,
    ]
    .into_iter()
    .any(has)
    {
        return vec![Err(err(1, format!("no engagements in the header ({}): name a column `Engagements`, `Clicks`, `Reactions`, `Comments` or `Shares`", names.join(", "))))];
    }
    let x_export = names
        .iter()
        .any(|n| n == "tweet id" || n == "tweet permalink");
    let default_platform = platform
        .map(platform_id)
        .or(x_export.then(|| "x".to_string()));
    let width = names.len();
    let mut rows = Vec::new();
    while let Some(row) = csv.next_row() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                rows.push(Err(err(e.line, e.message)));
                continue;
            }
        };
        if row.fields.len() > width {
            rows.push(Err(err(
                row.line,
                format!(
                    "this row has {} fields but the header has {width}",
                    row.fields.len()
                ),
            )));
            continue;
        }
        let text = |c: Column| {
            columns
                .get(&c)
                .and_then(|&i| row.fields.get(i))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
        };
        let num = |c: Column| -> Result<Option<f64>, InputError> {
            match text(c) {
                None => Ok(None),
                Some(t) => number(t).map_err(|()| {
                    let name = &names[columns[&c]];
                    err(row.line, format!("column `{name}`: `{t}` is not a number"))
                }),
            }
        };
        let read = || -> Result<ResultRow, InputError> {
            let date = match text(Column::Date) {
                Some(d) => Some(dates.read(d).map_err(|m| err(row.line, m))?),
                None => None,
            };
            let id = text(Column::Id).map(str::to_string);
            if id.is_none() && date.is_none() {
                return Err(err(
                    row.line,
                    "nothing to join by: no post id and no date".into(),
                ));
            }
            let clicks = num(Column::Clicks)?;
            let parts = [
                num(Column::Interactions)?,
                num(Column::Reactions)?,
                num(Column::Comments)?,
                num(Column::Shares)?,
            ];
            // Meta's combined column already holds reactions, comments and shares.
            let interactions = parts[0].or_else(|| {
                let some: Vec<f64> = parts[1..].iter().flatten().copied().collect();
                (!some.is_empty()).then(|| some.iter().sum())
            });
            let engagements = match num(Column::Engagements)? {
                Some(e) => e,
                None => match (interactions, clicks) {
                    (None, None) => {
                        return Err(err(
                            row.line,
                            "no engagements: the row has no engagements, clicks or reactions"
                                .into(),
                        ))
                    }
                    (i, c) => i.unwrap_or(0.0) + c.unwrap_or(0.0),
                },
            };
            Ok(ResultRow {
                source: source.to_string(),
                line: row.line,
                id,
                date,
                platform: text(Column::Platform)
                    .map(platform_id)
                    .or(default_platform.clone()),
                reach: num(Column::Reach)?,
                impressions: num(Column::Impressions)?,
                engagements,
                clicks,
            })
        };
        rows.push(read());
    }
    rows
}

/// A linted post of the calendar, as far as the comparison needs it.
#[derive(Debug, Clone, Default)]
pub struct CalendarPost {
    pub source: String,
    pub record: Option<usize>,
    pub id: Option<String>,
    /// Minutes since 1970-01-01 on the calendar's clock.
    pub scheduled: Option<i64>,
    pub platform: String,
    /// The rules with a finding in the post.
    pub rules: Vec<String>,
    /// The principles the post uses.
    pub principles: Vec<String>,
}

/// An export row that found no post.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Unmatched {
    pub source: String,
    pub line: usize,
    /// Why, in English (`why` in words).
    pub reason: String,
    /// Why, for a report to put in its own words (not in the JSON).
    #[serde(skip)]
    pub why: Unjoined,
}

/// Why an export row found no post.
#[derive(Debug, Clone, PartialEq)]
pub enum Unjoined {
    /// No post has the row's id, and the row has no date.
    NoId { id: String },
    /// No post that day (on the row's platform), nor with the row's id.
    NoneThatDay {
        id: Option<String>,
        platform: Option<String>,
    },
    /// Several posts that day (on the row's platform), none at the row's time.
    NoneAtThatTime {
        posts: usize,
        platform: Option<String>,
    },
    /// An earlier row already holds the results of this post (`file:record`).
    Taken { post: String },
}

impl Unjoined {
    /// The reason in English, as the JSON gives it.
    pub fn english(&self) -> String {
        let on = |p: &Option<String>| p.as_deref().map(|p| format!(" on {p}")).unwrap_or_default();
        match self {
            Unjoined::NoId { id } => format!("no calendar post with id `{id}`"),
            Unjoined::NoneThatDay {
                id: Some(id),
                platform,
            } => format!(
                "no calendar post with id `{id}`, and none that day{}",
                on(platform)
            ),
            Unjoined::NoneThatDay { id: None, platform } => {
                format!("no calendar post that day{}", on(platform))
            }
            Unjoined::NoneAtThatTime { posts, platform } => format!(
                "{posts} calendar posts that day{} and none at that time",
                on(platform)
            ),
            Unjoined::Taken { post } => {
                format!("an earlier row already holds the results of {post}")
            }
        }
    }
}

/// A calendar post: where it is.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PostRef {
    pub source: String,
    pub record: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// How the export rows and the calendar's posts met.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct JoinCounts {
    /// Rows read without error.
    pub export_rows: usize,
    /// Rows joined to a post (by id and by date and platform).
    pub matched: usize,
    pub by_id: usize,
    pub by_date: usize,
    /// Rows that found no post, or a post another row had found.
    pub unmatched: usize,
    /// Matched rows without impressions or reach: no engagement rate, left out of the comparisons.
    pub without_rate: usize,
    /// Posts linted in the calendar.
    pub calendar_posts: usize,
    /// Calendar posts no row was joined to.
    pub posts_without_results: usize,
}

/// One side of a comparison.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Side {
    pub posts: usize,
    /// The median engagement rate (a fraction: 0.021 is 2.1 %); `null` without posts.
    pub median: Option<f64>,
}

/// Posts with a finding (or a principle) against the posts without it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Comparison {
    pub with: Side,
    pub without: Side,
    /// Both sides have at least [`MIN_PER_SIDE`] posts; the figures below are `null` otherwise.
    pub enough: bool,
    /// Median with minus median without, as a fraction.
    pub difference: Option<f64>,
    /// The bootstrap interval of `difference`.
    pub interval: Option<[f64; 2]>,
    /// `difference` relative to the median without (0.4 is +40 %); `null` when that median is 0.
    pub relative: Option<f64>,
    /// Two-sided Mann–Whitney U test (normal approximation with tie and continuity correction).
    pub p_value: Option<f64>,
}

/// A rule or principle and its comparison.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Group {
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    pub comparison: Comparison,
}

/// An input error as the report lists it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReportError {
    pub source: String,
    pub line: Option<usize>,
    pub message: String,
}

impl From<&InputError> for ReportError {
    fn from(e: &InputError) -> Self {
        ReportError {
            source: e.source.clone(),
            line: e.line,
            message: e.message.clone(),
        }
    }
}

/// The whole comparison (docs/schema/results-v1.json).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ResultsReport {
    pub version: u32,
    /// Always `engagement_rate`: engagements per impression (per reach without impressions).
    pub metric: &'static str,
    pub minimum_per_side: usize,
    pub resamples: usize,
    pub seed: u64,
    pub confidence: f64,
    pub join: JoinCounts,
    pub unmatched: Vec<Unmatched>,
    pub without_results: Vec<PostRef>,
    /// Rules with a finding in at least one matched post: those with enough posts first, by p-value.
    pub rules: Vec<Group>,
    /// Every principle of the loaded packs, in their order.
    pub principles: Vec<Group>,
    /// Input errors of the calendars and the exports.
    pub errors: Vec<ReportError>,
}

const DAY: i64 = 24 * 60;

/// Join export rows to posts: by post id, else by the day (and the minute,
/// when several posts share the day) on the row's platform. Each post takes
/// one row; returns the engagement rate (or `None`) per post index.
fn join(
    posts: &[CalendarPost],
    rows: &[ResultRow],
) -> (Vec<Option<Option<f64>>>, JoinCounts, Vec<Unmatched>) {
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    let mut by_day: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, p) in posts.iter().enumerate() {
        if let Some(id) = &p.id {
            by_id.entry(id.trim()).or_insert(i);
        }
        if let Some(s) = p.scheduled {
            by_day.entry(s.div_euclid(DAY)).or_default().push(i);
        }
    }
    let mut rate: Vec<Option<Option<f64>>> = vec![None; posts.len()];
    let mut counts = JoinCounts {
        export_rows: rows.len(),
        calendar_posts: posts.len(),
        ..JoinCounts::default()
    };
    let mut unmatched = Vec::new();
    let place = |p: &CalendarPost| match p.record {
        Some(r) => format!("{}:{r}", p.source),
        None => p.source.clone(),
    };
    for row in rows {
        let found: Result<(usize, bool), Unjoined> = match (
            row.id.as_deref().and_then(|id| by_id.get(id.trim())),
            row.date,
        ) {
            (Some(&i), _) => Ok((i, true)),
            (None, Some(date)) => {
                let day = by_day
                    .get(&date.div_euclid(DAY))
                    .map_or(&[][..], Vec::as_slice);
                let same: Vec<usize> = day
                    .iter()
                    .copied()
                    .filter(|&i| {
                        row.platform
                            .as_ref()
                            .is_none_or(|pl| *pl == posts[i].platform)
                    })
                    .collect();
                let exact: Vec<usize> = same
                    .iter()
                    .copied()
                    .filter(|&i| posts[i].scheduled == Some(date))
                    .collect();
                match (same.as_slice(), exact.as_slice()) {
                    (_, [i]) | ([i], _) => Ok((*i, false)),
                    ([], _) => Err(Unjoined::NoneThatDay {
                        id: row.id.clone(),
                        platform: row.platform.clone(),
                    }),
                    (many, _) => Err(Unjoined::NoneAtThatTime {
                        posts: many.len(),
                        platform: row.platform.clone(),
                    }),
                }
            }
            (None, None) => Err(Unjoined::NoId {
                id: row.id.clone().unwrap_or_default(),
            }),
        };
        match found {
            Ok((i, _)) if rate[i].is_some() => {
                let why = Unjoined::Taken {
                    post: place(&posts[i]),
                };
                unmatched.push(Unmatched {
                    source: row.source.clone(),
                    line: row.line,
                    reason: why.english(),
                    why,
                });
            }
            Ok((i, id)) => {
                counts.matched += 1;
                if id {
                    counts.by_id += 1;
                } else {
                    counts.by_date += 1;
                }
                let r = row.engagement_rate();
                counts.without_rate += usize::from(r.is_none());
                rate[i] = Some(r);
            }
            Err(why) => unmatched.push(Unmatched {
                source: row.source.clone(),
                line: row.line,
                reason: why.english(),
                why,
            }),
        }
    }
    counts.unmatched = unmatched.len();
    counts.posts_without_results = rate.iter().filter(|r| r.is_none()).count();
    (rate, counts, unmatched)
}

/// Join `rows` to `posts` and compare, per rule and per principle
/// (`principles`: id and name, in order), the engagement rates of posts with
/// it and without it.
pub fn hold_against(
    posts: &[CalendarPost],
    rows: &[ResultRow],
    principles: &[(String, String)],
) -> ResultsReport {
    let (rates, join, unmatched) = join(posts, rows);
    let scored: Vec<(&CalendarPost, f64)> = posts
        .iter()
        .zip(&rates)
        .filter_map(|(p, r)| Some((p, (*r)??)))
        .collect();
    let split = |has: &dyn Fn(&CalendarPost) -> bool| {
        let (with, without): (Vec<_>, Vec<_>) = scored.iter().partition(|(p, _)| has(p));
        let values = |v: Vec<&(&CalendarPost, f64)>| -> Vec<f64> {
            v.into_iter().map(|(_, r)| *r).collect()
        };
        compare(&values(with), &values(without))
    };
    let mut rule_ids: Vec<&str> = scored
        .iter()
        .flat_map(|(p, _)| p.rules.iter().map(String::as_str))
        .collect();
    rule_ids.sort_unstable();
    rule_ids.dedup();
    let mut rules: Vec<Group> = rule_ids
        .into_iter()
        .map(|id| Group {
            id: id.to_string(),
            name: id.to_string(),
            comparison: split(&|p| p.rules.iter().any(|r| r == id)),
        })
        .collect();
    rules.sort_by(|a, b| {
        let key = |g: &Group| (!g.comparison.enough, g.comparison.p_value.unwrap_or(1.0));
        let (ka, kb) = (key(a), key(b));
        ka.0.cmp(&kb.0)
            .then(ka.1.total_cmp(&kb.1))
            .then(a.id.cmp(&b.id))
    });
    let principles = principles
        .iter()
        .map(|(id, name)| Group {
            id: id.clone(),
            name: name.clone(),
            comparison: split(&|p| p.principles.contains(id)),
        })
        .collect();
    let without_results = posts
        .iter()
        .zip(&rates)
        .filter(|(_, r)| r.is_none())
        .map(|(p, _)| PostRef {
            source: p.source.clone(),
            record: p.record,
            id: p.id.clone(),
        })
        .collect();
    ResultsReport {
        version: 1,
        metric: "engagement_rate",
        minimum_per_side: MIN_PER_SIDE,
        resamples: RESAMPLES,
        seed: SEED,
        confidence: CONFIDENCE,
        join,
        unmatched,
        without_results,
        rules,
        principles,
        errors: Vec::new(),
    }
}

// ---------------------------------------------------------------- statistics

/// Compare two samples: medians, and with [`MIN_PER_SIDE`] on each side the
/// difference of medians, its bootstrap interval and a Mann–Whitney p-value.
pub fn compare(with: &[f64], without: &[f64]) -> Comparison {
    let side = |v: &[f64]| Side {
        posts: v.len(),
        median: median(&mut v.to_vec()),
    };
    let (w, wo) = (side(with), side(without));
    let enough = with.len() >= MIN_PER_SIDE && without.len() >= MIN_PER_SIDE;
    let mut c = Comparison {
        with: w,
        without: wo,
        enough,
        difference: None,
        interval: None,
        relative: None,
        p_value: None,
    };
    if let (true, Some(a), Some(b)) = (enough, c.with.median, c.without.median) {
        c.difference = Some(a - b);
        c.relative = (b > 0.0).then(|| (a - b) / b);
        c.interval = Some(bootstrap(with, without));
        c.p_value = Some(mann_whitney(with, without));
    }
    c
}

/// The median; `None` for no values.
pub fn median(v: &mut [f64]) -> Option<f64> {
    let n = v.len();
    if n == 0 {
        return None;
    }
    let (left, &mut mid, _) = v.select_nth_unstable_by(n / 2, f64::total_cmp);
    if n % 2 == 1 {
        return Some(mid);
    }
    // `left` holds the n/2 smallest values: the other middle one is its largest.
    let below = left.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Some((below + mid) / 2.0)
}

/// SplitMix64, seeded with [`SEED`] for every comparison.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Percentile bootstrap interval of the difference of medians: both
/// samples resampled with replacement [`RESAMPLES`] times.
fn bootstrap(a: &[f64], b: &[f64]) -> [f64; 2] {
    let mut rng = Rng(SEED);
    let (mut ra, mut rb) = (vec![0.0; a.len()], vec![0.0; b.len()]);
    let mut diffs: Vec<f64> = (0..RESAMPLES)
        .map(|_| {
            for x in ra.iter_mut() {
                *x = a[rng.below(a.len())];
            }
            for x in rb.iter_mut() {
                *x = b[rng.below(b.len())];
            }
            // Both samples have posts (the caller checks the minimum).
            median(&mut ra).unwrap_or(0.0) - median(&mut rb).unwrap_or(0.0)
        })
        .collect();
    diffs.sort_unstable_by(f64::total_cmp);
    let tail = (1.0 - CONFIDENCE) / 2.0;
    let lo = (tail * RESAMPLES as f64).floor() as usize;
    let hi = ((1.0 - tail) * RESAMPLES as f64).ceil() as usize - 1;
    [diffs[lo], diffs[hi.min(RESAMPLES - 1)]]
}

/// Two-sided p-value of the Mann–Whitney U test, by the normal
/// approximation with the tie correction and a continuity correction.
pub fn mann_whitney(a: &[f64], b: &[f64]) -> f64 {
    let (n1, n2) = (a.len() as f64, b.len() as f64);
    let mut all: Vec<(f64, bool)> = a
        .iter()
        .map(|&x| (x, true))
        .chain(b.iter().map(|&x| (x, false)))
        .collect();
    all.sort_by(|x, y| x.0.total_cmp(&y.0));
    let n = all.len();
    let (mut rank_a, mut ties) = (0.0, 0.0);
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && all[j + 1].0 == all[i].0 {
            j += 1;
        }
        // Ranks i+1..=j+1 share their average.
        let rank = (i + j + 2) as f64 / 2.0;
        let t = (j - i + 1) as f64;
        ties += t * t * t - t;
        rank_a += rank * all[i..=j].iter().filter(|x| x.1).count() as f64;
        i = j + 1;
    }
    let u = rank_a - n1 * (n1 + 1.0) / 2.0;
    let mean = n1 * n2 / 2.0;
    let total = n1 + n2;
    let var = n1 * n2 / 12.0 * ((total + 1.0) - ties / (total * (total - 1.0)));
    if var <= 0.0 {
        return 1.0;
    }
    let z = ((u - mean).abs() - 0.5).max(0.0) / var.sqrt();
    erfc(z / std::f64::consts::SQRT_2).min(1.0)
}

/// The complementary error function (Numerical Recipes' `erfcc`, relative error below 1.2e-7).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_samples() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn mann_whitney_matches_the_textbook_value() {
        // Two samples of 10 with no overlap: U = 0, z = 3.74, p = 0.00018
        // (scipy.stats.mannwhitneyu with method="asymptotic" gives 0.000183).
        let a: Vec<f64> = (1..=10).map(f64::from).collect();
        let b: Vec<f64> = (11..=20).map(f64::from).collect();
        let p = mann_whitney(&a, &b);
        assert!((p - 0.000_183).abs() < 0.000_005, "{p}");
        assert!((mann_whitney(&a, &a) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn below_the_minimum_there_are_no_figures_but_counts() {
        let c = compare(&[0.01; 9], &[0.02; 30]);
        assert!(!c.enough);
        assert_eq!((c.with.posts, c.without.posts), (9, 30));
        assert_eq!((c.difference, c.p_value, c.interval), (None, None, None));
    }

    #[test]
    fn the_bootstrap_is_reproducible_and_covers_the_difference() {
        let a: Vec<f64> = (0..40).map(|i| 0.01 + f64::from(i) * 0.0005).collect();
        let b: Vec<f64> = (0..60).map(|i| 0.02 + f64::from(i) * 0.0005).collect();
        let c = compare(&a, &b);
        let d = c.difference.expect("enough posts");
        let [lo, hi] = c.interval.expect("an interval");
        assert!(lo <= d && d <= hi && hi < 0.0, "{lo} {d} {hi}");
        assert_eq!(compare(&a, &b), c);
    }

    #[test]
    fn exports_of_x_and_meta_are_read_by_their_column_names() {
        let dates = DateReader::default();
        let x = "Tweet id,Tweet permalink,time,impressions,engagements,url clicks\n1790,https://x.com/a/status/1790,2026-03-02 09:00 +0000,1000,25,4\n";
        let rows = read_export("x.csv", x.as_bytes(), &dates, None);
        let row = rows[0].as_ref().expect("a row");
        assert_eq!(row.platform.as_deref(), Some("x"));
        assert_eq!(row.id.as_deref(), Some("1790"));
        assert_eq!(row.engagement_rate(), Some(0.025));
        let meta = "Post ID,Publish time,Reach,Impressions,\"Reactions, Comments and Shares\",Total clicks\n9,2026-03-02 09:00,800,\"1,000\",30,10\n10,2026-03-03 09:00,800,lots,30,10\n";
        let rows = read_export("meta.csv", meta.as_bytes(), &dates, Some("facebook"));
        let row = rows[0].as_ref().expect("a row");
        assert_eq!((row.engagements, row.impressions), (40.0, Some(1000.0)));
        let e = rows[1].as_ref().expect_err("a bad number");
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("`impressions`: `lots`"), "{}", e.message);
    }
}
