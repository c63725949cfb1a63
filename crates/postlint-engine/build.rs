//! Parses the built-in packs (`rules/`) when postlint is built and stores
//! their syntax trees in `OUT_DIR`, so a run loads them without parsing.
//! Two sets: with the rules' examples (`rules test`, SARIF, the language
//! server) and without them (`check`). A pack that does not parse is left
//! out of both with a warning; postlint then parses the text at run time
//! and reports the problem as it would for any rule file.
//!
//! It also builds the lexicon matcher tables of every language (the
//! engine's own `src/lexicon.rs`, compiled in here) and stores them by the
//! fingerprint of their entries, so a run loads them instead of building
//! them.

use std::path::{Path, PathBuf};

#[path = "src/pack_files.rs"]
mod pack_files;

// The build uses the matcher builder only; the rest is for run time.
#[allow(dead_code)]
#[path = "src/lexicon.rs"]
mod lexicon;

#[allow(dead_code)]
#[path = "src/regex_forms.rs"]
mod regex_forms;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let rules = manifest.join("../../rules");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    println!("cargo::rerun-if-changed={}", rules.display());
    println!("cargo::rerun-if-changed=src/pack_files.rs");
    println!("cargo::rerun-if-changed=src/lexicon.rs");
    println!("cargo::rerun-if-changed=src/regex_forms.rs");

    let files: Vec<(String, String)> = pack_files::PACKS
        .iter()
        .map(|pack| {
            let path = rules.join(pack).join(format!("{pack}.rules"));
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            (format!("builtin:{pack}/{pack}.rules"), text)
        })
        .collect();
    let lean: Vec<(String, String)> = files
        .iter()
        .map(|(name, text)| (name.clone(), pack_files::without_examples(text)))
        .collect();
    write(&out.join("builtin-full.ast"), &files);
    let parsed = write(&out.join("builtin-lint.ast"), &lean);
    write_lexicons(&out.join("builtin-lexicons.bin"), &parsed);
    write_regex_plans(&out.join("builtin-regexes.bin"), &parsed);
}

/// The plan of every regular expression of the packs (see
/// `src/regex_forms.rs`), by source.
fn write_regex_plans(path: &Path, parsed: &[postlint_lang::ParsedFile]) {
    use postlint_lang::ast::{Arg, Expr, ExprKind, Item};
    fn visit(e: &Expr, out: &mut Vec<String>) {
        match &e.kind {
            ExprKind::Or(parts) | ExprKind::And(parts) => parts.iter().for_each(|p| visit(p, out)),
            ExprKind::Not(inner) => visit(inner, out),
            ExprKind::Cmp(l, _, r) | ExprKind::Arith(l, _, r) => {
                visit(l, out);
                visit(r, out);
            }
            ExprKind::Call { args, .. } => {
                for a in args {
                    match a {
                        Arg::Regex(r) if !out.contains(&r.node) => out.push(r.node.clone()),
                        Arg::Expr(inner) => visit(inner, out),
                        _ => {}
                    }
                }
            }
            ExprKind::Scoped { expr, .. } | ExprKind::Quantified { expr, .. } => visit(expr, out),
            _ => {}
        }
    }
    let mut sources = Vec::new();
    for file in parsed {
        for item in &file.ast.items {
            let whens = match item {
                Item::Rule(r) => &r.whens,
                Item::Principle(p) => &p.signals,
                _ => continue,
            };
            whens.iter().for_each(|w| visit(&w.expr, &mut sources));
        }
    }
    let plans: Vec<(String, regex_forms::Plan)> = sources
        .into_iter()
        .map(|s| {
            let plan = regex_forms::plan(&s);
            (s, plan)
        })
        .collect();
    let bytes = postcard::to_allocvec(&plans).unwrap_or_default();
    if let Err(e) = std::fs::write(path, bytes) {
        panic!("cannot write {}: {e}", path.display());
    }
}

/// The matcher tables of every language of the packs, by fingerprint.
fn write_lexicons(path: &Path, parsed: &[postlint_lang::ParsedFile]) {
    let names = postlint_lang::Names::collect(parsed, &[]);
    let lexicons = lexicon::collect(parsed, &names);
    let tables: Vec<(u64, Vec<u8>)> = lexicons
        .entries
        .iter()
        .map(|(_, entries)| {
            let fingerprint = lexicon::fingerprint(entries, &lexicons.negators);
            let tables = lexicon::build_tables(entries, &lexicons.negators);
            (
                fingerprint,
                postcard::to_allocvec(&tables).unwrap_or_default(),
            )
        })
        .collect();
    let bytes = postcard::to_allocvec(&tables).unwrap_or_default();
    if let Err(e) = std::fs::write(path, bytes) {
        panic!("cannot write {}: {e}", path.display());
    }
}

/// The parsed files as bytes; nothing (so the packs are parsed at run time)
/// if any does not parse. Returns the parsed files.
fn write(path: &Path, files: &[(String, String)]) -> Vec<postlint_lang::ParsedFile> {
    let mut parsed = Vec::new();
    for (name, text) in files {
        match postlint_lang::parse_file(name, text) {
            Ok(file) => parsed.push(file),
            Err(problems) => {
                println!("cargo::warning={name} does not parse; it will be parsed at run time");
                for p in &problems.problems {
                    println!("cargo::warning={name}: {p}");
                }
                parsed.clear();
                break;
            }
        }
    }
    let bytes = if parsed.len() == files.len() {
        postlint_lang::snapshot::encode(&parsed)
    } else {
        Vec::new()
    };
    if let Err(e) = std::fs::write(path, bytes) {
        panic!("cannot write {}: {e}", path.display());
    }
    parsed
}
