//! The trust model: a config, a pack or a cloned repository can make
//! postlint read nothing outside the project, and can run no code.
//! Each case below is one way a hostile repository could try.

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{stderr, stdout};

mod common;

const SECRET: &str = "sekrit-token-4242";

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("postlint-trust-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("folder");
    }
    std::fs::write(path, text).expect("write");
}

/// `postlint check draft.txt` in `dir`, with a secret in the environment.
fn check(dir: &Path) -> Output {
    common::run(
        dir,
        &["check", "draft.txt"],
        None,
        &[("FAKE_CI_TOKEN", SECRET)],
    )
}

fn assert_refused(o: &Output, reason: &str) {
    let all = format!("{}{}", stdout(o), stderr(o));
    assert_eq!(o.status.code(), Some(2), "{all}");
    // Diagnostics wrap: compare the words.
    let flat = all
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat.contains(reason), "expected `{reason}` in:\n{all}");
    assert!(!all.contains(SECRET), "a secret leaked:\n{all}");
}

#[test]
fn config_pack_paths_stay_inside_the_config_folder() {
    let outside = temp("outside");
    write(
        &outside.join("secret.rules"),
        &format!("{SECRET} is not a rule file\n"),
    );
    let dir = temp("paths");
    write(&dir.join("draft.txt"), "Hello there");
    for pack in [
        "/proc/self/environ".to_string(),
        outside.join("secret.rules").display().to_string(),
        "../".to_string()
            + outside.file_name().and_then(|n| n.to_str()).unwrap_or("")
            + "/secret.rules",
    ] {
        write(
            &dir.join(".postlint.yaml"),
            &format!("packs: [killers, \"{pack}\"]\n"),
        );
        assert_refused(&check(&dir), "leads outside the config's folder");
    }
}

#[test]
fn depends_takes_names_only() {
    let dir = temp("depends");
    write(&dir.join("draft.txt"), "Hello there");
    write(
        &dir.join(".postlint.yaml"),
        "packs: [killers, packs/voice]\n",
    );
    write(
        &dir.join("packs/voice/pack.yaml"),
        "name: voice\nversion: 1.0.0\ndepends: [core, ../../other]\n",
    );
    write(
        &dir.join("packs/voice/voice.rules"),
        "pack voice {\n  description: \"v\"\n}\n",
    );
    assert_refused(&check(&dir), "a pack depends on other packs by name");
}

#[cfg(unix)]
#[test]
fn a_linked_manifest_or_rule_file_is_not_followed_out_of_the_pack() {
    let outside = temp("linked-outside");
    write(&outside.join("secret.txt"), &format!("name: {SECRET}\n"));
    let dir = temp("linked");
    write(&dir.join("draft.txt"), "Hello there");
    write(
        &dir.join(".postlint.yaml"),
        "packs: [killers, packs/voice]\n",
    );
    std::fs::create_dir_all(dir.join("packs/voice")).expect("pack folder");
    std::os::unix::fs::symlink(
        outside.join("secret.txt"),
        dir.join("packs/voice/pack.yaml"),
    )
    .expect("link");
    write(
        &dir.join("packs/voice/voice.rules"),
        "pack voice {\n  description: \"v\"\n}\n",
    );
    assert_refused(&check(&dir), "leads outside");
}

#[test]
fn discovery_stops_at_the_repository_root() {
    let shared = temp("planted");
    // Planted by someone else above the repository: turns the rule off.
    write(
        &shared.join(".postlint.yaml"),
        "rules:\n  killers/bare-link: off\n",
    );
    let repo = shared.join("repo");
    std::fs::create_dir_all(repo.join(".git")).expect("repository");
    write(
        &repo.join("drafts/draft.txt"),
        "Read this https://example.com/report",
    );
    let o = common::run(
        &repo,
        &["check", "--format", "line", "drafts/draft.txt"],
        None,
        &[],
    );
    assert!(
        stdout(&o).contains("killers/bare-link"),
        "the planted config applied: {}",
        stdout(&o)
    );
    // Without the repository boundary the same config is found (it is the nearest).
    let loose = shared.join("loose");
    write(
        &loose.join("draft.txt"),
        "Read this https://example.com/report",
    );
    let o = common::run(
        &loose,
        &["check", "--format", "line", "draft.txt"],
        None,
        &[],
    );
    assert!(!stdout(&o).contains("killers/bare-link"), "{}", stdout(&o));
}

#[test]
fn oversized_or_special_config_files_are_refused_before_reading() {
    let dir = temp("big");
    write(&dir.join("draft.txt"), "Hello there");
    write(
        &dir.join(".postlint.yaml"),
        &format!("# {}\n", "x".repeat(2 << 20)),
    );
    assert_refused(&check(&dir), "more than the 1048576 allowed");
    let o = common::run(
        &dir,
        &["check", "--config", "/dev/zero", "draft.txt"],
        None,
        &[],
    );
    assert_refused(&o, "is not a regular file");
}
