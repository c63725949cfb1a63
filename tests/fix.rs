//! `postlint check --fix` and `--diff`: safe fixes only, atomic writes, the
//! original left byte-identical when anything fails.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

mod common;

fn postlint(args: &[&str], dir: &Path, stdin: Option<&str>) -> Output {
    common::run(dir, args, stdin, &[])
}

fn out(o: &Output) -> String {
    common::stdout(o)
}

fn err(o: &Output) -> String {
    common::stderr(o)
}

/// A fresh folder of its own for each test.
fn workspace(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("postlint-fix-test-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("temp dir");
    dir
}

const SHOUTY: &str =
    "---\nplatform: linkedin\n---\n中文 😀 Our summer sale starts today!!! Come by the shop.\n";
const FORMAL: &str =
    "Dear valued customers, herewith we inform you that our store will be closed on Monday.\n";

fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[test]
fn fix_applies_safe_fixes_only_and_reports_what_is_left() {
    let dir = workspace("apply");
    fs::write(dir.join("sale.md"), SHOUTY).expect("write");
    fs::write(dir.join("formal.txt"), FORMAL).expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir.join("sale.md"), fs::Permissions::from_mode(0o640)).expect("chmod");
    }
    let o = postlint(
        &[
            "check",
            "--fix",
            "--format",
            "line",
            "sale.md",
            "formal.txt",
        ],
        &dir,
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    assert_eq!(
        fs::read_to_string(dir.join("sale.md")).expect("read"),
        SHOUTY.replace("!!!", "!")
    );
    // too-formal has a fix, but not a safe one: left for a person.
    assert_eq!(
        fs::read_to_string(dir.join("formal.txt")).expect("read"),
        FORMAL
    );
    let report = out(&o);
    assert!(
        !report.contains("killers/shouting"),
        "fixed findings are gone: {report}"
    );
    assert!(
        report.contains("formal.txt:1:1: suggestion killers/too-formal"),
        "{report}"
    );
    // Findings after the fix point into the fixed text: "Come by" moved left by two.
    assert!(
        report.contains("sale.md:4:36: suggestion cialdini/no-reason"),
        "{report}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(dir.join("sale.md"))
            .expect("stat")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o640, "permissions kept");
    }
    assert!(temp_files(&dir).is_empty());
    let again = postlint(&["check", "--diff", "sale.md"], &dir, None);
    assert_eq!(
        (again.status.code(), out(&again)),
        (Some(0), String::new()),
        "nothing left to fix"
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn diff_shows_the_change_and_writes_nothing() {
    let dir = workspace("diff");
    fs::write(dir.join("sale.md"), SHOUTY).expect("write");
    let o = postlint(&["check", "--diff", "sale.md"], &dir, None);
    assert_eq!(o.status.code(), Some(1), "1: something would change");
    assert_eq!(
        out(&o),
        "--- a/sale.md\n+++ b/sale.md\n@@ -1,4 +1,4 @@\n ---\n platform: linkedin\n ---\n-中文 😀 Our summer sale starts today!!! Come by the shop.\n+中文 😀 Our summer sale starts today! Come by the shop.\n"
    );
    assert_eq!(
        fs::read_to_string(dir.join("sale.md")).expect("read"),
        SHOUTY
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn fix_on_stdin_prints_the_fixed_draft() {
    let dir = workspace("stdin");
    let o = postlint(
        &["check", "--fix", "--stdin-filename", "draft.txt", "-"],
        &dir,
        Some("Sale today!!! Bring a friend."),
    );
    assert_eq!(
        (o.status.code(), out(&o)),
        (Some(0), "Sale today! Bring a friend.".to_string())
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn every_place_is_fixed_in_one_run() {
    let dir = workspace("every");
    let o = postlint(
        &["check", "--fix", "--stdin-filename", "draft.txt", "-"],
        &dir,
        Some("Sale today!!! Free coffee!! Bring a friend!!!"),
    );
    assert_eq!(
        (o.status.code(), out(&o)),
        (
            Some(0),
            "Sale today! Free coffee! Bring a friend!".to_string()
        )
    );
    let _ = fs::remove_dir_all(&dir);
}

/// A failure in the middle of a run: the second draft cannot be written (its
/// temporary file's name is too long for the file system, for root too). The
/// first is fixed, the second stays byte-identical, the run exits 2.
#[test]
fn a_failing_write_leaves_the_original_byte_identical() {
    let dir = workspace("fail");
    let long = format!("{}.md", "x".repeat(240));
    fs::write(dir.join("a.md"), SHOUTY).expect("write");
    fs::write(dir.join(&long), SHOUTY).expect("write a long name");
    let o = postlint(
        &["check", "--fix", "--format", "line", "a.md", &long],
        &dir,
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{}{}", out(&o), err(&o));
    assert!(
        err(&o).contains("not fixed, file left as it was"),
        "{}",
        err(&o)
    );
    assert_eq!(
        fs::read_to_string(dir.join("a.md")).expect("read"),
        SHOUTY.replace("!!!", "!")
    );
    assert_eq!(fs::read(dir.join(&long)).expect("read"), SHOUTY.as_bytes());
    // Its findings are still reported, unfixed.
    assert!(
        out(&o).contains(&format!("{long}:4:34: suggestion killers/shouting")),
        "{}",
        out(&o)
    );
    assert!(temp_files(&dir).is_empty());
    let _ = fs::remove_dir_all(&dir);
}

/// A read-only folder: no temporary file can be made there, so the draft is
/// not touched. (Root may write anyway; then the fix goes through, atomically.)
#[cfg(unix)]
#[test]
fn a_read_only_folder_leaves_the_original_byte_identical() {
    use std::os::unix::fs::PermissionsExt;
    let dir = workspace("readonly");
    let drafts = dir.join("drafts");
    fs::create_dir_all(&drafts).expect("mkdir");
    fs::write(drafts.join("sale.md"), SHOUTY).expect("write");
    fs::set_permissions(&drafts, fs::Permissions::from_mode(0o555)).expect("chmod");
    let privileged = fs::write(drafts.join("probe"), "").is_ok();
    let _ = fs::remove_file(drafts.join("probe"));
    let o = postlint(&["check", "--fix", "drafts/sale.md"], &dir, None);
    let after = fs::read(drafts.join("sale.md")).expect("read");
    let _ = fs::set_permissions(&drafts, fs::Permissions::from_mode(0o755));
    if privileged {
        assert_eq!(
            after,
            SHOUTY.replace("!!!", "!").as_bytes(),
            "root: fixed in place"
        );
    } else {
        assert_eq!(o.status.code(), Some(2), "{}", err(&o));
        assert!(err(&o).contains("cannot create"), "{}", err(&o));
        assert_eq!(after, SHOUTY.as_bytes());
    }
    assert!(temp_files(&drafts).is_empty());
    let _ = fs::remove_dir_all(&dir);
}

/// Whether the tests run as root (uid 0), read from `id -u`.
#[cfg(unix)]
fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[cfg(unix)]
#[test]
fn fix_keeps_the_owner_and_the_setuid_and_setgid_bits() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = workspace("owner");
    let draft = dir.join("sale.md");
    fs::write(&draft, SHOUTY).expect("write");
    // Another user's file can only be handed back to them as root; as
    // anyone else the draft stays ours and only the mode is checked.
    let owner = if is_root() {
        std::os::unix::fs::chown(&draft, Some(4242), Some(4343)).expect("chown");
        (4242, 4343)
    } else {
        let m = fs::metadata(&draft).expect("metadata");
        (m.uid(), m.gid())
    };
    fs::set_permissions(&draft, fs::Permissions::from_mode(0o6644)).expect("chmod");
    let o = postlint(
        &["check", "--fix", "--format", "line", "sale.md"],
        &dir,
        None,
    );
    let after = fs::metadata(&draft).expect("metadata");
    assert_ne!(
        fs::read_to_string(&draft).expect("read"),
        SHOUTY,
        "{}",
        err(&o)
    );
    assert_eq!(after.mode() & 0o7777, 0o6644, "mode with setuid and setgid");
    assert_eq!((after.uid(), after.gid()), owner);
    assert!(temp_files(&dir).is_empty());
    let _ = fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn fix_refuses_a_file_whose_owner_it_cannot_keep() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    // Needs a file of one user, writable by another who runs the fix: as
    // root, run postlint as `nobody` through setpriv.
    let setpriv = Path::new("/usr/bin/setpriv");
    if !is_root() || !setpriv.exists() {
        eprintln!("skipped: needs root and setpriv");
        return;
    }
    let dir = workspace("foreign");
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o1777)).expect("chmod dir");
    let draft = dir.join("sale.md");
    fs::write(&draft, SHOUTY).expect("write");
    fs::set_permissions(&draft, fs::Permissions::from_mode(0o666)).expect("chmod");
    let o = std::process::Command::new(setpriv)
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_postlint"))
        .args(["check", "--fix", "--format", "line", "sale.md"])
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .env("HOME", &dir)
        .env("XDG_CONFIG_HOME", &dir)
        .output()
        .expect("postlint runs as nobody");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("cannot keep its owner and group"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&draft).expect("read"), SHOUTY);
    let after = fs::metadata(&draft).expect("metadata");
    assert_eq!((after.uid(), after.gid()), (0, 0));
    assert!(temp_files(&dir).is_empty());
    let _ = fs::remove_dir_all(&dir);
}
