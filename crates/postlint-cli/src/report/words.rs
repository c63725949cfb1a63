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
};

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
