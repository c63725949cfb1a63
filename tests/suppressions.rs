//! Suppressions: `<!-- postlint-disable-next-line RULE -->`, ranges with
//! `postlint-disable`/`postlint-enable`, every rule when none is named,
//! unknown rules reported with "did you mean", and unused comments with
//! `--report-unused-disables`.

use std::process::Output;

use common::{root, stdout};

mod common;

fn check(text: &str, name: &str, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--format", "line", "--stdin-filename", name];
    args.extend_from_slice(extra);
    args.push("-");
    common::run(&root(), &args, Some(text), &[])
}

fn rules_on_lines(o: &Output) -> Vec<(usize, String)> {
    stdout(o)
        .lines()
        .filter_map(|l| {
            let mut parts = l.splitn(4, ':');
            let (_, line, _, rest) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
            let rule = rest.split_whitespace().nth(1)?.trim_end_matches(':');
            Some((line.parse().ok()?, rule.to_string()))
        })
        .collect()
}

const SHOUTS: &str = "SUMMER SALE NOW!!!\n\nWINTER SALE NOW!!!\n\nAUTUMN SALE NOW!!!\n";

#[test]
fn without_comments_every_line_shouts() {
    let found = rules_on_lines(&check(SHOUTS, "a.md", &[]));
    let lines: Vec<usize> = found
        .iter()
        .filter(|(_, r)| r == "killers/shouting")
        .map(|(l, _)| *l)
        .collect();
    assert_eq!(lines, [1, 3, 5], "{found:?}");
}

#[test]
fn next_line_and_ranges_in_markdown_and_text() {
    for name in ["a.md", "a.txt"] {
        let text = "<!-- postlint-disable-next-line killers/shouting -->\nSUMMER SALE NOW!!!\n\n<!-- postlint-disable killers -->\nWINTER SALE NOW!!!\n<!-- postlint-enable -->\nAUTUMN SALE NOW!!!\n";
        let found = rules_on_lines(&check(text, name, &[]));
        let shouting: Vec<usize> = found
            .iter()
            .filter(|(_, r)| r == "killers/shouting")
            .map(|(l, _)| *l)
            .collect();
        assert_eq!(shouting, [7], "{name}: {found:?}");
        // The comments themselves are not prose: no finding points into them.
        assert!(
            found.iter().all(|(l, _)| ![1, 4, 6].contains(l)),
            "{name}: {found:?}"
        );
    }
}

#[test]
fn a_bare_disable_turns_everything_off() {
    let text = "<!-- postlint-disable -->\nSUMMER SALE NOW!!! Read https://example.com\n";
    let o = check(text, "a.md", &[]);
    assert_eq!(
        rules_on_lines(&o),
        Vec::<(usize, String)>::new(),
        "{}",
        stdout(&o)
    );
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn unknown_rules_are_reported_with_a_suggestion() {
    let text = "<!-- postlint-disable-next-line killers/shoutng -->\nSUMMER SALE NOW!!!\n";
    let o = check(text, "a.md", &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o).contains("a.md:1:1: error input: unknown rule `killers/shoutng` in a postlint comment; did you mean `killers/shouting`?"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn unused_comments_are_reported_on_request() {
    let text =
        "<!-- postlint-disable-next-line killers/bare-link -->\nThanks for coming, everyone.\n";
    let quiet = check(text, "a.md", &[]);
    assert!(rules_on_lines(&quiet).is_empty(), "{}", stdout(&quiet));
    let o = check(text, "a.md", &["--report-unused-disables"]);
    assert_eq!(
        rules_on_lines(&o),
        [(1, "postlint/unused-disable".to_string())]
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "a warning fails at the default level"
    );
}
