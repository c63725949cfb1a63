//! Packs as plugins, end to end: the example team pack layered over the
//! built-in packs, the search path, the scaffold, and diagnostics for
//! conflicts and bad manifests (snapshots).

use std::path::Path;
use std::process::Output;

use common::root;

mod common;

fn postlint_in(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    // No packs from the machine's own search path: only what a test sets up.
    let mut vars: Vec<(&str, &str)> = vec![
        ("POSTLINT_PACKS", ""),
        ("XDG_CONFIG_HOME", "no-user-config"),
    ];
    vars.extend(
        env.iter()
            .map(|(k, v)| (*k, v.to_str().unwrap_or_default())),
    );
    common::run(dir, args, None, &vars)
}

fn postlint(args: &[&str]) -> Output {
    postlint_in(&root(), args, &[])
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn the_team_pack_layers_over_the_builtin_packs() {
    let dir = root().join("examples/team");
    let o = postlint_in(&dir, &["check", "--format", "line", "promo.md"], &[]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    // Its own rules …
    assert!(
        out.contains("error vermeulen-fietsen/no-competitors"),
        "{out}"
    );
    assert!(out.contains("warning vermeulen-fietsen/say-je"), "{out}");
    // … its lexicon extension and its override of a built-in rule: two of its own
    // sales words, at the lowered threshold and raised severity.
    assert!(
        out.contains("warning killers/hard-sell: 2 sales phrases"),
        "{out}"
    );
    let list = text(&postlint_in(&dir, &["packs", "list"], &[]));
    assert!(
        list.contains("vermeulen-fietsen")
            && list.contains("1.2.0")
            && list.contains("packs/vermeulen-fietsen"),
        "{list}"
    );
}

#[test]
fn without_the_team_pack_the_builtin_defaults_hold() {
    // The draft's own folder holds the team config; point at one without the team pack.
    let o = postlint(&[
        "check",
        "--format",
        "line",
        "--config",
        "tests/fixtures/clean/.postlint.yaml",
        "--lang",
        "nl",
        "examples/team/promo.md",
    ]);
    let out = text(&o);
    assert!(!out.contains("vermeulen-fietsen/"), "{out}");
    assert!(
        !out.contains("killers/hard-sell"),
        "stuntprijzen is no built-in sales phrase: {out}"
    );
}

#[test]
fn packs_are_found_by_name_in_the_search_path() {
    let tmp = std::env::temp_dir().join(format!("postlint-packs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).expect("temp dir");
    std::fs::write(
        tmp.join(".postlint.yaml"),
        "packs: [killers, vermeulen-fietsen]\nlang: nl\n",
    )
    .expect("config");
    std::fs::write(tmp.join("draft.txt"), "Goedkoper dan FietsMax!").expect("draft");
    let packs_dir = root().join("examples/team/packs");
    let o = postlint_in(
        &tmp,
        &["check", "--format", "line", "draft.txt"],
        &[("POSTLINT_PACKS", &packs_dir)],
    );
    assert!(
        text(&o).contains("vermeulen-fietsen/no-competitors"),
        "{}",
        text(&o)
    );
    let o = postlint_in(&tmp, &["check", "draft.txt"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("unknown pack `vermeulen-fietsen`"),
        "{}",
        text(&o)
    );
    // The project's .postlint/packs/ is searched too.
    let project = tmp.join(".postlint/packs/vermeulen-fietsen");
    std::fs::create_dir_all(&project).expect("project packs");
    for f in ["pack.yaml", "voice.rules"] {
        std::fs::copy(packs_dir.join("vermeulen-fietsen").join(f), project.join(f)).expect("copy");
    }
    let o = postlint_in(&tmp, &["check", "--format", "line", "draft.txt"], &[]);
    assert!(
        text(&o).contains("vermeulen-fietsen/no-competitors"),
        "{}",
        text(&o)
    );
}

#[test]
fn a_scaffolded_pack_passes_its_check() {
    let tmp = std::env::temp_dir().join(format!("postlint-new-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let o = postlint_in(&tmp, &["packs", "new", "brand-voice"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = postlint_in(&tmp, &["packs", "check", "brand-voice"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("pack brand-voice 0.1.0: 1 rule, 8 examples, 0 failed"),
        "{}",
        text(&o)
    );
    let o = postlint_in(&tmp, &["packs", "new", "Brand Voice"], &[]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_example_team_pack_checks_clean() {
    let o = postlint(&["packs", "check", "examples/team/packs/vermeulen-fietsen"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

fn diagnostic(args: &[&str]) -> String {
    let o = postlint(args);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn conflicts_and_bad_manifests_are_diagnostics() {
    let draft = "examples/good-en.md";
    let p = |name: &str| format!("tests/fixtures/packs/{name}");
    insta::assert_snapshot!(
        "pack_bad_manifest",
        diagnostic(&["check", "--rules", &p("bad-manifest"), draft])
    );
    insta::assert_snapshot!(
        "pack_duplicate_name",
        diagnostic(&[
            "check",
            "--rules",
            &p("dup-a"),
            "--rules",
            &p("dup-b"),
            draft
        ])
    );
    insta::assert_snapshot!(
        "pack_missing_dependency",
        diagnostic(&["check", "--rules", &p("needs-missing"), draft])
    );
    insta::assert_snapshot!(
        "pack_incompatible_postlint",
        diagnostic(&["check", "--rules", &p("too-new"), draft])
    );
    insta::assert_snapshot!(
        "pack_incompatible_dependency",
        diagnostic(&["check", "--rules", &p("old-killers"), draft])
    );
    insta::assert_snapshot!(
        "pack_wrong_header",
        diagnostic(&["check", "--rules", &p("wrong-header"), draft])
    );
}

#[test]
fn a_single_file_pack_shows_its_header_version() {
    let tmp = std::env::temp_dir().join(format!("postlint-single-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).expect("temp dir");
    std::fs::write(
        tmp.join(".postlint.yaml"),
        "packs: [killers, voice.rules]\n",
    )
    .expect("config");
    std::fs::write(
        tmp.join("voice.rules"),
        "pack voice {\n  version: \"2.3.4\"\n  description: \"Our voice\"\n}\n",
    )
    .expect("rules");
    let list = text(&postlint_in(&tmp, &["packs", "list"], &[]));
    let line = list
        .lines()
        .find(|l| l.starts_with("voice"))
        .unwrap_or_else(|| panic!("{list}"));
    assert!(line.contains("2.3.4"), "{line}");
}

#[test]
fn summaries_say_one_rule_and_two_rules() {
    let tmp = std::env::temp_dir().join(format!("postlint-plurals-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let rule = |name: &str, examples: &str| {
        format!("rule {name} {{\n  severity: warning\n  message: \"{{count|shout|shouts}}\"\n  when: exclamations > 1\n{examples}}}\n")
    };
    let fire = "  example fire en: \"Hi!! there!\"\n";
    let one = format!(
        "pack solo {{ version: \"0.1.0\" }}\n{}",
        rule("shout", fire)
    );
    let two = format!(
        "pack duo {{ version: \"0.1.0\" }}\n{}{}",
        rule(
            "shout",
            &format!("{fire}  example pass en: \"Hi there!\"\n")
        ),
        rule("loud", "  example pass en: \"Hi!! there!\"\n"),
    );
    std::fs::write(tmp.join("one.rules"), one).expect("write");
    std::fs::write(tmp.join("two.rules"), two).expect("write");
    let o = postlint_in(&tmp, &["packs", "check", "one.rules"], &[]);
    assert!(
        text(&o).contains("pack solo 0.1.0: 1 rule, 1 example, 0 failed"),
        "{}",
        text(&o)
    );
    let o = postlint_in(&tmp, &["packs", "check", "two.rules"], &[]);
    let out = text(&o);
    assert!(
        out.contains("pack duo 0.1.0: 2 rules, 3 examples, 1 failed"),
        "{out}"
    );
    assert!(
        out.contains("example should pass but fired 1 time as warning"),
        "{out}"
    );
    let o = postlint_in(&tmp, &["rules", "test", "two.rules"], &[]);
    assert!(text(&o).contains(" examples run, 1 failed"), "{}", text(&o));
    assert!(!text(&o).contains("(s)"), "{}", text(&o));
    let _ = std::fs::remove_dir_all(&tmp);
}
