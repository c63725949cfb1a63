//! The human output's own words (the summary, labels, the post line) in each
//! UI language. Messages and help come translated from the rules; only
//! postlint's framing around them lives here.

use postlint::UiLang;

/// A noun in singular and plural.
pub type Noun = (&'static str, &'static str);

/// postlint's words in one language.
#[derive(Debug)]
pub struct Words {
    pub post: Noun,
    pub error: Noun,
    pub warning: Noun,
    pub suggestion: Noun,
    pub finding: Noun,
    pub input_error: Noun,
    /// "{posts} checked: …"
    pub checked: &'static str,
    /// "({n} in the calendar)"
    pub in_calendar: &'static str,
    /// The label under a warning or an error.
    pub here: &'static str,
    /// The label under a suggestion.
    pub consider: &'static str,
    /// "fix: replace with"
    pub fix_replace: &'static str,
    pub principles: &'static str,
    pub detected: &'static str,
    pub read_as_x_export: &'static str,
    pub findings_per_rule: &'static str,

    // The calendar section (report/calendar_view.rs).
    pub record: Noun,
    pub platform: Noun,
    /// "══ {calendar} ══ {records} {read}, {posts} {on} {platforms}, {errors}"
    pub calendar: &'static str,
    pub read: &'static str,
    pub on: &'static str,
    pub calendar_findings: &'static str,
    pub calendar_fine: &'static str,
    pub cadence_per_platform: &'static str,
    /// platform, posts, first, last, max gap, max/day
    pub cadence_head: [&'static str; 6],
    /// Above the week columns.
    pub posts_week_of: &'static str,
    pub principle_mix: &'static str,
    pub shares: &'static str,
    /// questions, humor, sales
    pub share_names: [&'static str; 3],
    /// The content pillars' table: its heading, and pillar, target, no
    /// pillar, posts.
    pub pillars: &'static str,
    pub pillar_head: [&'static str; 4],
    /// The labels under a calendar finding.
    pub help: &'static str,
    pub records: &'static str,
}

const EN: Words = Words {
    post: ("post", "posts"),
    error: ("error", "errors"),
    warning: ("warning", "warnings"),
    suggestion: ("suggestion", "suggestions"),
    finding: ("finding", "findings"),
    input_error: ("input error", "input errors"),
    checked: "checked",
    in_calendar: "in the calendar",
    here: "here",
    consider: "consider this",
    fix_replace: "fix: replace with",
    principles: "principles",
    detected: "detected",
    read_as_x_export: "read as an X export",
    findings_per_rule: "Findings per rule",
    record: ("record", "records"),
    platform: ("platform", "platforms"),
    calendar: "Calendar",
    read: "read",
    on: "on",
    calendar_findings: "Calendar findings",
    calendar_fine: "none: cadence, mix and repetition look fine",
    cadence_per_platform: "Cadence per platform",
    cadence_head: ["platform", "posts", "first", "last", "max gap", "max/day"],
    posts_week_of: "posts, week of",
    principle_mix: "Principle mix (share of posts using each principle)",
    shares: "Questions, humor and sales (share of posts)",
    share_names: ["questions", "humor", "sales"],
    pillars: "Content pillars (share of each month's posts, against the target)",
    pillar_head: ["pillar", "target", "no pillar", "posts"],
    help: "help",
    records: "records",
};

const NL: Words = Words {
    post: ("bericht", "berichten"),
    error: ("fout", "fouten"),
    warning: ("waarschuwing", "waarschuwingen"),
    suggestion: ("suggestie", "suggesties"),
    finding: ("opmerking", "opmerkingen"),
    input_error: ("invoerfout", "invoerfouten"),
    checked: "gecontroleerd",
    in_calendar: "in de kalender",
    here: "hier",
    consider: "bekijk dit eens",
    fix_replace: "oplossing: vervang door",
    principles: "principes",
    detected: "herkend",
    read_as_x_export: "gelezen als X-export",
    findings_per_rule: "Opmerkingen per regel",
    record: ("record", "records"),
    platform: ("platform", "platformen"),
    calendar: "Kalender",
    read: "gelezen",
    on: "op",
    calendar_findings: "Kalenderopmerkingen",
    calendar_fine: "geen: ritme, mix en herhaling zien er goed uit",
    cadence_per_platform: "Ritme per platform",
    cadence_head: [
        "platform",
        "berichten",
        "eerste",
        "laatste",
        "max. gat",
        "max./dag",
    ],
    posts_week_of: "berichten, week van",
    principle_mix: "Mix van principes (aandeel berichten dat elk principe gebruikt)",
    shares: "Vragen, humor en verkoop (aandeel berichten)",
    share_names: ["vragen", "humor", "verkoop"],
    pillars: "Contentpijlers (aandeel in de berichten van elke maand, tegenover het doel)",
    pillar_head: ["pijler", "doel", "geen pijler", "berichten"],
    help: "tip",
    records: "berichten",
};

impl Words {
    /// A severity in the UI language: the singular noun of the summary.
    pub fn severity(&self, s: postlint_engine::Severity) -> &'static str {
        match s {
            postlint_engine::Severity::Error => self.error.0,
            postlint_engine::Severity::Warning => self.warning.0,
            postlint_engine::Severity::Suggestion => self.suggestion.0,
        }
    }
}

/// The words of `lang`.
pub fn words(lang: UiLang) -> &'static Words {
    match lang {
        UiLang::En => &EN,
        UiLang::Nl => &NL,
    }
}

/// "1 post", "3 posts"; "1 bericht", "3 berichten".
pub fn count(n: usize, (one, many): Noun) -> String {
    super::terminal::count(n, one, many)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_plurals() {
        let nl = words(UiLang::Nl);
        assert_eq!(count(1, nl.post), "1 bericht");
        assert_eq!(count(3, nl.post), "3 berichten");
        assert_eq!(count(0, nl.error), "0 fouten");
        assert_eq!(count(1, nl.suggestion), "1 suggestie");
        assert_eq!(count(2, words(UiLang::En).warning), "2 warnings");
    }
}
