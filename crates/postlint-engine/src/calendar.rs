//! Calendars: a batch of posts summed up compactly (no texts kept) and the
//! `calendar rule`s evaluated over those summaries: shares of posts, cadence
//! per platform, gaps, busy days and the same text on several platforms.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::Severity;

/// What a calendar keeps of one post: enough for calendar rules and the
/// summary, in a few dozen bytes (no text), so a million posts fit in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostSummary {
    /// Record number in the input (CSV row, JSONL line, file number).
    pub record: usize,
    /// Scheduled time in minutes since 1970-01-01 00:00 (UTC or local, as given).
    pub scheduled: Option<i64>,
    /// Hash of the normalized text (lower-case prose words; no links, tags or mentions).
    pub(crate) text_key: u64,
    /// Index of the platform in the rule set's platforms.
    pub(crate) platform: u16,
    /// Bit i: the post uses principle i (declaration order).
    pub(crate) principles: u64,
    /// Bit i: per-post condition i of the calendar rules (`share(…)`) holds.
    pub(crate) predicates: u64,
    /// Bit i: the post names occasion i ([`crate::occasions::Occasion::ALL`],
    /// then the team's events).
    pub(crate) occasions: u64,
    /// The post's content pillar: 0 none, `i + 1` pillar `i` of the config.
    pub(crate) pillar: u8,
    pub(crate) flags: u8,
}

pub(crate) const QUESTION: u8 = 1;
pub(crate) const HUMOR: u8 = 2;
pub(crate) const SALES: u8 = 4;

impl PostSummary {
    pub(crate) fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
    pub(crate) fn predicate(&self, i: usize) -> bool {
        i < 64 && self.predicates & (1 << i) != 0
    }
    pub(crate) fn principle(&self, i: usize) -> bool {
        i < 64 && self.principles & (1 << i) != 0
    }
}

/// Pack booleans into a bitset (the first 64).
pub(crate) fn bits(values: impl IntoIterator<Item = bool>) -> u64 {
    values
        .into_iter()
        .take(64)
        .enumerate()
        .fold(0, |acc, (i, b)| acc | (u64::from(b) << i))
}

/// How a calendar rule groups the posts (`per:`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Per {
    /// The whole calendar at once.
    #[default]
    Calendar,
    /// Each platform apart (`per: platform`).
    Platform,
    /// Each calendar month apart (`per: month`); posts without a date are
    /// in no month.
    Month,
}

/// A finding of a calendar rule, pointing at the records involved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalendarFinding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// The platform, for rules evaluated per platform.
    pub platform: Option<String>,
    /// The month (`2026-03`), for rules evaluated per month.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month: Option<String>,
    pub records: Vec<usize>,
}

/// Cadence of one platform.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Cadence {
    pub posts: usize,
    pub scheduled: usize,
    pub first: Option<String>,
    pub last: Option<String>,
    pub max_gap_days: f64,
    pub max_posts_per_day: usize,
    /// Posts per ISO week (`2026-W10`).
    pub per_week: BTreeMap<String, usize>,
}

/// How many posts use one principle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrincipleCount {
    pub id: String,
    pub name: String,
    pub posts: usize,
}

/// One content pillar in one month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PillarShare {
    pub name: String,
    pub posts: usize,
    /// Share of the month's posts, 0.0 to 1.0.
    pub share: f64,
    /// The share aimed for.
    pub target: f64,
    /// `calendar/pillar-drift` found it off target this month.
    pub off: bool,
}

/// The content pillars of one month of the calendar.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PillarMonth {
    /// `2026-03`.
    pub month: String,
    /// Scheduled posts in the month.
    pub posts: usize,
    pub pillars: Vec<PillarShare>,
    /// Posts that belong to no pillar.
    pub none: usize,
}

/// The figures of a calendar.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CalendarSummary {
    pub posts: usize,
    pub platforms: BTreeMap<String, Cadence>,
    pub principles: Vec<PrincipleCount>,
    pub questions: usize,
    pub humor: usize,
    pub sales: usize,
    /// Each month's share of every content pillar, when the config declares
    /// pillars.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pillars: Vec<PillarMonth>,
}

/// Calendar findings and summary.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CalendarReport {
    pub findings: Vec<CalendarFinding>,
    pub summary: CalendarSummary,
}

/// Minutes since 1970-01-01 of the engine's own date strings: the example
/// calendars of rule files and the summary's `first`/`last`
/// (`YYYY-MM-DD HH:MM[:SS]`, ISO 8601 with `Z` or `±HH:MM`, `DD/MM/YYYY`,
/// a date alone). Records are read by the `postlint` crate's `DateReader`
/// (jiff), which takes many more shapes, time zones and `--date-format`.
pub fn parse_datetime(s: &str) -> Option<i64> {
    let s = s.trim();
    let (date, time) = match s.find(['T', ' ']) {
        Some(i) => (&s[..i], s[i + 1..].trim()),
        None => (s, ""),
    };
    let nums: Vec<&str> = date.split(['-', '/', '.']).collect();
    let [a, b, c] = nums.as_slice() else {
        return None;
    };
    let (y, m, d) = if a.len() == 4 {
        (a.parse().ok()?, b.parse().ok()?, c.parse().ok()?)
    } else if c.len() == 4 {
        (c.parse().ok()?, b.parse().ok()?, a.parse().ok()?)
    } else {
        return None;
    };
    if !(1..=12).contains(&m) || !(1..=days_in_month(y, m)).contains(&d) {
        return None;
    }
    let mut minutes = days_from_civil(y, m, d) * 1440;
    if !time.is_empty() {
        // Strip a zone: `Z`, `+02:00`, `-0500`.
        let (clock, offset) = split_zone(time)?;
        let parts: Vec<&str> = clock.split(':').collect();
        let h: i64 = parts.first()?.parse().ok()?;
        let mi: i64 = parts.get(1).map_or(Some(0), |p| p.parse().ok())?;
        let sec = parts.get(2).map_or(Some(0.0), |p| p.parse::<f64>().ok())?;
        if !(0..24).contains(&h) || !(0..60).contains(&mi) || !(0.0..61.0).contains(&sec) {
            return None;
        }
        minutes += h * 60 + mi - offset;
    }
    Some(minutes)
}

fn split_zone(time: &str) -> Option<(&str, i64)> {
    if let Some(t) = time.strip_suffix('Z') {
        return Some((t, 0));
    }
    if let Some(i) = time.rfind(['+', '-']) {
        let (clock, zone) = (&time[..i], &time[i + 1..]);
        let sign = if time.as_bytes()[i] == b'-' { -1 } else { 1 };
        let digits: String = zone.chars().filter(char::is_ascii_digit).collect();
        if digits.len() != 4 {
            return None;
        }
        let h: i64 = digits[..2].parse().ok()?;
        let m: i64 = digits[2..].parse().ok()?;
        return Some((clock, sign * (h * 60 + m)));
    }
    Some((time, 0))
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Civil date of a day number since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// `YYYY-MM-DD HH:MM` of minutes since 1970.
pub fn format_datetime(minutes: i64) -> String {
    let (y, m, d) = civil_from_days(minutes.div_euclid(1440));
    let t = minutes.rem_euclid(1440);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", t / 60, t % 60)
}

/// `2026-03` of a day number.
pub fn month_key(day: i64) -> String {
    let (y, m, _) = civil_from_days(day);
    format!("{y:04}-{m:02}")
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// The name of month `m` (1 to 12) in `ui_lang` (`March`, `maart`).
pub fn month_name(m: i64, ui_lang: &str) -> &'static str {
    let i = (m - 1).clamp(0, 11) as usize;
    if ui_lang == "nl" {
        MONTHS_NL[i]
    } else {
        MONTHS_EN[i]
    }
}

/// `March 2026` (`maart 2026`) of a day number.
pub fn month_year(day: i64, ui_lang: &str) -> String {
    let (y, m, _) = civil_from_days(day);
    format!("{} {y}", month_name(m, ui_lang))
}

/// ISO week (`2026-W09`) of a day number.
pub fn iso_week(day: i64) -> String {
    // 1970-01-01 was a Thursday; weekday 0 = Monday.
    let weekday = (day + 3).rem_euclid(7);
    let thursday = day - weekday + 3;
    let (year, _, _) = civil_from_days(thursday);
    let week = (thursday - days_from_civil(year, 1, 1)) / 7 + 1;
    format!("{year:04}-W{week:02}")
}

/// Normalize a text for "the same text everywhere": lower case, words only,
/// without links, hashtags and mentions; hashed (FxHash, eight bytes at a
/// time: the key only has to tell the texts of one run apart).
pub fn text_key(analysis: &postlint_text::Analysis) -> u64 {
    text_key_of_words(analysis.words.iter().map(|w| analysis.lower(w)))
}

fn text_key_of_words<S: std::hash::Hash>(words: impl Iterator<Item = S>) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    for w in words {
        w.hash(&mut h);
    }
    h.finish()
}

/// Group statistics used by calendar rules and the summary.
pub(crate) struct Group<'a> {
    pub posts: Vec<&'a PostSummary>,
}

impl Group<'_> {
    /// Sorted scheduled times.
    fn times(&self) -> Vec<(i64, usize)> {
        let mut t: Vec<(i64, usize)> = self
            .posts
            .iter()
            .filter_map(|p| p.scheduled.map(|s| (s, p.record)))
            .collect();
        t.sort_unstable();
        t
    }

    /// Largest gap in calendar days and the two records around it: from a
    /// Monday to the next Monday is 7 days, whatever the hours, so a gap
    /// reads the same in a message as on a calendar.
    pub fn max_gap(&self) -> (f64, Vec<usize>) {
        let t = self.times();
        let mut best = (0.0, Vec::new());
        for w in t.windows(2) {
            let gap = (w[1].0.div_euclid(1440) - w[0].0.div_euclid(1440)) as f64;
            if gap > best.0 {
                best = (gap, vec![w[0].1, w[1].1]);
            }
        }
        best
    }

    /// Most posts on one day, and their records.
    pub fn busiest_day(&self) -> (usize, Vec<usize>) {
        let mut days: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
        for p in &self.posts {
            if let Some(s) = p.scheduled {
                days.entry(s.div_euclid(1440)).or_default().push(p.record);
            }
        }
        days.into_values()
            .map(|r| (r.len(), r))
            .max_by_key(|(n, _)| *n)
            .unwrap_or_default()
    }

    /// Posts for which predicate `promise` holds and no post scheduled after
    /// it, within `days` days, satisfies predicate `kept`: the promise and
    /// the records that would have kept it, none. A promise whose window
    /// runs past the last scheduled post is not judged: the calendar may
    /// simply end before it is due.
    pub fn promises_unkept(&self, promise: usize, kept: usize, days: f64) -> Vec<usize> {
        let t = self.times();
        let Some(&(last, _)) = t.last() else {
            return Vec::new();
        };
        let window = (days * 1440.0).round() as i64;
        let by_record: BTreeMap<usize, &PostSummary> =
            self.posts.iter().map(|p| (p.record, *p)).collect();
        self.posts
            .iter()
            .filter(|p| p.predicate(promise))
            .filter_map(|p| {
                let at = p.scheduled?;
                if at + window > last {
                    return None;
                }
                let kept_later = t.iter().any(|&(when, record)| {
                    when > at
                        && when <= at + window
                        && by_record.get(&record).is_some_and(|q| q.predicate(kept))
                });
                (!kept_later).then_some(p.record)
            })
            .collect()
    }

    /// Scheduled posts that name an occasion over on their date, or more
    /// than `ahead` days before it, unless predicate `exempt` holds: each
    /// post's record and the names of the occasions (in `ui_lang`).
    pub fn off_season(
        &self,
        exempt: usize,
        ahead: f64,
        occasions: &crate::occasions::Occasions,
        ui_lang: &str,
    ) -> Vec<(usize, Vec<String>)> {
        use crate::occasions::{timing, Timing};
        let ahead = ahead.round() as i64;
        self.posts
            .iter()
            .filter(|p| p.occasions != 0 && !p.predicate(exempt))
            .filter_map(|p| {
                let day = p.scheduled?.div_euclid(1440);
                let names: Vec<String> = (0..64)
                    .filter(|bit| p.occasions & (1 << bit) != 0)
                    .filter_map(|bit| {
                        let (windows, name) = occasions.windows_near(bit, day, ui_lang);
                        (timing(day, &windows, ahead) != Timing::InTime).then_some(name)
                    })
                    .collect();
                (!names.is_empty()).then_some((p.record, names))
            })
            .collect()
    }

    /// Records scheduled at a time of day from `from` up to (not including)
    /// `to`, in hours; `from` > `to` wraps past midnight (23 to 6). Hours
    /// outside 0–24 wrap too, so `23 - 1` and `-1` are both 23:00.
    pub fn between_hours(&self, from: f64, to: f64) -> Vec<usize> {
        let minute = |h: f64| (h * 60.0).round().rem_euclid(1440.0) as i64;
        let (from, to) = (minute(from), minute(to));
        self.posts
            .iter()
            .filter_map(|p| {
                let t = p.scheduled?.rem_euclid(1440);
                let inside = if from <= to {
                    from <= t && t < to
                } else {
                    t >= from || t < to
                };
                inside.then_some(p.record)
            })
            .collect()
    }

    /// Texts posted two or more times on one platform: the number of such
    /// (text, platform) pairs and their records. A post without words of its
    /// own (a picture with hashtags) repeats nothing.
    pub fn repeated_text(&self) -> (usize, Vec<usize>) {
        let empty = text_key_of_words(std::iter::empty::<&str>());
        let mut keyed: Vec<(u64, u16, usize)> = self
            .posts
            .iter()
            .filter(|p| p.text_key != empty)
            .map(|p| (p.text_key, p.platform, p.record))
            .collect();
        keyed.sort_unstable();
        let (mut groups, mut records) = (0, Vec::new());
        for run in keyed.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
            if run.len() >= 2 {
                groups += 1;
                records.extend(run.iter().map(|r| r.2));
            }
        }
        (groups, records)
    }

    /// Texts on two or more platforms: the number of such texts and their
    /// records. Posts without words of their own (a picture with an emoji or
    /// hashtags) share no text.
    pub fn same_text(&self) -> (usize, Vec<usize>) {
        let empty = text_key_of_words(std::iter::empty::<&str>());
        let mut keyed: Vec<(u64, u16, usize)> = self
            .posts
            .iter()
            .filter(|p| p.text_key != empty)
            .map(|p| (p.text_key, p.platform, p.record))
            .collect();
        keyed.sort_unstable();
        let (mut groups, mut records) = (0, Vec::new());
        for run in keyed.chunk_by(|a, b| a.0 == b.0) {
            if run.iter().any(|r| r.1 != run[0].1) {
                groups += 1;
                records.extend(run.iter().map(|r| r.2));
            }
        }
        (groups, records)
    }
}

/// Scheduled posts grouped by month (day number of the month's first day).
pub(crate) fn by_month(posts: &[PostSummary]) -> BTreeMap<i64, Vec<&PostSummary>> {
    let mut groups: BTreeMap<i64, Vec<&PostSummary>> = BTreeMap::new();
    for p in posts {
        if let Some(t) = p.scheduled {
            let (y, m, _) = civil_from_days(t.div_euclid(1440));
            groups.entry(days_from_civil(y, m, 1)).or_default().push(p);
        }
    }
    groups
}

/// Each month's pillar shares (none without pillars).
fn pillar_months(posts: &[PostSummary], pillars: &crate::pillars::Pillars) -> Vec<PillarMonth> {
    if pillars.is_empty() {
        return Vec::new();
    }
    by_month(posts)
        .into_iter()
        .map(|(first, list)| {
            let total = list.len();
            let count = |i: usize| list.iter().filter(|p| usize::from(p.pillar) == i).count();
            PillarMonth {
                month: month_key(first),
                posts: total,
                pillars: pillars
                    .list()
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        let n = count(i + 1);
                        PillarShare {
                            name: p.name.clone(),
                            posts: n,
                            share: n as f64 / total.max(1) as f64,
                            target: p.target,
                            off: false,
                        }
                    })
                    .collect(),
                none: count(0),
            }
        })
        .collect()
}

/// Posts grouped by platform id (names resolved through `platforms`).
pub(crate) fn by_platform<'a>(
    posts: &'a [PostSummary],
    platforms: &'a [String],
) -> BTreeMap<&'a str, Vec<&'a PostSummary>> {
    let mut groups: BTreeMap<&str, Vec<&PostSummary>> = BTreeMap::new();
    for p in posts {
        let name = platforms
            .get(usize::from(p.platform))
            .map_or("other", String::as_str);
        groups.entry(name).or_default().push(p);
    }
    groups
}

pub(crate) fn summarize(
    posts: &[PostSummary],
    principles: &[(String, String)],
    platforms: &[String],
    pillars: &crate::pillars::Pillars,
) -> CalendarSummary {
    let mut s = CalendarSummary {
        posts: posts.len(),
        pillars: pillar_months(posts, pillars),
        ..CalendarSummary::default()
    };
    for p in posts {
        s.questions += usize::from(p.has(QUESTION));
        s.humor += usize::from(p.has(HUMOR));
        s.sales += usize::from(p.has(SALES));
    }
    for (platform, list) in by_platform(posts, platforms) {
        let g = Group { posts: list };
        let times = g.times();
        let mut per_week = BTreeMap::new();
        for (t, _) in &times {
            *per_week.entry(iso_week(t.div_euclid(1440))).or_insert(0) += 1;
        }
        let cadence = Cadence {
            posts: g.posts.len(),
            scheduled: times.len(),
            first: times.first().map(|(t, _)| format_datetime(*t)),
            last: times.last().map(|(t, _)| format_datetime(*t)),
            max_gap_days: (g.max_gap().0 * 10.0).round() / 10.0,
            max_posts_per_day: g.busiest_day().0,
            per_week,
        };
        s.platforms.insert(platform.to_string(), cadence);
    }
    s.principles = principles
        .iter()
        .enumerate()
        .map(|(i, (id, name))| PrincipleCount {
            id: id.clone(),
            name: name.clone(),
            posts: posts.iter().filter(|p| p.principle(i)).count(),
        })
        .collect();
    s
}

/// One post of a calendar example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleLine {
    pub scheduled: i64,
    pub platform: String,
    /// `media=no` after the platform; an example post has media unless it says so.
    pub media: bool,
    /// `pillar=education` after the platform (`pillar=a,b` for more tags).
    pub tags: Vec<String>,
    pub text: String,
}

/// One line of a calendar example: `YYYY-MM-DD HH:MM | platform | text`,
/// the platform optionally followed by `media=yes` or `media=no` and by
/// `pillar=NAME`.
pub fn parse_example_line(line: &str) -> Option<ExampleLine> {
    let mut parts = line.splitn(3, '|');
    let scheduled = parse_datetime(parts.next()?)?;
    let mut words = parts.next()?.split_whitespace();
    let platform = words.next()?.to_string();
    let (mut media, mut tags) = (None, None);
    for key in words {
        match key.split_once('=') {
            Some(("media", "yes")) if media.is_none() => media = Some(true),
            Some(("media", "no")) if media.is_none() => media = Some(false),
            Some(("pillar", names)) if tags.is_none() && !names.is_empty() => {
                tags = Some(names.split(',').map(str::to_string).collect());
            }
            _ => return None,
        }
    }
    let text = parts.next()?.trim().replace("\\n", "\n");
    Some(ExampleLine {
        scheduled,
        platform,
        media: media.unwrap_or(true),
        tags: tags.unwrap_or_default(),
        text,
    })
}

/// The `pillars:` line that may open a calendar example:
/// `pillars: education 40%, community 30%, promotion 20%`. `None` when the
/// line is not one; `Some(Err(…))` when it is one but does not read.
pub fn parse_example_pillars(line: &str) -> Option<Result<Vec<crate::pillars::Pillar>, String>> {
    let list = line.trim().strip_prefix("pillars:")?;
    let pillar = |item: &str| {
        let (name, share) = item.trim().rsplit_once(' ')?;
        let share: f64 = share.strip_suffix('%')?.parse().ok()?;
        (!name.trim().is_empty() && (0.0..=100.0).contains(&share)).then(|| {
            crate::pillars::Pillar {
                name: name.trim().to_string(),
                target: share / 100.0,
                words: Vec::new(),
                tags: Vec::new(),
                tolerance: None,
            }
        })
    };
    Some(
        list.split(',')
            .map(pillar)
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| "`pillars:` is written `pillars: NAME SHARE%, NAME SHARE%`".to_string()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_scheduler_exports() {
        let iso = parse_datetime("2026-03-02 09:30").expect("iso");
        assert_eq!(parse_datetime("02/03/2026 09:30"), Some(iso));
        assert_eq!(parse_datetime("2026-03-02T09:30:00"), Some(iso));
        assert_eq!(parse_datetime("2026-03-02T10:30:00+01:00"), Some(iso));
        assert_eq!(parse_datetime("2026-03-02T09:30Z"), Some(iso));
        assert_eq!(format_datetime(iso), "2026-03-02 09:30");
        assert_eq!(parse_datetime("2026-02-30 10:00"), None);
        assert_eq!(parse_datetime("next tuesday"), None);
        assert_eq!(parse_datetime("2026-03-02 25:00"), None);
    }

    /// A post of March 2026 scheduled on day `d` at `hh:mm`, and nothing else.
    fn post_at(record: usize, d: i64, hh: i64, mm: i64) -> PostSummary {
        PostSummary {
            record,
            scheduled: Some(days_from_civil(2026, 3, d) * 1440 + hh * 60 + mm),
            text_key: 0,
            platform: 0,
            principles: 0,
            predicates: 0,
            occasions: 0,
            pillar: 0,
            flags: 0,
        }
    }

    #[test]
    fn hours_wrap_past_midnight() {
        let at = |record, hh, mm| post_at(record, 2, hh, mm);
        let posts = [at(1, 23, 30), at(2, 5, 59), at(3, 6, 0), at(4, 12, 0)];
        let g = Group {
            posts: posts.iter().collect(),
        };
        assert_eq!(g.between_hours(23.0, 6.0), vec![1, 2]);
        assert_eq!(g.between_hours(-1.0, 6.0), vec![1, 2]);
        assert_eq!(g.between_hours(6.0, 12.0), vec![3]);
        assert_eq!(g.between_hours(5.0, 5.0), Vec::<usize>::new());
    }

    #[test]
    fn example_lines() {
        let l = parse_example_line("2026-03-02 09:00 | x media=no | Hi\\nthere").expect("line");
        assert_eq!(
            (l.platform.as_str(), l.media, l.text.as_str()),
            ("x", false, "Hi\nthere")
        );
        assert!(
            parse_example_line("2026-03-02 09:00 | x | Hi")
                .expect("line")
                .media
        );
        assert_eq!(
            parse_example_line("2026-03-02 09:00 | x media=maybe | Hi"),
            None
        );
        let tagged = parse_example_line("2026-03-02 09:00 | x pillar=promo,spring media=no | Hi")
            .expect("line");
        assert_eq!(
            (tagged.tags, tagged.media),
            (vec!["promo".to_string(), "spring".to_string()], false)
        );
        assert_eq!(
            parse_example_line("2026-03-02 09:00 | x pillar= | Hi"),
            None
        );
        let pillars = parse_example_pillars("pillars: education 40%, community 30%")
            .expect("a pillars line")
            .expect("reads");
        assert_eq!(
            (pillars[1].name.as_str(), pillars[1].target),
            ("community", 0.3)
        );
        assert!(parse_example_pillars("pillars: education lots")
            .expect("a pillars line")
            .is_err());
        assert!(parse_example_pillars("2026-03-02 09:00 | x | Hi").is_none());
    }

    #[test]
    fn gaps_are_counted_in_calendar_days() {
        let at = |record, d, hh| post_at(record, d, hh, 0);
        // Monday 09:00 to the next Monday 10:00: 7 days, not 7.04.
        let posts = [at(1, 2, 9), at(2, 9, 10), at(3, 10, 23), at(4, 11, 1)];
        let g = Group {
            posts: posts.iter().collect(),
        };
        assert_eq!(g.max_gap(), (7.0, vec![1, 2]));
    }

    #[test]
    fn iso_weeks() {
        assert_eq!(iso_week(days_from_civil(2026, 1, 1)), "2026-W01");
        assert_eq!(iso_week(days_from_civil(2027, 1, 1)), "2026-W53");
        assert_eq!(iso_week(days_from_civil(2026, 3, 2)), "2026-W10");
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
    }
}
