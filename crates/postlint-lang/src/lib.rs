//! postlint's rule language: parses rule files with the pest grammar in
//! `grammar/postlint.pest`, builds a typed AST with spans, and checks names
//! and types. It produces diagnostics; it never evaluates a post.

pub mod ast;
pub mod builtins;
pub mod check;
pub mod diagnostic;
pub mod limits;
mod parse;
pub mod snapshot;

pub use check::{check_file, Names, NativeSignature};
pub use diagnostic::{Code, FileProblems, Problem};

/// A parsed rule file and the pack it belongs to.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ParsedFile {
    /// Name shown in diagnostics (a path, or `builtin:killers.rules`).
    pub name: String,
    pub text: String,
    pub ast: ast::File,
    /// The pack named by the file's `pack` header.
    pub pack: String,
}

/// Parse one rule file. A syntax error or a missing `pack` header is returned
/// as diagnostics over the whole file.
pub fn parse_file(name: &str, text: &str) -> Result<ParsedFile, FileProblems> {
    if text.len() > builtins::MAX_FILE_BYTES {
        let p = Problem::new(
            Code::TooLarge,
            format!("this rule file is {} MiB", text.len() >> 20),
            0..0,
            "file too large",
        )
        .with_help(format!(
            "rule files are at most {} MiB; split the pack into several files",
            builtins::MAX_FILE_BYTES >> 20
        ));
        return Err(FileProblems::new(name, "", vec![p]));
    }
    if let Some(p) = limits::prescan_conditions(text) {
        return Err(FileProblems::new(name, text, vec![p]));
    }
    let ast = parse::parse(text).map_err(|p| FileProblems::new(name, text, vec![p]))?;
    let packs: Vec<&ast::Block> = ast
        .items
        .iter()
        .filter_map(|i| match i {
            ast::Item::Pack(b) => Some(b),
            _ => None,
        })
        .collect();
    let pack = match packs.as_slice() {
        [one] => one.name.node.clone(),
        [] => {
            let p = Problem::new(
                Code::MissingPack,
                "this rule file does not say which pack it belongs to",
                0..0,
                "expected a pack header",
            )
            .with_help("start the file with `pack my-pack { version: \"1.0.0\" }`");
            return Err(FileProblems::new(name, text, vec![p]));
        }
        [_, second, ..] => {
            let p = Problem::new(
                Code::Duplicate,
                "a rule file belongs to one pack",
                second.name.span.clone(),
                "second pack header",
            )
            .with_help("move this pack into a file of its own");
            return Err(FileProblems::new(name, text, vec![p]));
        }
    };
    Ok(ParsedFile {
        name: name.to_string(),
        text: text.to_string(),
        ast,
        pack,
    })
}

/// Parse and check a set of files together (names resolve across them).
/// Returns the parsed files, or every problem of every file.
pub fn load(
    sources: &[(String, String)],
    natives: &[NativeSignature],
) -> Result<Vec<ParsedFile>, Vec<FileProblems>> {
    load_trusting(sources, natives, |_| false)
}

/// Like [`load`], but files for which `trusted` holds skip the checking pass
/// (the built-in packs, checked by the test suite, so start-up stays small).
/// Their names still resolve for the other files.
pub fn load_trusting(
    sources: &[(String, String)],
    natives: &[NativeSignature],
    trusted: impl Fn(&str) -> bool,
) -> Result<Vec<ParsedFile>, Vec<FileProblems>> {
    load_parsed(Vec::new(), sources, natives, trusted)
}

/// Like [`load_trusting`], with files parsed beforehand (the built-in packs,
/// parsed at build time: see [`snapshot`]) placed before `sources`.
pub fn load_parsed(
    preparsed: Vec<ParsedFile>,
    sources: &[(String, String)],
    natives: &[NativeSignature],
    trusted: impl Fn(&str) -> bool,
) -> Result<Vec<ParsedFile>, Vec<FileProblems>> {
    let mut parsed = preparsed;
    let mut failed = Vec::new();
    let results = parse_all(sources);
    if results.len() != sources.len() {
        let p = Problem::new(Code::Internal, "the parser failed", 0..0, "here");
        return Err(vec![FileProblems::new("rule files", "", vec![p])]);
    }
    for r in results {
        match r {
            Ok(f) => parsed.push(f),
            Err(e) => failed.push(e),
        }
    }
    let names = Names::collect(&parsed, natives);
    // The same rule id in two files: two packs of one name, or a copy-paste.
    let mut seen: std::collections::BTreeMap<String, &str> = std::collections::BTreeMap::new();
    let mut duplicates: Vec<Vec<Problem>> = vec![Vec::new(); parsed.len()];
    for (i, f) in parsed.iter().enumerate() {
        for item in &f.ast.items {
            if let ast::Item::Rule(r) = item {
                let id = format!("{}/{}", f.pack, r.name.node);
                match seen.get(&id) {
                    Some(first) if *first != f.name => duplicates[i].push(
                        Problem::new(
                            Code::Duplicate,
                            format!("rule `{id}` is also defined in {first}"),
                            r.name.span.clone(),
                            "defined again here",
                        )
                        .with_help("two packs may not share a name; rename this pack or the rule"),
                    ),
                    _ => {
                        seen.insert(id, &f.name);
                    }
                }
            }
        }
    }
    // Limits first: a file over one is not checked (checking compiles its
    // regexes, which a file over the limits makes slow).
    let mut limited = limits::check_limits(&parsed, &names, |f| !trusted(&f.name));
    for (i, f) in parsed.iter().enumerate() {
        let mut problems = if !limited[i].is_empty() {
            std::mem::take(&mut limited[i])
        } else if trusted(&f.name) {
            Vec::new()
        } else {
            check_file(f, &names)
        };
        problems.append(&mut duplicates[i]);
        if !problems.is_empty() {
            failed.push(FileProblems::new(&f.name, &f.text, problems));
        }
    }
    if failed.is_empty() {
        Ok(parsed)
    } else {
        Err(failed)
    }
}

/// Parse files; the results come in input order.
fn parse_all(sources: &[(String, String)]) -> Vec<Result<ParsedFile, FileProblems>> {
    if sources.is_empty() {
        return Vec::new();
    }
    // Files parse independently: spread them over the cores (start-up time).
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(sources.len())
        .max(1);
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    sources
                        .iter()
                        .skip(t)
                        .step_by(threads)
                        .map(|(name, text)| parse_file(name, text))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut per_worker: Vec<std::vec::IntoIter<_>> = workers
            .into_iter()
            .map(|w| w.join().unwrap_or_default().into_iter())
            .collect();
        // Back into input order: file i was parsed by worker i % threads.
        (0..sources.len())
            .filter_map(|i| per_worker[i % threads].next())
            .collect()
    })
}
