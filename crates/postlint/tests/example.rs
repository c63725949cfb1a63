//! The library example (examples/lint_folder.rs) must keep working: it runs
//! here on the repository's team example, with its config and team pack.

use std::path::Path;

#[allow(dead_code)]
#[path = "../examples/lint_folder.rs"]
mod lint_folder;

fn repo(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

#[test]
fn a_folder_is_linted_with_its_config_and_team_pack() {
    let outcome = lint_folder::lint_folder(&repo("examples/team")).expect("the project loads");
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    assert_eq!(outcome.posts.len(), 1);
    let post = &outcome.posts[0];
    let rules: Vec<&str> = post
        .report
        .findings
        .iter()
        .map(|f| f.rule.as_str())
        .collect();
    // The team pack's rule, from the config's `packs:`; placed on the file's line.
    let competitor = post
        .report
        .findings
        .iter()
        .find(|f| f.rule == "vermeulen-fietsen/no-competitors")
        .unwrap_or_else(|| panic!("team rule missing: {rules:?}"));
    assert_eq!(competitor.line, 6);
    assert_eq!(
        &post.text[competitor.span.start..competitor.span.end],
        "FietsMax"
    );
    // The front matter's platform and the config's language apply.
    assert_eq!(post.report.platform, "facebook");
    assert_eq!(post.report.language, "nl");
    assert!(outcome.calendar.is_some());
}

#[test]
fn a_broken_config_is_an_error_value_not_an_exit() {
    let err = lint_folder::lint_folder(&repo("tests/fixtures/bad-config"))
        .expect_err("the config has a mistake");
    assert!(matches!(err, postlint::Error::Config(_)), "{err:?}");
}
