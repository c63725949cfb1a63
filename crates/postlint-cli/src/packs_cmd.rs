//! `postlint packs …`: list what is loaded from where, scaffold a new pack,
//! and check a pack (manifest, rule files, examples).

use std::path::{Path, PathBuf};

use postlint::{packs, Project};

use crate::report::count;
use crate::{Fatal, PacksCommand};

pub fn run(cmd: PacksCommand) -> Result<u8, Fatal> {
    match cmd {
        PacksCommand::List { config: path } => list(path),
        PacksCommand::New { name, dir } => new(&name, dir.as_deref()),
        PacksCommand::Check { path } => check(&path),
    }
}

fn current_project(path: Option<PathBuf>) -> Result<Project, Fatal> {
    Ok(match path {
        Some(p) => Project::load(Some(&p))?,
        None => Project::discover(Path::new("."))?,
    })
}

fn list(path: Option<PathBuf>) -> Result<u8, Fatal> {
    let project = current_project(path)?;
    let team = project.packs(&[])?;
    let set = project.rules(&[], true)?;
    out!(
        "{:<20} {:<9} {:<6} {:<4} from",
        "pack",
        "version",
        "rules",
        "on"
    );
    let rows = packs::builtin().into_iter().chain(team);
    for p in rows {
        let rules: Vec<_> = set.rules().filter(|r| r.pack == p.name).collect();
        let on = if rules.is_empty() {
            "-"
        } else if rules.iter().any(|r| r.enabled) {
            "yes"
        } else {
            "no"
        };
        out!(
            "{:<20} {:<9} {:<6} {:<4} {}",
            p.name,
            p.version.to_string(),
            rules.len(),
            on,
            p.origin
        );
    }
    Ok(0)
}

fn new(name: &str, dir: Option<&Path>) -> Result<u8, Fatal> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(Fatal::Message(format!(
            "`{name}` is not a pack name: use lower-case letters, digits and `-`"
        )));
    }
    let target = dir
        .map(|d| d.join(name))
        .unwrap_or_else(|| PathBuf::from(name));
    if target.exists() {
        return Err(Fatal::Message(format!(
            "{} exists already",
            target.display()
        )));
    }
    std::fs::create_dir_all(&target)
        .map_err(|e| Fatal::Message(format!("cannot create {}: {e}", target.display())))?;
    for (file, text) in packs::scaffold(name) {
        let path = target.join(file);
        std::fs::write(&path, text)
            .map_err(|e| Fatal::Message(format!("cannot write {}: {e}", path.display())))?;
        out!("wrote {}", path.display());
    }
    out!(
        "next: edit {0}/{name}.rules, then run `postlint packs check {0}`",
        target.display()
    );
    Ok(0)
}

fn check(path: &Path) -> Result<u8, Fatal> {
    let pack = packs::load_path(path).map_err(Fatal::from)?;
    let set = Project::bare().rules(&[path.to_path_buf()], true)?;
    let (_, failures) = set.run_examples();
    let ours: Vec<_> = set.rules().filter(|r| r.pack == pack.name).collect();
    let examples: usize = ours.iter().map(|r| r.examples.len()).sum();
    let failed: Vec<_> = failures
        .iter()
        .filter(|f| f.rule.starts_with(&format!("{}/", pack.name)))
        .collect();
    for f in &failed {
        out!("FAIL {f}");
    }
    for r in &ours {
        for lang in pack.languages.iter().filter(|l| r.languages.contains(l)) {
            for fires in [true, false] {
                if !r.calendar
                    && !r
                        .examples
                        .iter()
                        .any(|e| e.lang == *lang && e.fires == fires)
                {
                    out!(
                        "note: {} has no {} example in `{lang}`",
                        r.id,
                        if fires { "firing" } else { "passing" }
                    );
                }
            }
        }
    }
    // Untranslated texts: the reader gets the default text instead.
    let mut ui_langs: Vec<&str> = postlint::UiLang::ALL
        .iter()
        .filter(|l| **l != postlint::UiLang::default())
        .map(|l| l.as_str())
        .chain(set.translated_languages())
        .collect();
    ui_langs.sort_unstable();
    ui_langs.dedup();
    for lang in &ui_langs {
        for r in &ours {
            let missing = r.missing_in(lang);
            if !missing.is_empty() {
                out!(
                    "note: {} has no `{lang}` translation of {}; readers in `{lang}` see the default text",
                    r.id,
                    missing.join(", ")
                );
            }
        }
    }
    out!(
        "pack {} {}: {}, {}, {} failed",
        pack.name,
        pack.version,
        count(ours.len(), "rule", "rules"),
        count(examples, "example", "examples"),
        failed.len()
    );
    Ok(u8::from(!failed.is_empty()))
}
