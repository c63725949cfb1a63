//! The built-in packs, embedded in the binary from `rules/` at build time.
//! Each pack is a folder: a manifest (`pack.yaml`) and its rule files.

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

/// `text` with every `example …` statement blanked (each of its lines kept
/// as an empty line); a `"""` string may carry the statement over lines.
fn without_examples(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Inside an example's `"""` string, or inside another `"""` string (a
    // rationale whose line may start with "example ").
    let (mut in_example, mut in_other) = (false, false);
    for line in text.split_inclusive('\n') {
        let quotes = line.matches("\"\"\"").count() % 2 == 1;
        let starts = !in_other && !in_example && line.trim_start().starts_with("example ");
        if in_example || starts {
            in_example ^= quotes;
            if line.ends_with('\n') {
                out.push('\n');
            }
        } else {
            in_other ^= quotes;
            out.push_str(line);
        }
    }
    out
}

/// Names of the built-in packs.
pub const PACKS: &[&str] = &[
    "core",
    "cialdini",
    "engagement",
    "killers",
    "replies",
    "platform",
    "measure",
    "calendar",
];

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
    fn built_in_packs_load_without_their_examples() {
        let full = crate::RuleSet::from_sources(&sources()).map(|s| s.rules().count());
        let lean = crate::RuleSet::from_sources(&sources_for_linting()).map(|s| s.rules().count());
        assert!(matches!((&full, &lean), (Ok(a), Ok(b)) if a == b && *a > 30));
        let text: usize = sources_for_linting().iter().map(|(_, t)| t.len()).sum();
        let all: usize = sources().iter().map(|(_, t)| t.len()).sum();
        assert!(text * 4 < all * 3, "examples are a good part of the text");
    }
}
