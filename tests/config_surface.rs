//! One config surface: `init` loses nothing, the config's JSON Schema
//! matches what the reader accepts, `--no-config`, and names (platforms,
//! languages, rule ids, front matter keys) are checked the same way
//! wherever they are given, with a "did you mean".

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{root, stderr, stdout};
use serde_json::Value;

mod common;

fn postlint_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    common::run(dir, args, stdin, &[])
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("postlint-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn schema() -> Value {
    let text = std::fs::read_to_string(root().join("docs/schema/config.json")).expect("schema");
    serde_json::from_str(&text).expect("schema is JSON")
}

#[test]
fn init_writes_a_config_that_changes_nothing() {
    let dir = temp_dir("init");
    let init = postlint_in(&dir, &["init"], None);
    assert_eq!(init.status.code(), Some(0), "{}", stderr(&init));
    let written = std::fs::read_to_string(dir.join(".postlint.yaml")).expect("config written");
    assert!(
        written.starts_with("# yaml-language-server: $schema="),
        "{written}"
    );

    // The same findings, calendar findings included, with and without it.
    let calendar = root().join("examples/calendar.csv");
    let draft = root().join("examples/launch-en.md");
    for input in [&calendar, &draft] {
        std::fs::copy(input, dir.join(input.file_name().expect("name"))).expect("copy");
    }
    let args = |extra: &'static str| {
        vec![
            "check",
            "--format",
            "json",
            "calendar.csv",
            "launch-en.md",
            extra,
        ]
    };
    let with = postlint_in(&dir, &args("--statistics"), None);
    let without = postlint_in(&dir, &args("--no-config"), None);
    assert_eq!(stdout(&with), stdout(&without));
    assert!(
        stdout(&with).contains("\"rule\": \"calendar/"),
        "calendar findings stay on"
    );

    // It validates against the schema the comment points editors at.
    let yaml = postlint::yaml::parse(&written).expect("the template is YAML");
    let doc = serde_json::to_value(&yaml).expect("as JSON");
    let validator = jsonschema::validator_for(&schema()).expect("schema compiles");
    assert!(validator.is_valid(&doc), "{doc}");

    // It refuses to overwrite, and never writes through a link.
    assert_eq!(postlint_in(&dir, &["init"], None).status.code(), Some(2));
    #[cfg(unix)]
    {
        let target = dir.join("elsewhere.txt");
        std::fs::write(&target, "keep me").expect("write");
        std::fs::remove_file(dir.join(".postlint.yaml")).expect("remove");
        std::os::unix::fs::symlink(&target, dir.join(".postlint.yaml")).expect("link");
        let o = postlint_in(&dir, &["init", "--force"], None);
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "keep me");
    }
}

#[test]
fn the_schema_knows_every_config_key_and_rejects_others() {
    let schema = schema();
    let props = schema["properties"].as_object().expect("properties");
    for key in postlint::config::KEYS {
        assert!(props.contains_key(*key), "the schema misses `{key}`");
    }
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    assert!(!validator.is_valid(&serde_json::json!({ "platfrom": "x" })));
    assert!(!validator.is_valid(&serde_json::json!({ "rules": { "killers/shouting": "loud" } })));
    assert!(validator.is_valid(&serde_json::json!({
        "packs": ["killers"], "rules": { "killers/bare-link": { "severity": "error", "min_words": 5 } }
    })));
}

#[test]
fn no_config_ignores_the_nearest_config() {
    let dir = temp_dir("noconfig");
    std::fs::write(
        dir.join(".postlint.yaml"),
        "rules:\n  killers/bare-link: off\n",
    )
    .expect("config");
    let text = "Read this https://example.com/report\n";
    let with = postlint_in(&dir, &["check", "--format", "line", "-"], Some(text));
    let without = postlint_in(
        &dir,
        &["check", "--no-config", "--format", "line", "-"],
        Some(text),
    );
    assert!(
        !stdout(&with).contains("killers/bare-link"),
        "{}",
        stdout(&with)
    );
    assert!(
        stdout(&without).contains("killers/bare-link"),
        "{}",
        stdout(&without)
    );
}

#[test]
fn languages_platforms_and_rule_ids_are_checked_with_suggestions() {
    let here = root();
    let fr = postlint_in(&here, &["check", "--lang", "fr", "-"], Some("Bonjour"));
    assert_eq!(fr.status.code(), Some(2));
    assert!(stderr(&fr).contains("languages: en, nl"), "{}", stderr(&fr));

    // Aliases and any capitalisation, in flags and in front matter.
    let long = "word ".repeat(60);
    let twitter = postlint_in(
        &here,
        &["check", "--platform", "Twitter", "--format", "json", "-"],
        Some(&long),
    );
    assert!(
        stdout(&twitter).contains("\"platform\": \"x\""),
        "{}",
        stdout(&twitter)
    );
    let ig = format!("---\nplatform: IG\n---\n{long}");
    let o = postlint_in(
        &here,
        &["check", "--format", "json", "-", "--stdin-filename", "a.md"],
        Some(&ig),
    );
    assert!(
        stdout(&o).contains("\"platform\": \"instagram\""),
        "{}",
        stdout(&o)
    );

    let typo = postlint_in(
        &here,
        &["check", "--disable", "killers/shoutin", "-"],
        Some("Hi"),
    );
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        stderr(&typo).contains("did you mean `killers/shouting`?"),
        "{}",
        stderr(&typo)
    );

    let explain = postlint_in(&here, &["rules", "explain", "killers/bare-lnk"], None);
    assert!(
        stderr(&explain).contains("did you mean `killers/bare-link`?"),
        "{}",
        stderr(&explain)
    );
}

#[test]
fn front_matter_is_validated_at_its_line() {
    let here = root();
    let run = |text: &str| {
        postlint_in(
            &here,
            &["check", "--format", "line", "--stdin-filename", "d.md", "-"],
            Some(text),
        )
    };
    let bad_rule = run("---\nplatform: x\ndisable: [killers/bare-lnk]\n---\nHello there\n");
    assert_eq!(bad_rule.status.code(), Some(2));
    let out = stdout(&bad_rule);
    assert!(out.contains("d.md:3:1: error input:"), "{out}");
    assert!(out.contains("did you mean `killers/bare-link`?"), "{out}");

    let near_key = run("---\nplatfrom: x\n---\nHello there\n");
    assert!(
        stdout(&near_key).contains(
            "d.md:2:1: error input: unknown front matter key `platfrom`; did you mean `platform`?"
        ),
        "{}",
        stdout(&near_key)
    );

    // Keys of site generators are theirs: no error.
    let hugo = run("---\ntitle: Spring\ntags: [bikes]\n---\nHello there\n");
    assert_eq!(hugo.status.code(), Some(0), "{}", stdout(&hugo));

    let platform = run("---\nplatform: myspace\n---\nHello there\n");
    assert!(
        stdout(&platform)
            .contains("d.md:2:1: error input: unknown platform `myspace` in front matter"),
        "{}",
        stdout(&platform)
    );
}

#[test]
fn a_disable_column_turns_rules_off_per_record() {
    let dir = temp_dir("disable");
    std::fs::write(
        dir.join("plan.csv"),
        "text,platform,disable\nRead this https://example.com/a,x,killers/bare-link\nRead this https://example.com/b,x,\n",
    )
    .expect("csv");
    let o = postlint_in(&dir, &["check", "--format", "line", "plan.csv"], None);
    let out = stdout(&o);
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("killers/bare-link"))
        .collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert!(lines[0].starts_with("plan.csv:3:"), "{out}");
}

#[test]
fn rules_commands_honour_the_config_and_team_packs() {
    let team = root().join("examples/team");
    let list = postlint_in(&team, &["rules", "list"], None);
    assert!(
        stdout(&list).contains("vermeulen-fietsen/no-competitors"),
        "{}",
        stdout(&list)
    );
    let explain = postlint_in(
        &team,
        &["rules", "explain", "vermeulen-fietsen/no-competitors"],
        None,
    );
    assert_eq!(explain.status.code(), Some(0), "{}", stderr(&explain));
    let bare = postlint_in(&team, &["rules", "list", "--no-config"], None);
    assert!(
        !stdout(&bare).contains("vermeulen-fietsen/"),
        "{}",
        stdout(&bare)
    );
}

#[test]
fn folders_are_walked_recursively_respecting_gitignore_and_the_config_globs() {
    let dir = temp_dir("folders");
    let put = |p: &str, text: &str| {
        let path = dir.join(p);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
        std::fs::write(path, text).expect("write");
    };
    let bare = "Read this https://example.com/report\n";
    put("posts/2026/march/a.md", bare);
    put("posts/b.txt", bare);
    put("posts/drafts-old/c.md", bare);
    put("posts/.hidden/d.md", bare);
    put("posts/README.md", bare);
    put(".gitignore", "drafts-old/\n");
    put(".postlint.yaml", "exclude: [README.md]\n");
    let o = postlint_in(&dir, &["check", "--format", "line", "posts"], None);
    let sources: std::collections::BTreeSet<String> = stdout(&o)
        .lines()
        .filter(|l| l.contains("killers/bare-link"))
        .filter_map(|l| l.split(':').next().map(str::to_string))
        .collect();
    let expected: std::collections::BTreeSet<String> = ["posts/2026/march/a.md", "posts/b.txt"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(sources, expected, "{}", stdout(&o));

    // A file named on the command line that the config excludes is skipped, and said so.
    let o = postlint_in(
        &dir,
        &[
            "check",
            "--format",
            "line",
            "posts/README.md",
            "posts/b.txt",
        ],
        None,
    );
    assert!(!stdout(&o).contains("README.md"), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("skipped posts/README.md (excluded by the config)"),
        "{}",
        stderr(&o)
    );

    // `include` narrows the drafts to its globs.
    put(".postlint.yaml", "include: [\"posts/2026/**/*.md\"]\n");
    let o = postlint_in(&dir, &["check", "--format", "line", "posts"], None);
    assert!(
        stdout(&o).contains("posts/2026/march/a.md"),
        "{}",
        stdout(&o)
    );
    assert!(!stdout(&o).contains("posts/b.txt"), "{}", stdout(&o));
}

#[test]
fn the_configuration_docs_show_exactly_what_init_writes() {
    let docs = std::fs::read_to_string(root().join("docs/configuration.md")).expect("docs");
    let start = docs
        .find("```yaml\n# yaml-language-server:")
        .expect("the init template in the docs")
        + "```yaml\n".len();
    let end = start + docs[start..].find("```\n").expect("end of the block");
    assert_eq!(&docs[start..end], postlint::config::TEMPLATE);
}
