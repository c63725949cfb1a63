//! The vocabulary and its reference: every name the rule language knows has
//! a doc line, and docs/rule-language.md lists it in its section's tables.

use postlint_lang::builtins::{
    CalendarFunction, CalendarMeasure, ExampleKey, Function, Measure, Metadata, Placeholder,
    PlatformProperty, PlatformSetting, RuleSetting, Scope, Target,
};
use postlint_lang::Code;

/// The reference, read from the repository.
fn reference() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rule-language.md");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The table rows (`| … |`) of the section whose heading starts with `heading`.
fn table_rows<'a>(doc: &'a str, heading: &str) -> Vec<&'a str> {
    let mut in_section = false;
    let mut rows = Vec::new();
    for line in doc.lines() {
        if line.starts_with("## ") {
            in_section = line.starts_with(heading);
        } else if in_section && line.starts_with('|') {
            rows.push(line);
        }
    }
    assert!(
        !rows.is_empty(),
        "docs/rule-language.md has no tables under `{heading}`"
    );
    rows
}

/// Whether a row names `name` as code: `` `name` ``, `` `name(…)` ``, `` `name=` ``…
fn names(row: &str, name: &str) -> bool {
    row.match_indices(name).any(|(at, _)| {
        let before = row[..at].chars().next_back();
        let after = row[at + name.len()..].chars().next();
        matches!(before, Some('`' | '{' | '.'))
            && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

#[track_caller]
fn documented(
    heading: &str,
    kind: &str,
    entries: impl IntoIterator<Item = (&'static str, &'static str)>,
) {
    let doc = reference();
    let rows = table_rows(&doc, heading);
    let mut missing = Vec::new();
    for (name, line) in entries {
        assert!(
            !line.trim().is_empty(),
            "{kind} `{name}` has no doc line in crates/postlint-lang/src/builtins.rs"
        );
        if !rows.iter().any(|row| names(row, name)) {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "docs/rule-language.md, `{heading}`: no table row for the {kind}(s) {missing:?}"
    );
}

macro_rules! entries {
    ($kind:ty) => {
        <$kind>::ALL.iter().map(|v| (v.name(), v.doc()))
    };
}

#[test]
fn measures_are_documented() {
    documented("## 6.", "measure", entries!(Measure));
}

#[test]
fn functions_are_documented() {
    documented("## 7.", "function", entries!(Function));
}

#[test]
fn scopes_are_documented() {
    documented("## 8.", "scope", entries!(Scope));
}

#[test]
fn metadata_is_documented() {
    documented("## 9.", "metadata", entries!(Metadata));
}

#[test]
fn placeholders_are_documented() {
    documented("## 10.", "placeholder", entries!(Placeholder));
}

#[test]
fn places_are_documented() {
    documented("## 11.", "place for `at:`", entries!(Target));
}

#[test]
fn example_keys_are_documented() {
    documented("## 12.", "example key", entries!(ExampleKey));
}

#[test]
fn platform_settings_and_properties_are_documented() {
    documented("## 13.", "platform setting", entries!(PlatformSetting));
    documented("## 13.", "platform property", entries!(PlatformProperty));
}

#[test]
fn rule_settings_are_documented() {
    documented("## 4.", "rule setting", entries!(RuleSetting));
}

#[test]
fn calendar_measures_and_functions_are_documented() {
    documented("## 15.", "calendar measure", entries!(CalendarMeasure));
    documented("## 15.", "calendar function", entries!(CalendarFunction));
}

#[test]
fn diagnostic_codes_are_documented() {
    let doc = reference();
    let rows = table_rows(&doc, "## 18.");
    for code in Code::ALL {
        let shown = format!("`{code}`");
        assert!(
            rows.iter().any(|row| row.contains(&shown)),
            "docs/rule-language.md, `## 18.`: no row for {shown}"
        );
    }
}

#[test]
fn names_parse_back_and_are_unique_within_their_kind() {
    fn check<T: Copy + PartialEq + std::fmt::Debug>(
        all: &[T],
        name: fn(T) -> &'static str,
        parse: fn(&str) -> Option<T>,
    ) {
        for &v in all {
            assert_eq!(parse(name(v)), Some(v), "{v:?}");
            assert_eq!(all.iter().filter(|w| name(**w) == name(v)).count(), 1);
        }
    }
    check(Measure::ALL, Measure::name, Measure::parse);
    check(Function::ALL, Function::name, Function::parse);
    check(Scope::ALL, Scope::name, Scope::parse);
    check(Target::ALL, Target::name, Target::parse);
    check(
        PlatformProperty::ALL,
        PlatformProperty::name,
        PlatformProperty::parse,
    );
    check(
        CalendarMeasure::ALL,
        CalendarMeasure::name,
        CalendarMeasure::parse,
    );
    // A place that is the first of some items names the measure that counts them.
    for t in Target::ALL {
        if let Some(m) = t.items() {
            assert_eq!(m.name(), t.name());
        }
    }
    // A parameter may not shadow a measure, so no placeholder may be one.
    for p in Placeholder::ALL {
        assert!(Measure::parse(p.name()).is_none(), "{p}");
    }
}
