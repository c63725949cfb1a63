//! The built-in packs, embedded in the binary from `rules/` at build time.
//! Each pack is a folder: a manifest (`pack.yaml`) and its rule files.

use crate::pack_files::without_examples;
pub use crate::pack_files::PACKS;

/// A built-in pack: its name, manifest text and rule files.
pub struct BuiltinPack {
    pub name: &'static str,
    pub manifest: &'static str,
    pub files: &'static [(&'static str, &'static str)],
}

macro_rules! pack {
    ($name:literal) => {
        BuiltinPack {
            name: $name,
            manifest: include_str!(concat!("../../../rules/", $name, "/pack.yaml")),
            files: &[(
                concat!($name, ".rules"),
                include_str!(concat!("../../../rules/", $name, "/", $name, ".rules")),
            )],
        }
    };
}

/// The built-in packs, dependencies first.
pub const BUILTIN: &[BuiltinPack] = &[
    pack!("core"),
    pack!("cialdini"),
    pack!("engagement"),
    pack!("killers"),
    pack!("replies"),
    pack!("platform"),
    pack!("measure"),
    pack!("calendar"),
];

/// The built-in rule files as parsed when postlint was built (`build.rs`),
/// with their `examples` or without. `None` if the build could not parse
/// them: then they are parsed from [`sources`] at run time.
pub fn parsed(examples: bool) -> Option<Vec<postlint_lang::ParsedFile>> {
    static FULL: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin-full.ast"));
    static LINT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin-lint.ast"));
    postlint_lang::snapshot::decode(if examples { FULL } else { LINT })
}

/// The lexicon tables of the built-in packs' matchers, built when postlint
/// was built (`build.rs`), by the [`fingerprint`](crate::lexicon::fingerprint)
/// of their entries; `None` for other entries (a team pack extends a
/// lexicon), which are then built at run time.
pub(crate) fn prebuilt_tables(fingerprint: u64) -> Option<crate::lexicon::Tables> {
    static TABLES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin-lexicons.bin"));
    let all: Vec<(u64, &[u8])> = postcard::from_bytes(TABLES).ok()?;
    let (_, bytes) = all.into_iter().find(|(f, _)| *f == fingerprint)?;
    postcard::from_bytes(bytes).ok()
}

/// The plans of the built-in packs' regular expressions, made when
/// postlint was built (`build.rs`), by source.
fn prebuilt_plans() -> &'static [(String, crate::regex_forms::Plan)] {
    static BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin-regexes.bin"));
    static PLANS: std::sync::LazyLock<Vec<(String, crate::regex_forms::Plan)>> =
        std::sync::LazyLock::new(|| postcard::from_bytes(BYTES).unwrap_or_default());
    &PLANS
}

/// The plan of `source` if a built-in pack has that expression; others are
/// planned at run time.
pub(crate) fn regex_plan(source: &str) -> Option<crate::regex_forms::Plan> {
    let plans = prebuilt_plans();
    plans
        .iter()
        .find(|(s, _)| s == source)
        .map(|(_, p)| p.clone())
}

/// Every built-in expression with its plan (tests compare them with plans
/// made at run time).
#[cfg(test)]
pub(crate) fn regex_plans() -> impl Iterator<Item = (String, crate::regex_forms::Plan)> {
    prebuilt_plans().iter().cloned()
}

/// (file name, text) of every built-in rule file, named `builtin:PACK/FILE`.
pub fn sources() -> Vec<(String, String)> {
    BUILTIN
        .iter()
        .flat_map(|p| {
            p.files
                .iter()
                .map(move |(n, t)| (format!("builtin:{}/{n}", p.name), t.to_string()))
        })
        .collect()
}

/// Like [`sources`], for linting only: the rules' `example` statements are
/// left out (a third of the text, which every start would otherwise parse).
/// Lines stay where they were, so positions in the files keep their line.
/// `rules test`, `rules docs` and the test suite use [`sources`].
pub fn sources_for_linting() -> Vec<(String, String)> {
    sources()
        .into_iter()
        .map(|(name, text)| (name, without_examples(&text)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_are_blanked_and_lines_kept() {
        let text = "rule a {\n  example fire en: \"x\"\n  example pass en: \"\"\"one\ntwo\"\"\"\n  when: words > 1\n}\n";
        let out = without_examples(text);
        assert_eq!(out, "rule a {\n\n\n\n  when: words > 1\n}\n");
        // A line of a rationale that starts with "example " stays.
        let why = "rule b {\n  why: \"\"\"Said once,\n  example after example.\"\"\"\n  example fire en: \"y\"\n}\n";
        assert_eq!(
            without_examples(why),
            "rule b {\n  why: \"\"\"Said once,\n  example after example.\"\"\"\n\n}\n"
        );
        assert_eq!(out.lines().count(), text.lines().count());
    }

    #[test]
    fn packs_parsed_at_build_time_are_the_rule_files_as_they_are() {
        for (examples, text) in [(true, sources()), (false, sources_for_linting())] {
            let built = parsed(examples).unwrap_or_default();
            assert_eq!(built.len(), text.len());
            for (file, (name, text)) in built.iter().zip(&text) {
                assert_eq!((&file.name, &file.text), (name, text));
                let now = postlint_lang::parse_file(name, text).map(|f| format!("{:?}", f.ast));
                assert_eq!(now.ok(), Some(format!("{:?}", file.ast)), "{name}");
            }
        }
    }

    #[test]
    fn packs_are_parsed_at_run_time_when_the_build_could_not() {
        let team = [(
            "team.rules".to_string(),
            "pack team { version: \"1.0.0\" }\nrule r {\n  severity: warning\n  message: \"m\"\n  when: words > 1\n}\n"
                .to_string(),
        )];
        for examples in [true, false] {
            let ids = |set: Result<crate::RuleSet, _>| {
                set.map(|s| s.rules().map(|r| r.id.clone()).collect::<Vec<_>>())
                    .unwrap_or_default()
            };
            let built = ids(crate::RuleSet::builtin_and(&team, examples));
            let parsed_now = ids(crate::RuleSet::with_parsed_builtin(None, &team, examples));
            assert!(built.len() > 30 && built.contains(&"team/r".to_string()));
            assert_eq!(built, parsed_now);
        }
    }

    #[test]
    fn built_in_lexicons_are_loaded_as_built() {
        for examples in [true, false] {
            let Ok(set) = crate::RuleSet::builtin_and(&[], examples) else {
                panic!("the built-in packs load");
            };
            assert!(set.matchers.len() >= 3, "en, nl and all");
            for (lang, m) in &set.matchers {
                assert!(m.is_prebuilt(), "{lang}");
                // Loaded tables find what freshly built ones find.
                let text = "Click the link and sign up now, niet gratis! Klik hier 😂";
                let a = postlint_text::analyze(text);
                let fresh = crate::lexicon::Matcher::new(m.tables_built_now());
                let spans = |hits: Vec<crate::lexicon::Hit>| {
                    hits.iter()
                        .map(|h| (h.lexicon, h.entry, h.span.start, h.span.end, h.negated))
                        .collect::<Vec<_>>()
                };
                let found = spans(m.get().find(text, &a));
                assert!(!found.is_empty(), "{lang}");
                assert_eq!(found, spans(fresh.find(text, &a)), "{lang}");
            }
        }
        // A team pack that extends a lexicon gets its matcher built at run time.
        let team = [(
            "team.rules".to_string(),
            "pack team { version: \"1.0.0\" }\nextend lexicon core.cta {\n  en: \"grab yours\"\n}\n"
                .to_string(),
        )];
        let Ok(set) = crate::RuleSet::builtin_and(&team, false) else {
            panic!("the team pack loads");
        };
        assert!(set.matchers.get("en").is_some_and(|m| !m.is_prebuilt()));
        assert!(set.matchers.get("nl").is_some_and(|m| m.is_prebuilt()));
    }

    #[test]
    fn built_in_packs_load_without_their_examples() {
        let full = crate::RuleSet::from_sources(&sources()).map(|s| s.rules().count());
        let lean = crate::RuleSet::from_sources(&sources_for_linting()).map(|s| s.rules().count());
        assert!(matches!((&full, &lean), (Ok(a), Ok(b)) if a == b && *a > 30));
        let text: usize = sources_for_linting().iter().map(|(_, t)| t.len()).sum();
        let all: usize = sources().iter().map(|(_, t)| t.len()).sum();
        assert!(text * 4 < all * 3, "examples are a good part of the text");
    }
}
