//! Holidays, seasons and a team's own events, with their dates computed per
//! country and year (Easter by the Gregorian computus, the rest from it or
//! from fixed rules), for `calendar/stale-seasonal`. The words that name
//! each built-in occasion are lexicons of the `calendar` pack; this module
//! only knows their names and dates.

use crate::calendar::{civil_from_days, days_from_civil};
use crate::lexicon::{Matcher, MatcherBuilder};

/// The country whose holiday dates apply (`country:` in the config).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Country {
    /// The Netherlands (the default).
    #[default]
    Nl,
    /// Belgium.
    Be,
}

impl Country {
    /// `NL` or `BE`, in any case.
    pub fn parse(s: &str) -> Option<Country> {
        match s.trim().to_ascii_uppercase().as_str() {
            "NL" => Some(Country::Nl),
            "BE" => Some(Country::Be),
            _ => None,
        }
    }
}

/// A built-in holiday or season.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occasion {
    /// 24–26 December.
    Christmas,
    /// 5 December (pakjesavond) in the Netherlands, 6 December in Belgium.
    Sinterklaas,
    /// 27 April, or 26 April when the 27th is a Sunday.
    Koningsdag,
    /// Good Friday to Easter Monday.
    Easter,
    /// Whit Sunday and Whit Monday: Easter + 49 and + 50 days.
    Pinksteren,
    /// The Friday after the fourth Thursday of November, to Cyber Monday.
    BlackFriday,
    /// 14 February.
    Valentine,
    /// The second Sunday of May (the national date in both countries; Antwerp keeps 15 August).
    MothersDay,
    /// The third Sunday of June in the Netherlands, the second in Belgium.
    FathersDay,
    /// Carnival Saturday to Shrove Tuesday: Easter − 50 to − 47 days.
    Carnaval,
    /// Summer sales: 15 June–31 August in the Netherlands, July in Belgium.
    SummerSales,
    /// Winter sales: 26 December–31 January in the Netherlands, 3–31 January in Belgium.
    WinterSales,
    /// Sales without a season (`uitverkoop`, `solden`): summer or winter.
    Sales,
}

impl Occasion {
    /// Every built-in occasion, in the order of [`PostSummary`](crate::PostSummary)'s bits.
    pub const ALL: [Occasion; 13] = [
        Occasion::Christmas,
        Occasion::Sinterklaas,
        Occasion::Koningsdag,
        Occasion::Easter,
        Occasion::Pinksteren,
        Occasion::BlackFriday,
        Occasion::Valentine,
        Occasion::MothersDay,
        Occasion::FathersDay,
        Occasion::Carnaval,
        Occasion::SummerSales,
        Occasion::WinterSales,
        Occasion::Sales,
    ];

    /// The lexicon of the `calendar` pack whose words name the occasion.
    pub fn lexicon(self) -> &'static str {
        match self {
            Occasion::Christmas => "christmas",
            Occasion::Sinterklaas => "sinterklaas",
            Occasion::Koningsdag => "koningsdag",
            Occasion::Easter => "easter",
            Occasion::Pinksteren => "pinksteren",
            Occasion::BlackFriday => "black_friday",
            Occasion::Valentine => "valentine",
            Occasion::MothersDay => "mothers_day",
            Occasion::FathersDay => "fathers_day",
            Occasion::Carnaval => "carnaval",
            Occasion::SummerSales => "summer_sales",
            Occasion::WinterSales => "winter_sales",
            Occasion::Sales => "sales_season",
        }
    }

    /// The occasion's name in a message, in `ui_lang` (`nl`) or English.
    pub fn name(self, ui_lang: &str) -> &'static str {
        let (en, nl) = match self {
            Occasion::Christmas => ("Christmas", "Kerstmis"),
            Occasion::Sinterklaas => ("Sinterklaas", "Sinterklaas"),
            Occasion::Koningsdag => ("King's Day", "Koningsdag"),
            Occasion::Easter => ("Easter", "Pasen"),
            Occasion::Pinksteren => ("Pentecost", "Pinksteren"),
            Occasion::BlackFriday => ("Black Friday", "Black Friday"),
            Occasion::Valentine => ("Valentine's Day", "Valentijnsdag"),
            Occasion::MothersDay => ("Mother's Day", "Moederdag"),
            Occasion::FathersDay => ("Father's Day", "Vaderdag"),
            Occasion::Carnaval => ("Carnival", "Carnaval"),
            Occasion::SummerSales => ("the summer sales", "de zomersolden"),
            Occasion::WinterSales => ("the winter sales", "de wintersolden"),
            Occasion::Sales => ("the sales", "de solden"),
        };
        if ui_lang == "nl" {
            nl
        } else {
            en
        }
    }

    /// The days (since 1970-01-01, first and last included) the occasion
    /// is on in `year` in `country`. The winter sales of a year start in
    /// December of the year before in the Netherlands.
    pub fn windows(self, country: Country, year: i64) -> Vec<(i64, i64)> {
        let day = |m, d| days_from_civil(year, m, d);
        let easter = easter_day(year);
        let one = |d: i64| vec![(d, d)];
        match self {
            Occasion::Christmas => vec![(day(12, 24), day(12, 26))],
            Occasion::Sinterklaas => one(match country {
                Country::Nl => day(12, 5),
                Country::Be => day(12, 6),
            }),
            Occasion::Koningsdag => one(koningsdag(year)),
            Occasion::Easter => vec![(easter - 2, easter + 1)],
            Occasion::Pinksteren => vec![(easter + 49, easter + 50)],
            Occasion::BlackFriday => {
                let friday = nth_weekday(year, 11, THURSDAY, 4) + 1;
                vec![(friday, friday + 3)]
            }
            Occasion::Valentine => one(day(2, 14)),
            Occasion::MothersDay => one(nth_weekday(year, 5, SUNDAY, 2)),
            Occasion::FathersDay => one(nth_weekday(
                year,
                6,
                SUNDAY,
                match country {
                    Country::Nl => 3,
                    Country::Be => 2,
                },
            )),
            Occasion::Carnaval => vec![(easter - 50, easter - 47)],
            Occasion::SummerSales => vec![match country {
                Country::Nl => (day(6, 15), day(8, 31)),
                Country::Be => (day(7, 1), day(7, 31)),
            }],
            Occasion::WinterSales => vec![match country {
                Country::Nl => (days_from_civil(year - 1, 12, 26), day(1, 31)),
                Country::Be => (day(1, 3), day(1, 31)),
            }],
            Occasion::Sales => {
                let mut w = Occasion::WinterSales.windows(country, year);
                w.extend(Occasion::SummerSales.windows(country, year));
                w
            }
        }
    }
}

const THURSDAY: i64 = 3;
const SUNDAY: i64 = 6;

/// Weekday of a day number, 0 = Monday (1970-01-01 was a Thursday).
pub fn weekday(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
}

/// The `n`th `weekday` (0 = Monday) of a month, as a day number.
fn nth_weekday(year: i64, month: i64, wd: i64, n: i64) -> i64 {
    let first = days_from_civil(year, month, 1);
    first + (wd - weekday(first)).rem_euclid(7) + 7 * (n - 1)
}

/// Easter Sunday of a year, as a day number: the anonymous Gregorian
/// algorithm (Meeus/Jones/Butcher).
pub fn easter_day(year: i64) -> i64 {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    days_from_civil(year, month, day)
}

/// Koningsdag: 27 April, or the 26th when the 27th is a Sunday.
fn koningsdag(year: i64) -> i64 {
    let d = days_from_civil(year, 4, 27);
    if weekday(d) == SUNDAY {
        d - 1
    } else {
        d
    }
}

/// `(year, month, day)` of an occasion's first day in `year`: for tests and
/// docs (`Easter 2027` is 28 March).
pub fn first_day(occasion: Occasion, country: Country, year: i64) -> (i64, i64, i64) {
    let windows = occasion.windows(country, year);
    let start = windows.iter().map(|w| w.0).min().unwrap_or_default();
    civil_from_days(start)
}

/// A team's own event (`events:` in the config): its name, the words that
/// name it, and its first and last day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub name: String,
    /// Lexicon patterns: words and phrases, `*` at a word's edge.
    pub words: Vec<String>,
    /// Days since 1970-01-01, both included.
    pub from: i64,
    pub until: i64,
}

/// Most events a config may declare: they share the summary's 64 bits with
/// the built-in occasions.
pub const MAX_EVENTS: usize = 64 - Occasion::ALL.len();

/// Where a post stands towards an occasion it mentions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    /// On, or at most the allowed days ahead.
    InTime,
    /// The last occurrence is over, and the next is more than the allowed days ahead.
    Over,
    /// The next occurrence is more than the allowed days ahead (and none is just over).
    TooEarly,
}

/// Where `day` stands towards the `windows` of an occasion: within one, up
/// to `ahead` days before one, after the last (`Over`), or further ahead.
/// Between two occurrences, the nearer one decides.
pub fn timing(day: i64, windows: &[(i64, i64)], ahead: i64) -> Timing {
    if windows.iter().any(|&(s, e)| s <= day && day <= e) {
        return Timing::InTime;
    }
    let next = windows.iter().map(|w| w.0).filter(|&s| s > day).min();
    let prev = windows.iter().map(|w| w.1).filter(|&e| e < day).max();
    match (next, prev) {
        (Some(n), _) if n - day <= ahead => Timing::InTime,
        (Some(n), Some(p)) if day - p < n - day => Timing::Over,
        (Some(_), _) => Timing::TooEarly,
        (None, Some(_)) => Timing::Over,
        (None, None) => Timing::InTime,
    }
}

/// The holiday table in force: the country, the lexicons of the built-in
/// occasions, and the team's events with a matcher for their words.
#[derive(Default)]
pub(crate) struct Occasions {
    pub country: Country,
    /// The `calendar` pack's lexicon for each of [`Occasion::ALL`].
    pub lexicons: Vec<Option<usize>>,
    pub events: Vec<Event>,
    pub event_words: Option<Matcher>,
}

impl Occasions {
    pub fn set_events(&mut self, events: Vec<Event>) {
        let mut builder = MatcherBuilder::default();
        for (i, e) in events.iter().enumerate() {
            for (j, w) in e.words.iter().enumerate() {
                builder.add(i, j, w);
            }
        }
        self.event_words = (!events.is_empty()).then(|| Matcher::new(builder.tables()));
        self.events = events;
    }

    /// The windows of occasion bit `bit` around `day` (its year and the
    /// years next to it), and its name in `ui_lang`.
    pub fn windows_near(&self, bit: usize, day: i64, ui_lang: &str) -> (Vec<(i64, i64)>, String) {
        match Occasion::ALL.get(bit) {
            Some(o) => {
                let (year, _, _) = civil_from_days(day);
                let windows = (year - 1..=year + 1)
                    .flat_map(|y| o.windows(self.country, y))
                    .collect();
                (windows, o.name(ui_lang).to_string())
            }
            None => match self.events.get(bit - Occasion::ALL.len()) {
                Some(e) => (vec![(e.from, e.until)], e.name.clone()),
                None => (Vec::new(), String::new()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_dates() {
        for (y, m, d) in [
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
        ] {
            assert_eq!(civil_from_days(easter_day(y)), (y, m, d), "{y}");
        }
    }

    #[test]
    fn timing_around_a_window() {
        let w = [(100, 102), (465, 467)];
        assert_eq!(timing(101, &w, 42), Timing::InTime);
        assert_eq!(timing(103, &w, 42), Timing::Over);
        assert_eq!(timing(430, &w, 42), Timing::InTime);
        assert_eq!(timing(400, &w, 42), Timing::TooEarly);
        assert_eq!(timing(50, &w, 42), Timing::TooEarly);
        assert_eq!(timing(60, &w, 42), Timing::InTime);
    }
}
