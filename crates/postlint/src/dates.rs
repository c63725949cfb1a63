//! Scheduled dates of CSV, JSONL and front matter, read with jiff.
//!
//! Schedulers write dates every which way: ISO 8601 with or without a zone,
//! `02/03/2026 9:30 PM`, `March 2, 2026 at 9:30am`, `ma 2 mrt 2026 09:30`,
//! X's `Mon Mar 02 09:30:00 +0000 2026`. A [`DateReader`] reads them all into
//! minutes since 1970-01-01 on the calendar's clock:
//!
//! - with a calendar time zone (`timezone: Europe/Brussels`), a time that
//!   names its offset or zone is converted to that zone, and a time without
//!   one is taken as written (already on the calendar's clock);
//! - without one, a time with an offset or zone is converted to UTC, and a
//!   time without one is taken as written.
//!
//! Numeric dates are day first (`02/03/2026` is 2 March) unless the reader
//! is told otherwise (`--date-format mdy`); a full strftime pattern
//! (`--date-format '%m/%d/%Y %I:%M %p'`) reads exactly that shape.

use jiff::civil::{Date, DateTime, Time};
use jiff::fmt::strtime;
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ZonedDateTime};

/// The order of day, month and year in numeric dates such as `02/03/2026`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DayOrder {
    /// `DD/MM/YYYY`: most of the world, the Netherlands and Belgium included.
    #[default]
    Dmy,
    /// `MM/DD/YYYY`: the United States.
    Mdy,
    /// `YYYY/MM/DD`.
    Ymd,
}

/// How dates are read: the order of numeric dates or an exact pattern, and
/// the calendar's time zone.
#[derive(Debug, Clone, Default)]
pub struct DateReader {
    order: DayOrder,
    pattern: Option<String>,
    zone: Option<TimeZone>,
}

/// What `date_format` / `--date-format` accepts, for help texts.
pub const FORMAT_HELP: &str = "`dmy` (02/03/2026 is 2 March, the default), `mdy` (US: March 2), `ymd`, or a strftime pattern such as `%m/%d/%Y %I:%M %p`";

impl DateReader {
    /// A reader for `format` (`dmy`, `mdy`, `ymd` or a strftime pattern with
    /// `%`) and `zone` (an IANA name such as `Europe/Brussels`, or `UTC`).
    /// The error says what is wrong, with a suggestion when there is one.
    pub fn new(format: Option<&str>, zone: Option<&str>) -> Result<DateReader, String> {
        let mut reader = DateReader::default();
        if let Some(f) = format.map(str::trim) {
            match f.to_ascii_lowercase().as_str() {
                "" | "auto" | "dmy" | "dd/mm/yyyy" => reader.order = DayOrder::Dmy,
                "mdy" | "us" | "mm/dd/yyyy" => reader.order = DayOrder::Mdy,
                "ymd" | "yyyy/mm/dd" => reader.order = DayOrder::Ymd,
                _ if f.contains('%') => {
                    // An unknown directive fails when formatting a sample.
                    let sample = DateTime::new(2026, 3, 2, 9, 30, 0, 0).expect("a valid sample");
                    strtime::format(f, sample).map_err(|e| {
                        format!("the date format `{f}` is not a valid pattern: {e}")
                    })?;
                    reader.pattern = Some(f.to_string());
                }
                _ => return Err(format!("unknown date format `{f}`: use {FORMAT_HELP}")),
            }
        }
        if let Some(z) = zone.map(str::trim).filter(|z| !z.is_empty()) {
            reader.zone = Some(time_zone(z)?);
        }
        Ok(reader)
    }

    /// The calendar's time zone, if one is set.
    pub fn zone(&self) -> Option<&str> {
        self.zone.as_ref().and_then(TimeZone::iana_name)
    }

    /// Minutes since 1970-01-01 00:00 on the calendar's clock (see the
    /// module docs), or why `text` is not a date.
    pub fn read(&self, text: &str) -> Result<i64, String> {
        let s = text.trim();
        if s.is_empty() {
            return Err("the date is empty".into());
        }
        let read = match &self.pattern {
            Some(p) => self.read_pattern(p, s),
            None => self.read_any(s),
        };
        read.map_err(|why| format!("cannot read the date `{s}`: {why}"))
    }

    fn read_pattern(&self, pattern: &str, s: &str) -> Result<i64, String> {
        let tm = strtime::parse(pattern, s)
            .map_err(|e| format!("it does not match the date format `{pattern}` ({e})"))?;
        if tm.offset().is_some() || tm.iana_time_zone().is_some() {
            let z = tm.to_zoned_datetime().map_err(|e| e.to_string())?;
            return Ok(self.instant(z.timestamp()));
        }
        match tm.to_datetime() {
            Ok(dt) => Ok(wall_minutes(dt)),
            Err(_) => {
                let d = tm.to_date().map_err(|e| e.to_string())?;
                Ok(wall_minutes(d.to_datetime(Time::midnight())))
            }
        }
    }

    fn read_any(&self, s: &str) -> Result<i64, String> {
        // ISO 8601 and RFC 9557 first: `2026-03-02T09:30+01:00[Europe/Brussels]`,
        // `2026-03-02T09:30:00Z`, `2026-03-02 09:30`, `2026-03-02`.
        if let Ok(z) = s.parse::<ZonedDateTime>() {
            return Ok(self.instant(z.timestamp()));
        }
        if let Ok(t) = s.parse::<Timestamp>() {
            return Ok(self.instant(t));
        }
        if let Ok(dt) = s.parse::<DateTime>() {
            return Ok(wall_minutes(dt));
        }
        let parts = Parts::scan(s, self.order)?;
        let dt = parts.civil()?;
        match parts.zone {
            None => Ok(wall_minutes(dt)),
            Some(zone) => {
                let z = dt.to_zoned_datetime(zone).map_err(|e| e.to_string())?;
                Ok(self.instant(z.timestamp()))
            }
        }
    }

    /// An instant on the calendar's clock: in its zone, or in UTC.
    fn instant(&self, t: Timestamp) -> i64 {
        match &self.zone {
            Some(zone) => wall_minutes(t.to_zoned_datetime(zone.clone()).datetime()),
            None => t.as_second().div_euclid(60),
        }
    }
}

/// Minutes since 1970-01-01 00:00 of a wall-clock time.
fn wall_minutes(dt: DateTime) -> i64 {
    let epoch = Date::new(1970, 1, 1).expect("a valid date");
    let days = i64::from(
        dt.date()
            .since(epoch)
            .map(|span| span.get_days())
            .unwrap_or_default(),
    );
    days * 1440 + i64::from(dt.hour()) * 60 + i64::from(dt.minute())
}

/// An IANA zone or `UTC`, with a "did you mean" for a near miss.
fn time_zone(name: &str) -> Result<TimeZone, String> {
    if name.eq_ignore_ascii_case("utc") || name.eq_ignore_ascii_case("z") {
        return Ok(TimeZone::UTC);
    }
    TimeZone::get(name).map_err(|_| {
        let names: Vec<String> = jiff::tz::db()
            .available()
            .map(|n| n.as_str().to_string())
            .collect();
        let lower: Vec<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
        let hint = crate::suggest::closest(&name.to_ascii_lowercase(), &lower)
            .and_then(|l| lower.iter().position(|n| n == l))
            .map(|i| format!(": did you mean `{}`?", names[i]))
            .unwrap_or_else(|| {
                ": use an IANA name such as `Europe/Amsterdam`, `Europe/Brussels` or `UTC`".into()
            });
        format!("unknown time zone `{name}`{hint}")
    })
}

/// A number as written: its value and its count of digits.
type Num = (u32, usize);

/// The pieces of a free-form date, as found.
#[derive(Default)]
struct Parts {
    year: Option<i16>,
    month: Option<i8>,
    day: Option<i8>,
    /// Numbers standing alone (`2` in `March 2`), in order.
    loose: Vec<Num>,
    time: Option<(i8, i8, i8)>,
    meridiem: Option<bool>,
    zone: Option<TimeZone>,
}

impl Parts {
    fn scan(s: &str, order: DayOrder) -> Result<Parts, String> {
        let mut p = Parts::default();
        let words = s
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty());
        for raw in words {
            let word = raw.to_lowercase();
            let w = word.trim_end_matches('.');
            if FILLERS.contains(&w) || weekday(w) {
                continue;
            }
            if let Some(m) = month(w) {
                set(&mut p.month, m as i8, "two months")?;
            } else if let Some(pm) = meridiem(w) {
                p.meridiem = Some(pm);
                // `12 pm`: the number before it is the hour.
                if p.time.is_none() {
                    if let Some(&(h, _)) = p
                        .loose
                        .last()
                        .filter(|(h, len)| *len <= 2 && (1..=12).contains(h))
                    {
                        p.loose.pop();
                        p.time = Some((h as i8, 0, 0));
                    }
                }
            } else if let Some((h, mi, sec, pm)) = clock(w) {
                if p.time.is_some() {
                    return Err("it has two times".into());
                }
                p.time = Some((h, mi, sec));
                p.meridiem = pm.or(p.meridiem);
            } else if let Some(zone) = zone_word(raw) {
                if p.zone.is_some() {
                    return Err("it has two time zones".into());
                }
                p.zone = Some(zone?);
            } else if let Some((a, b, c)) = numeric_date(w) {
                p.numeric(a, b, c, order)?;
            } else if let Some(n) = ordinal(w) {
                p.loose.push(n);
            } else {
                return Err(format!("`{raw}` is not part of a date or time"));
            }
        }
        Ok(p)
    }

    fn numeric(
        &mut self,
        a: (u32, usize),
        b: (u32, usize),
        c: (u32, usize),
        order: DayOrder,
    ) -> Result<(), String> {
        let (y, m, d) = if a.1 == 4 {
            (a, b, c)
        } else {
            match order {
                DayOrder::Dmy => (c, b, a),
                DayOrder::Mdy => (c, a, b),
                DayOrder::Ymd => (a, b, c),
            }
        };
        if !(1..=12).contains(&m.0) {
            let hint = if order == DayOrder::Dmy && (1..=12).contains(&d.0) {
                "; dates are read day first: for US dates (month first) use `--date-format mdy` or `date_format: mdy`"
            } else {
                ""
            };
            return Err(format!("there is no month {}{hint}", m.0));
        }
        set(&mut self.year, full_year(y)?, "two years")?;
        set(&mut self.month, m.0 as i8, "two months")?;
        set(
            &mut self.day,
            i8::try_from(d.0).map_err(|_| format!("there is no day {}", d.0))?,
            "two days",
        )
    }

    fn civil(&self) -> Result<DateTime, String> {
        let mut year = self.year;
        let mut day = self.day;
        for &(n, len) in &self.loose {
            if len == 4 && year.is_none() {
                year = Some(full_year((n, len))?);
            } else if day.is_none() && (1..=31).contains(&n) {
                day = Some(n as i8);
            } else if year.is_none() && len == 2 {
                year = Some(full_year((n, len))?);
            } else {
                return Err(format!("the number {n} is neither the day nor the year"));
            }
        }
        let (Some(y), Some(m), Some(d)) = (year, self.month, day) else {
            return Err("it needs a day, a month and a year: use YYYY-MM-DD HH:MM, DD/MM/YYYY HH:MM, `2 March 2026 9:30` or ISO 8601 (2026-03-02T09:30:00+01:00)".into());
        };
        let date =
            Date::new(y, m, d).map_err(|_| format!("{y:04}-{m:02}-{d:02} does not exist"))?;
        let (mut h, mi, sec) = self.time.unwrap_or((0, 0, 0));
        if let Some(pm) = self.meridiem {
            if !(1..=12).contains(&h) {
                return Err(format!("{h} is not an hour on a 12-hour clock"));
            }
            h = match (h, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h + 12,
                (h, false) => h,
            };
        }
        let time = Time::new(h, mi, sec.min(59), 0)
            .map_err(|_| format!("{h:02}:{mi:02} is not a time of day"))?;
        Ok(date.to_datetime(time))
    }
}

fn set<T: PartialEq + Copy>(slot: &mut Option<T>, value: T, what: &str) -> Result<(), String> {
    match slot {
        Some(old) if *old != value => Err(format!("it has {what}")),
        _ => {
            *slot = Some(value);
            Ok(())
        }
    }
}

/// A year of four digits, or two (`26` is 2026).
fn full_year((n, len): Num) -> Result<i16, String> {
    match len {
        4 => i16::try_from(n).map_err(|_| format!("{n} is not a year")),
        2 => Ok(2000 + n as i16),
        _ => Err(format!("{n} is not a year: write it with four digits")),
    }
}

/// Words that may stand between the parts: `at 9:30`, `om 9:30`, `the 2nd`.
const FILLERS: &[&str] = &[
    "at", "om", "on", "op", "the", "of", "de", "-", "–", "h", "uur", "u",
];

/// Month names and abbreviations, English and Dutch.
fn month(w: &str) -> Option<u8> {
    Some(match w {
        "january" | "januari" | "jan" => 1,
        "february" | "februari" | "feb" | "febr" => 2,
        "march" | "maart" | "mar" | "mrt" => 3,
        "april" | "apr" => 4,
        "may" | "mei" => 5,
        "june" | "juni" | "jun" => 6,
        "july" | "juli" | "jul" => 7,
        "august" | "augustus" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oktober" | "oct" | "okt" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

/// Weekday names and abbreviations, English and Dutch (ignored).
fn weekday(w: &str) -> bool {
    matches!(
        w,
        "monday"
            | "mon"
            | "tuesday"
            | "tue"
            | "tues"
            | "wednesday"
            | "wed"
            | "thursday"
            | "thu"
            | "thur"
            | "thurs"
            | "friday"
            | "fri"
            | "saturday"
            | "sat"
            | "sunday"
            | "sun"
            | "maandag"
            | "ma"
            | "dinsdag"
            | "di"
            | "woensdag"
            | "wo"
            | "donderdag"
            | "do"
            | "vrijdag"
            | "vr"
            | "zaterdag"
            | "za"
            | "zondag"
            | "zo"
    )
}

fn meridiem(w: &str) -> Option<bool> {
    match w {
        "am" | "a.m" => Some(false),
        "pm" | "p.m" => Some(true),
        _ => None,
    }
}

/// `9:30`, `09:30:15`, `9:30pm`, `9pm`, `9u30` (Belgian), `21h`.
fn clock(w: &str) -> Option<(i8, i8, i8, Option<bool>)> {
    let (body, pm) = ["am", "a.m", "pm", "p.m"]
        .iter()
        .find_map(|m| w.strip_suffix(m).map(|b| (b, meridiem(m))))
        .unwrap_or((w, None));
    let num = |s: &str| -> Option<i8> {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let parts: Vec<&str> = body.split(':').collect();
    match parts.as_slice() {
        [h, m] => Some((num(h)?, num(m)?, 0, pm)),
        [h, m, s] => {
            // Seconds may carry a fraction: `09:30:15.250`.
            let whole = s.split('.').next()?;
            Some((num(h)?, num(m)?, num(whole)?, pm))
        }
        [h] if pm.is_some() => Some((num(h)?, 0, 0, pm)),
        // `9.30`: a dot between hours and minutes (a date has two dots).
        [h] if h.matches('.').count() == 1 => {
            let (hour, min) = h.split_once('.')?;
            (min.len() == 2).then_some(())?;
            Some((num(hour)?, num(min)?, 0, None))
        }
        [h] => {
            let (hour, min) = h.split_once(['u', 'h'])?;
            Some((
                num(hour)?,
                if min.is_empty() { 0 } else { num(min)? },
                0,
                None,
            ))
        }
        _ => None,
    }
}

/// `Z`, `UTC`, `GMT`, `+01:00`, `-0500`, `UTC+1`, or an IANA name.
fn zone_word(raw: &str) -> Option<Result<TimeZone, String>> {
    let w = raw.to_ascii_lowercase();
    if matches!(w.as_str(), "z" | "utc" | "gmt") {
        return Some(Ok(TimeZone::UTC));
    }
    let offset = w
        .strip_prefix("utc")
        .or_else(|| w.strip_prefix("gmt"))
        .unwrap_or(&w);
    if let Some(sign) = offset.chars().next().filter(|c| matches!(c, '+' | '-')) {
        let digits: String = offset[1..].chars().filter(char::is_ascii_digit).collect();
        let (h, m) = match digits.len() {
            1 | 2 => (digits.parse::<i32>().ok()?, 0),
            4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
            _ => return None,
        };
        let secs = (h * 3600 + m * 60) * if sign == '-' { -1 } else { 1 };
        return Some(
            Offset::from_seconds(secs)
                .map(TimeZone::fixed)
                .map_err(|_| format!("`{raw}` is not a time zone offset")),
        );
    }
    if raw.contains('/') && raw.chars().any(char::is_alphabetic) {
        return Some(time_zone(raw));
    }
    None
}

/// `02/03/2026`, `2-3-26`, `02.03.2026`: three numbers and their lengths.
fn numeric_date(w: &str) -> Option<(Num, Num, Num)> {
    let mut it = w.split(['/', '-', '.']).map(|p| {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| (p.parse::<u32>().ok(), p.len()))
            .and_then(|(n, len)| n.map(|n| (n, len)))
    });
    let parts = (it.next()??, it.next()??, it.next()??);
    it.next().is_none().then_some(parts)
}

/// `2`, `2026`, `2nd`, `21st`, `2e`, `1ste`: a number and its digit count.
fn ordinal(w: &str) -> Option<Num> {
    let digits = w.len() - w.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (num, suffix) = w.split_at(digits);
    let ok = matches!(suffix, "" | "st" | "nd" | "rd" | "th" | "e" | "ste" | "de");
    (digits > 0 && digits <= 4 && ok)
        .then(|| (num.parse().ok(), digits))
        .and_then(|(n, d)| n.map(|n| (n, d)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minutes(y: i16, m: i8, d: i8, h: i8, mi: i8) -> i64 {
        wall_minutes(DateTime::new(y, m, d, h, mi, 0, 0).unwrap())
    }

    fn read(s: &str) -> Result<i64, String> {
        DateReader::default().read(s)
    }

    #[test]
    fn iso_and_rfc_forms() {
        let at = minutes(2026, 3, 2, 9, 30);
        assert_eq!(read("2026-03-02 09:30"), Ok(at));
        assert_eq!(read("2026-03-02T09:30:00"), Ok(at));
        assert_eq!(read("2026-03-02T09:30:00.250"), Ok(at));
        assert_eq!(read("2026-03-02T09:30:00Z"), Ok(at));
        assert_eq!(read("2026-03-02T10:30:00+01:00"), Ok(at));
        // A named zone: Brussels is UTC+1 in March.
        assert_eq!(read("2026-03-02T10:30[Europe/Brussels]"), Ok(at));
        assert_eq!(read("2026-03-02"), Ok(minutes(2026, 3, 2, 0, 0)));
    }

    #[test]
    fn day_first_numeric_dates_and_the_us_order() {
        let at = minutes(2026, 3, 2, 9, 30);
        assert_eq!(read("02/03/2026 09:30"), Ok(at));
        assert_eq!(read("2-3-2026 9:30"), Ok(at));
        assert_eq!(read("02.03.2026 09:30"), Ok(at));
        assert_eq!(read("2026/03/02 09:30"), Ok(at));
        let us = DateReader::new(Some("mdy"), None).unwrap();
        assert_eq!(us.read("03/02/2026 09:30"), Ok(at));
        // A month 25 read day first points at the US order.
        let err = read("12/25/2026").unwrap_err();
        assert!(
            err.contains("no month 25") && err.contains("--date-format mdy"),
            "{err}"
        );
    }

    #[test]
    fn twelve_hour_clock() {
        assert_eq!(read("03/02/2026 9:30 PM"), Ok(minutes(2026, 2, 3, 21, 30)));
        assert_eq!(read("2 March 2026 9:30pm"), Ok(minutes(2026, 3, 2, 21, 30)));
        assert_eq!(
            read("2 March 2026 12:15 a.m."),
            Ok(minutes(2026, 3, 2, 0, 15))
        );
        assert_eq!(read("2 March 2026 12 pm"), Ok(minutes(2026, 3, 2, 12, 0)));
        assert_eq!(read("2 March 2026 9am"), Ok(minutes(2026, 3, 2, 9, 0)));
        assert!(read("2 March 2026 13:00 pm")
            .unwrap_err()
            .contains("12-hour"));
    }

    #[test]
    fn month_names_in_english_and_dutch() {
        let at = minutes(2026, 3, 2, 9, 30);
        for s in [
            "March 2, 2026 at 9:30",
            "Mar 2nd 2026 09:30",
            "Monday, March 2, 2026 9:30 AM",
            "2 maart 2026 09:30",
            "ma 2 mrt. 2026 om 9u30",
            "maandag 2 maart 2026, 9.30 uur",
        ] {
            assert_eq!(read(s), Ok(at), "{s}");
        }
        assert_eq!(read("17 oktober 2026"), Ok(minutes(2026, 10, 17, 0, 0)));
        assert_eq!(read("1 mei 2026 21h"), Ok(minutes(2026, 5, 1, 21, 0)));
    }

    #[test]
    fn x_export_dates_and_offsets() {
        // X's `created_at`: weekday, month, day, time, offset, year.
        assert_eq!(
            read("Mon Mar 02 09:30:00 +0000 2026"),
            Ok(minutes(2026, 3, 2, 9, 30))
        );
        assert_eq!(
            read("2 March 2026 10:30 UTC+1"),
            Ok(minutes(2026, 3, 2, 9, 30))
        );
        assert_eq!(
            read("2 March 2026 10:30 Europe/Amsterdam"),
            Ok(minutes(2026, 3, 2, 9, 30))
        );
    }

    #[test]
    fn a_calendar_zone_puts_instants_on_its_clock() {
        let brussels = DateReader::new(None, Some("Europe/Brussels")).unwrap();
        // Winter: UTC+1; summer: UTC+2. Times without a zone stay as written.
        assert_eq!(
            brussels.read("2026-03-02T08:30:00Z"),
            Ok(minutes(2026, 3, 2, 9, 30))
        );
        assert_eq!(
            brussels.read("2026-07-02T07:30:00Z"),
            Ok(minutes(2026, 7, 2, 9, 30))
        );
        assert_eq!(
            brussels.read("2026-07-02 09:30"),
            Ok(minutes(2026, 7, 2, 9, 30))
        );
        assert_eq!(brussels.zone(), Some("Europe/Brussels"));
    }

    #[test]
    fn patterns() {
        let r = DateReader::new(Some("%m/%d/%Y %I:%M %p"), None).unwrap();
        assert_eq!(
            r.read("03/02/2026 09:30 PM"),
            Ok(minutes(2026, 3, 2, 21, 30))
        );
        let err = r.read("2026-03-02 09:30").unwrap_err();
        assert!(err.contains("does not match the date format"), "{err}");
        let dated = DateReader::new(Some("%d.%m.%Y"), None).unwrap();
        assert_eq!(dated.read("02.03.2026"), Ok(minutes(2026, 3, 2, 0, 0)));
        assert!(DateReader::new(Some("%Q%"), None).is_err());
        assert!(DateReader::new(Some("dd-mmm"), None)
            .unwrap_err()
            .contains("mdy"));
    }

    #[test]
    fn unknown_zones_get_a_suggestion() {
        let err = DateReader::new(None, Some("Europe/Brusels")).unwrap_err();
        assert!(err.contains("did you mean `Europe/Brussels`"), "{err}");
        assert!(DateReader::new(None, Some("Mars/Olympus"))
            .unwrap_err()
            .contains("IANA"));
        assert!(DateReader::new(None, Some("utc")).is_ok());
    }

    #[test]
    fn impossible_or_partial_dates_say_why() {
        assert!(read("31/02/2026").unwrap_err().contains("does not exist"));
        assert!(read("2 March")
            .unwrap_err()
            .contains("needs a day, a month and a year"));
        assert!(read("soon").unwrap_err().contains("`soon`"));
        assert!(read("2026-03-02 25:00")
            .unwrap_err()
            .contains("not a time of day"));
        assert!(read("").is_err());
    }
}
