//! Failures that must not go unreported, and text that must not escape its
//! place: write errors, multi-line matches in the line format, a BOM before
//! front matter, and `--fix` on files it must not rewrite.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use common::{root, stderr, stdout};

mod common;

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("postlint-hard-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn a_bom_does_not_hide_the_front_matter() {
    let text =
        "\u{feff}---\nplatform: linkedin\ndisable: [killers/shouting]\n---\nSUMMER SALE NOW!!!\n";
    let o = common::run(
        &root(),
        &["check", "--format", "json", "--stdin-filename", "a.md", "-"],
        Some(text),
        &[],
    );
    let out = stdout(&o);
    assert!(out.contains("\"platform\": \"linkedin\""), "{out}");
    assert!(!out.contains("killers/shouting"), "{out}");
}

#[test]
fn line_format_keeps_a_multi_line_match_on_one_line() {
    // A rule file whose message shows a match that spans a line break.
    let dir = temp("line");
    std::fs::write(
        dir.join("span.rules"),
        "pack span {\n  description: \"d\"\n}\n\nrule two-lines {\n  severity: warning\n  message: \"Found {match}\"\n  when: matches(/stop\\n::error/)\n  example fire en: \"stop\\n::error title=x::y\"\n  example pass en: \"go\"\n}\n",
    )
    .expect("rules");
    let o = common::run(
        &dir,
        &["check", "--rules", "span.rules", "--format", "line", "-"],
        Some("Please stop\n::error title=pwned::owned\n"),
        &[],
    );
    let out = stdout(&o);
    assert!(out.contains("span/two-lines"), "{out}{}", stderr(&o));
    for line in out.lines() {
        assert!(
            !line.starts_with("::"),
            "an output line starts with post text: {line}"
        );
    }
    assert!(out.contains("Found stop\\n::error"), "{out}");
}

#[cfg(target_os = "linux")]
#[test]
fn write_errors_are_errors() {
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full")
    };
    let bin = env!("CARGO_BIN_EXE_postlint");
    let run = |args: &[&str]| {
        let mut child = Command::new(bin)
            .args(args)
            .current_dir(root())
            .stdin(Stdio::piped())
            .stdout(full())
            .stderr(Stdio::piped())
            .spawn()
            .expect("runs");
        if let Some(mut stdin) = child.stdin.take() {
            use std::io::Write;
            let _ = stdin.write_all(b"Our summer sale starts today!!!\n");
        }
        child.wait_with_output().expect("finishes")
    };
    let check = run(&["check", "examples/launch-en.md"]);
    assert_eq!(check.status.code(), Some(2), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("cannot write"),
        "{}",
        stderr(&check)
    );
    let fix = run(&["check", "--fix", "-"]);
    assert_eq!(fix.status.code(), Some(2), "{}", stderr(&fix));
    assert!(
        stderr(&fix).contains("cannot write the fixed draft"),
        "{}",
        stderr(&fix)
    );
}

#[cfg(unix)]
#[test]
fn fix_refuses_read_only_files_and_hard_links() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp("fix");
    let draft = dir.join("draft.md");
    let text = "---\nplatform: x\n---\nOur summer sale starts today!!!\n";
    std::fs::write(&draft, text).expect("draft");

    std::fs::set_permissions(&draft, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let o = common::run(&dir, &["check", "--fix", "draft.md"], None, &[]);
    assert_eq!(o.status.code(), Some(2), "{}{}", stdout(&o), stderr(&o));
    assert!(format!("{}{}", stdout(&o), stderr(&o)).contains("read-only"));
    assert_eq!(std::fs::read_to_string(&draft).expect("read"), text);

    std::fs::set_permissions(&draft, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    std::fs::hard_link(&draft, dir.join("other-name.md")).expect("link");
    let o = common::run(&dir, &["check", "--fix", "draft.md"], None, &[]);
    assert_eq!(o.status.code(), Some(2), "{}{}", stdout(&o), stderr(&o));
    assert!(format!("{}{}", stdout(&o), stderr(&o)).contains("hard links"));
    assert_eq!(
        std::fs::read_to_string(dir.join("other-name.md")).expect("read"),
        text
    );
}

#[test]
fn no_findings_or_fixes_inside_code_or_comments() {
    let dir = temp("code");
    let text = "---\nplatform: linkedin\n---\nUse `BUY NOW!!!` in your template.\n\n```\nSHOUTING CODE!!!\n```\n<!-- TODO FIX THIS!!! -->\nBut this is loud!!!\n";
    std::fs::write(dir.join("code.md"), text).expect("draft");
    let o = common::run(&dir, &["check", "--format", "line", "code.md"], None, &[]);
    let lines: Vec<String> = stdout(&o)
        .lines()
        .filter(|l| l.contains("killers/shouting"))
        .map(str::to_string)
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("code.md:10:"), "{lines:?}");
    let o = common::run(&dir, &["check", "--fix", "code.md"], None, &[]);
    assert!(o.status.code().is_some());
    let fixed = std::fs::read_to_string(dir.join("code.md")).expect("read");
    assert_eq!(
        fixed,
        text.replace("loud!!!", "loud!"),
        "only the prose is fixed"
    );
}
