//! Packs as plugins: a folder with a manifest (`pack.yaml`) and rule files.
//! Finds packs by name in the search path or by path, checks manifests,
//! versions and dependencies, and orders them so dependencies load first.
//! Loading reads only `pack.yaml` and `*.rules` inside the pack's folder.

use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};

use crate::yaml::{self, Value};

/// A mistake in a pack: a bad manifest, a missing dependency, a conflict.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(postlint::packs::invalid))]
pub struct PackError {
    pub message: String,
    #[source_code]
    pub src: Option<NamedSource<String>>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

impl PackError {
    fn plain(message: impl Into<String>, help: Option<String>) -> Box<Self> {
        Box::new(PackError {
            message: message.into(),
            src: None,
            span: None,
            label: String::new(),
            help,
        })
    }
}

/// A `major.minor.patch` version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(pub u64, pub u64, pub u64);

impl Version {
    pub fn parse(s: &str) -> Option<Version> {
        let mut it = s.trim().trim_start_matches('v').split('.');
        let major = it.next()?.parse().ok()?;
        let minor = it.next().map_or(Some(0), |m| m.parse().ok())?;
        let patch = it.next().map_or(Some(0), |p| {
            p.split(['-', '+']).next().unwrap_or("0").parse().ok()
        })?;
        Some(Version(major, minor, patch))
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

/// Whether `v` meets a requirement like `>=1.0, <2`, `^1.2`, `~1.2.0`, `=1.0.0` or `*`.
pub fn satisfies(v: Version, req: &str) -> Option<bool> {
    let mut ok = true;
    for part in req.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if part == "*" {
            continue;
        }
        let (op, rest) = ["^", "~", ">=", "<=", ">", "<", "="]
            .iter()
            .find_map(|op| part.strip_prefix(op).map(|r| (*op, r)))
            .unwrap_or(("^", part));
        let want = Version::parse(rest)?;
        ok &= match op {
            ">=" => v >= want,
            "<=" => v <= want,
            ">" => v > want,
            "<" => v < want,
            "=" => v == want,
            "~" => v >= want && v.0 == want.0 && v.1 == want.1,
            _ => {
                v >= want
                    && if want.0 == 0 {
                        v.0 == 0 && v.1 == want.1
                    } else {
                        v.0 == want.0
                    }
            }
        };
    }
    Some(ok)
}

/// Where a pack comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Builtin,
    Path(PathBuf),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Builtin => f.write_str("built-in"),
            Origin::Path(p) => write!(f, "{}", p.display()),
        }
    }
}

/// A pack ready to load.
#[derive(Debug, Clone)]
pub struct Pack {
    pub name: String,
    pub version: Version,
    pub description: String,
    /// Requirement on the postlint version.
    pub postlint: Option<String>,
    pub languages: Vec<String>,
    /// Dependencies: pack name and an optional version requirement.
    pub depends: Vec<(String, Option<String>)>,
    pub default_on: bool,
    pub origin: Origin,
    /// (name, text) of its rule files.
    pub files: Vec<(String, String)>,
    manifest: Option<(String, String)>,
}

impl Pack {
    fn error_at(
        &self,
        key: &str,
        message: String,
        label: &str,
        help: Option<String>,
    ) -> Box<PackError> {
        match &self.manifest {
            Some((name, text)) => {
                let at = text.find(key).unwrap_or(0);
                Box::new(PackError {
                    message,
                    src: Some(NamedSource::new(name, text.clone())),
                    span: Some((at, key.len()).into()),
                    label: label.into(),
                    help,
                })
            }
            None => PackError::plain(message, help),
        }
    }
}

pub const MANIFEST: &str = "pack.yaml";

/// Parse a manifest. `name` is shown in diagnostics.
pub fn parse_manifest(name: &str, text: &str, origin: Origin) -> Result<Pack, Box<PackError>> {
    let bad = |key: &str, message: String, help: &str| {
        let at = text.find(&format!("{key}:")).unwrap_or(0);
        Box::new(PackError {
            message,
            src: Some(NamedSource::new(name, text.to_string())),
            span: Some((at, key.len()).into()),
            label: "here".into(),
            help: Some(help.to_string()),
        })
    };
    let root = yaml::parse(text).map_err(|e| {
        Box::new(PackError {
            message: format!("{name} is not valid YAML"),
            src: Some(NamedSource::new(name, text.to_string())),
            span: Some((e.offset.unwrap_or(0).min(text.len()), 0).into()),
            label: "here".into(),
            help: Some(e.message),
        })
    })?;
    let Value::Mapping(map) = root else {
        return Err(bad(
            "name",
            format!("{name} must be a mapping of keys"),
            "see `postlint packs new` for a template",
        ));
    };
    let get = |k: &str| map.get(Value::String(k.to_string()));
    let text_of = |k: &str| {
        get(k).and_then(|v| {
            v.as_str()
                .map(str::to_string)
                .or_else(|| v.as_f64().map(|n| n.to_string()))
        })
    };
    let list_of = |k: &str| -> Vec<String> {
        match get(k) {
            Some(Value::Sequence(items)) => items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_string))
                .collect(),
            Some(Value::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        }
    };
    for key in map.keys().filter_map(Value::as_str) {
        if ![
            "name",
            "version",
            "description",
            "postlint",
            "languages",
            "depends",
            "default",
        ]
        .contains(&key)
        {
            return Err(bad(
                key,
                format!("unknown manifest key `{key}`"),
                "keys: name, version, description, postlint, languages, depends, default",
            ));
        }
    }
    let pack_name = text_of("name").ok_or_else(|| {
        bad(
            "name",
            format!("{name} has no `name`"),
            "add `name: my-pack`",
        )
    })?;
    if !pack_name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        || pack_name.is_empty()
    {
        return Err(bad(
            "name",
            format!("pack name `{pack_name}` is not a plain name"),
            "use lower-case letters, digits and `-`",
        ));
    }
    let version_text = text_of("version").ok_or_else(|| {
        bad(
            "name",
            format!("{name} has no `version`"),
            "add `version: 1.0.0`",
        )
    })?;
    let version = Version::parse(&version_text).ok_or_else(|| {
        bad(
            "version",
            format!("`{version_text}` is not a version"),
            "write major.minor.patch, like 1.0.0",
        )
    })?;
    let postlint = text_of("postlint");
    if let Some(req) = &postlint {
        if satisfies(Version(0, 0, 0), req).is_none() {
            return Err(bad(
                "postlint",
                format!("`{req}` is not a version requirement"),
                "write it like \">=0.1, <2\"",
            ));
        }
    }
    let mut depends = Vec::new();
    for d in list_of("depends") {
        let mut parts = d.splitn(2, ' ');
        let dep = parts.next().unwrap_or_default().to_string();
        if looks_like_path(&dep) || dep.contains(':') {
            return Err(bad(
                "depends",
                format!("`{dep}` is a path: a pack depends on other packs by name"),
                "name the pack (`legal-nl`); it is found in the pack search path",
            ));
        }
        let req = parts
            .next()
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty());
        if let Some(r) = &req {
            if satisfies(Version(0, 0, 0), r).is_none() {
                return Err(bad(
                    "depends",
                    format!("`{r}` is not a version requirement"),
                    "write `killers >=1.0`",
                ));
            }
        }
        depends.push((dep, req));
    }
    let default_on = !matches!(get("default"), Some(Value::Bool(false)))
        && text_of("default").as_deref() != Some("off");
    Ok(Pack {
        name: pack_name,
        version,
        description: text_of("description").unwrap_or_default(),
        postlint,
        languages: list_of("languages"),
        depends,
        default_on,
        origin,
        files: Vec::new(),
        manifest: Some((name.to_string(), text.to_string())),
    })
}

/// The built-in packs, from the binary.
pub fn builtin() -> Vec<Pack> {
    postlint_engine::builtin::BUILTIN
        .iter()
        .filter_map(|b| {
            let mut p = parse_manifest(
                &format!("builtin:{}/pack.yaml", b.name),
                b.manifest,
                Origin::Builtin,
            )
            .ok()?;
            p.files = b
                .files
                .iter()
                .map(|(n, t)| (format!("builtin:{}/{n}", b.name), t.to_string()))
                .collect();
            Some(p)
        })
        .collect()
}

/// Load a pack folder (with `pack.yaml`) or a single rule file.
pub fn load_path(path: &Path) -> Result<Pack, Box<PackError>> {
    if path.is_dir() {
        let manifest_path = path.join(MANIFEST);
        // The manifest is the pack's own file: a link out of the folder is refused.
        let text = crate::files::read_confined(
            &manifest_path,
            Some(path),
            crate::files::MAX_SETTINGS_BYTES,
        )
        .map_err(|e| {
            PackError::plain(
                e,
                Some(
                    "a pack folder holds a pack.yaml manifest; `postlint packs new NAME` makes one"
                        .into(),
                ),
            )
        })?;
        let mut pack = parse_manifest(
            &manifest_path.display().to_string(),
            &text,
            Origin::Path(path.to_path_buf()),
        )?;
        pack.files = read_rule_sources(path).map_err(|m| PackError::plain(m, None))?;
        check_headers(&pack)?;
        Ok(pack)
    } else {
        let files = read_rule_sources(path).map_err(|m| PackError::plain(m, None))?;
        let parsed = files
            .first()
            .and_then(|(n, t)| postlint_lang::parse_file(n, t).ok());
        // The file's `pack NAME { version: … description: … }` header.
        let header = parsed.as_ref().and_then(|f| {
            f.ast.items.iter().find_map(|i| match i {
                postlint_lang::ast::Item::Pack(b) => Some(b.clone()),
                _ => None,
            })
        });
        let setting = |key: &str| {
            header
                .as_ref()
                .and_then(|b| b.get(key))
                .map(|s| postlint_lang::check::value_text(&s.value.node))
        };
        let name = parsed.map(|f| f.pack).unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        Ok(Pack {
            name,
            version: setting("version")
                .and_then(|v| Version::parse(&v))
                .unwrap_or(Version(0, 0, 0)),
            description: setting("description").unwrap_or_default(),
            postlint: None,
            languages: Vec::new(),
            depends: vec![("core".into(), None)],
            default_on: true,
            origin: Origin::Path(path.to_path_buf()),
            files,
            manifest: None,
        })
    }
}

/// Every rule file of a pack must say it belongs to the manifest's pack.
fn check_headers(pack: &Pack) -> Result<(), Box<PackError>> {
    for (name, text) in &pack.files {
        if let Ok(f) = postlint_lang::parse_file(name, text) {
            if f.pack != pack.name {
                return Err(pack.error_at(
                    "name",
                    format!(
                        "{name} says `pack {}`, but the manifest names the pack `{}`",
                        f.pack, pack.name
                    ),
                    "the manifest's name",
                    Some(
                        "make the rule file's pack header and the manifest's name the same".into(),
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// (name, text) of every rule file at `path` (a `.rules` file or a folder of them), sorted.
/// Files are read only inside the folder: links that lead out of it are refused.
pub fn read_rule_sources(path: &Path) -> Result<Vec<(String, String)>, String> {
    let read = |p: &Path| {
        crate::files::read_confined(p, None, crate::files::MAX_RULE_FILE_BYTES)
            .map_err(|e| format!("rule file: {e}"))
    };
    if path.is_dir() {
        let root = std::fs::canonicalize(path)
            .map_err(|e| format!("cannot read pack folder {}: {e}", path.display()))?;
        let mut files: Vec<_> = std::fs::read_dir(path)
            .map_err(|e| format!("cannot read pack folder {}: {e}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "rules"))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(format!("{} holds no .rules files", path.display()));
        }
        for f in &files {
            let real = std::fs::canonicalize(f)
                .map_err(|e| format!("cannot read {}: {e}", f.display()))?;
            if !real.starts_with(&root) {
                return Err(format!(
                    "{} leads outside its pack folder; packs may only read their own files",
                    f.display()
                ));
            }
        }
        files
            .iter()
            .map(|p| Ok((p.display().to_string(), read(p)?)))
            .collect()
    } else {
        Ok(vec![(path.display().to_string(), read(path)?)])
    }
}

/// Folders searched for packs named in a config: the project's
/// `.postlint/packs/`, `POSTLINT_PACKS` (a path list), then the user's
/// `$XDG_CONFIG_HOME/postlint/packs` (or `~/.config/postlint/packs`).
pub fn search_path(project: &Path) -> Vec<PathBuf> {
    let mut dirs = vec![project.join(".postlint").join("packs")];
    if let Some(list) = std::env::var_os("POSTLINT_PACKS") {
        dirs.extend(std::env::split_paths(&list).filter(|p| !p.as_os_str().is_empty()));
    }
    let user = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")));
    if let Some(u) = user {
        dirs.push(u.join("postlint").join("packs"));
    }
    dirs
}

/// Whether a pack named or pathed `s` can be found from `base`.
pub fn exists(s: &str, base: &Path) -> bool {
    if looks_like_path(s) {
        return base.join(s).exists() || Path::new(s).exists();
    }
    search_path(base)
        .iter()
        .any(|d| d.join(s).join(MANIFEST).is_file())
}

fn looks_like_path(s: &str) -> bool {
    s.contains('/') || s.contains('\\') || s.starts_with('.') || s.ends_with(".rules")
}

/// Resolve the packs a config asks for (names or paths) plus extra paths,
/// with their dependencies, in loading order after the built-in packs.
pub fn resolve(
    requested: &[String],
    extra: &[PathBuf],
    base: &Path,
) -> Result<Vec<Pack>, Box<PackError>> {
    let team_requested = requested
        .iter()
        .any(|r| !postlint_engine::builtin::PACKS.contains(&r.as_str()));
    if extra.is_empty() && !team_requested {
        // Built-in packs only: nothing to find, load or check.
        return Ok(Vec::new());
    }
    let builtins = builtin();
    let dirs = search_path(base);
    let mut team: Vec<Pack> = Vec::new();
    // (name or path, given as a path, the pack that depends on it)
    let mut queue: Vec<(String, bool, Option<String>)> = Vec::new();
    // Paths a config names stay inside the config's folder; `--rules` paths
    // are the user's own choice.
    let from_config = |want: &str| requested.iter().any(|r| r == want);
    for p in extra.iter().rev() {
        queue.push((p.display().to_string(), true, None));
    }
    for r in requested
        .iter()
        .rev()
        .filter(|r| !postlint_engine::builtin::PACKS.contains(&r.as_str()))
    {
        queue.push((r.clone(), looks_like_path(r), None));
    }
    let mut loaded_from: Vec<(String, Origin)> = builtins
        .iter()
        .map(|p| (p.name.clone(), p.origin.clone()))
        .collect();
    while let Some((want, is_path, wanted_by)) = queue.pop() {
        let path = if is_path && from_config(&want) {
            let p = base.join(&want);
            let root = if base.as_os_str().is_empty() {
                Path::new(".")
            } else {
                base
            };
            if p.exists() && !crate::files::is_inside(&p, root) {
                let shown = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
                return Err(PackError::plain(
                    format!(
                        "pack path `{want}` leads outside the config's folder ({})",
                        shown.display()
                    ),
                    Some("a config may load packs from its own folder tree only; install shared packs in the pack search path and name them".into()),
                ));
            }
            p
        } else if is_path {
            let p = base.join(&want);
            if p.exists() {
                p
            } else {
                PathBuf::from(&want)
            }
        } else {
            if loaded_from.iter().any(|(n, _)| *n == want) {
                continue;
            }
            match dirs
                .iter()
                .map(|d| d.join(&want))
                .find(|d| d.join(MANIFEST).is_file())
            {
                Some(p) => p,
                None => {
                    let searched: Vec<String> =
                        dirs.iter().map(|d| d.display().to_string()).collect();
                    let help = Some(format!(
                        "searched: {}; or give a path to the pack folder",
                        searched.join(", ")
                    ));
                    return Err(
                        match wanted_by.and_then(|b| team.iter().find(|p| p.name == b)) {
                            Some(by) => by.error_at(
                                "depends",
                                format!(
                                    "pack `{}` depends on `{want}`, which was not found",
                                    by.name
                                ),
                                "missing dependency",
                                help,
                            ),
                            None => PackError::plain(format!("pack `{want}` was not found"), help),
                        },
                    );
                }
            }
        };
        if !path.exists() {
            return Err(PackError::plain(
                format!("pack path {} does not exist", path.display()),
                Some("paths in `packs:` are relative to the config file".into()),
            ));
        }
        let pack = load_path(&path)?;
        if let Some((_, first)) = loaded_from
            .iter()
            .find(|(n, o)| *n == pack.name && *o != pack.origin)
        {
            return Err(pack.error_at(
                "name",
                format!(
                    "two packs are named `{}`: {} and {}",
                    pack.name, first, pack.origin
                ),
                "this name is taken",
                Some(
                    "pack names must be unique; rename one of them (rule ids are `pack/rule`)"
                        .into(),
                ),
            ));
        }
        if loaded_from
            .iter()
            .any(|(n, o)| *n == pack.name && *o == pack.origin)
        {
            continue;
        }
        for (dep, _) in &pack.depends {
            if !loaded_from.iter().any(|(n, _)| n == dep) && !team.iter().any(|p| p.name == *dep) {
                queue.push((dep.clone(), false, Some(pack.name.clone())));
            }
        }
        loaded_from.push((pack.name.clone(), pack.origin.clone()));
        team.push(pack);
    }
    check_versions(&builtins, &team)?;
    order(team)
}

fn check_versions(builtins: &[Pack], team: &[Pack]) -> Result<(), Box<PackError>> {
    let ours = Version::parse(env!("CARGO_PKG_VERSION")).unwrap_or(Version(0, 0, 0));
    for p in team {
        if let Some(req) = &p.postlint {
            if satisfies(ours, req) == Some(false) {
                return Err(p.error_at(
                    "postlint",
                    format!(
                        "pack `{}` needs postlint {req}, this is postlint {ours}",
                        p.name
                    ),
                    "incompatible",
                    Some("update postlint, or use a version of the pack made for this one".into()),
                ));
            }
        }
        for (dep, req) in &p.depends {
            let Some(found) = builtins.iter().chain(team).find(|q| q.name == *dep) else {
                continue;
            };
            if let Some(req) = req {
                if satisfies(found.version, req) == Some(false) {
                    return Err(p.error_at(
                        "depends",
                        format!(
                            "pack `{}` needs `{dep}` {req}, but {} is loaded ({})",
                            p.name, found.version, found.origin
                        ),
                        "incompatible dependency",
                        Some(format!("install a version of `{dep}` that matches {req}")),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Dependencies first; otherwise in the order asked for. Cycles are errors.
fn order(mut pending: Vec<Pack>) -> Result<Vec<Pack>, Box<PackError>> {
    pending.reverse();
    let mut done: Vec<Pack> = Vec::new();
    while !pending.is_empty() {
        let ready = pending.iter().position(|p| {
            p.depends.iter().all(|(d, _)| {
                postlint_engine::builtin::PACKS.contains(&d.as_str())
                    || done.iter().any(|q| q.name == *d)
            })
        });
        match ready {
            Some(i) => done.push(pending.remove(i)),
            None => {
                let names: Vec<&str> = pending.iter().map(|p| p.name.as_str()).collect();
                return Err(PackError::plain(
                    format!(
                        "packs depend on each other in a circle: {}",
                        names.join(", ")
                    ),
                    Some("remove one of the `depends` entries".into()),
                ));
            }
        }
    }
    Ok(done)
}

/// The files `postlint packs new NAME` writes: manifest, a rule file, a README.
pub fn scaffold(name: &str) -> Vec<(String, String)> {
    let manifest = format!(
        "# Manifest of the `{name}` pack. See docs/packs.md.\nname: {name}\nversion: 0.1.0\ndescription: \"Our team's own rules.\"\npostlint: \">=0.1, <2\"\nlanguages: [en, nl]\ndepends: [core]\n"
    );
    let rules = format!(
        r#"# Rules of the `{name}` pack. Run `postlint packs check .` after each change.

pack {name} {{
  description: "Our team's own rules."
}}

# Words we never use in a post, with what we say instead.
lexicon banned {{
  en: "synergy" -> "working together", "leverage" -> "use"
  nl: "synergie" -> "samenwerking", "leveragen" -> "gebruiken"
}}

rule banned-words {{
  severity: warning
  category: "brand voice"
  message: "\"{{match}}\" is not how we talk."
  help: "Say it plainly: our readers are people, not a board meeting."
  rationale: """
    Our brand voice is plain and warm. Jargon makes a post sound like a
    press release and costs us the reader's attention.
    """
  fix: replace with suggestion
  when: has(banned)
  example fire en: "New synergy between our shop and the café next door."
  example fire en: "We leverage local suppliers for every loaf."
  example pass en: "We work together with the café next door."
  example pass en: "Local suppliers bake every loaf with us."
  example fire nl: "Nieuwe synergie tussen onze winkel en het café naast ons."
  example fire nl: "We leveragen lokale leveranciers voor elk brood."
  example pass nl: "We werken samen met het café naast ons."
  example pass nl: "Lokale leveranciers bakken elk brood met ons mee."
}}
"#
    );
    let readme = format!(
        "# {name}\n\nA postlint pack. Load it from `.postlint.yaml`:\n\n```yaml\npacks: [cialdini, engagement, killers, replies, platform, ./{name}]\n```\n\nor put the folder in `.postlint/packs/` and list it by name. Check it with\n`postlint packs check {name}`.\n"
    );
    vec![
        ("pack.yaml".into(), manifest),
        (format!("{name}.rules"), rules),
        ("README.md".into(), readme),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_requirements() {
        let v = Version(1, 2, 3);
        assert_eq!(satisfies(v, ">=1.0, <2"), Some(true));
        assert_eq!(satisfies(v, "^1.3"), Some(false));
        assert_eq!(satisfies(v, "~1.2"), Some(true));
        assert_eq!(satisfies(v, "=1.2.3"), Some(true));
        assert_eq!(satisfies(v, "*"), Some(true));
        assert_eq!(satisfies(v, ">=one"), None);
        assert_eq!(satisfies(Version(0, 1, 0), "^0.1"), Some(true));
        assert_eq!(satisfies(Version(0, 2, 0), "^0.1"), Some(false));
    }

    #[test]
    fn built_in_manifests_parse() {
        let packs = builtin();
        assert_eq!(packs.len(), postlint_engine::builtin::PACKS.len());
        assert!(packs.iter().all(|p| p.version == Version(1, 0, 0)));
        assert!(!packs
            .iter()
            .find(|p| p.name == "measure")
            .is_some_and(|p| p.default_on));
    }

    #[test]
    fn bad_manifests_are_diagnostics() {
        let e = parse_manifest(
            "pack.yaml",
            "name: Brand Voice\nversion: 1.0.0\n",
            Origin::Builtin,
        )
        .expect_err("bad name");
        assert!(e.message.contains("not a plain name"), "{}", e.message);
        let e = parse_manifest("pack.yaml", "name: brand\nversion: one\n", Origin::Builtin)
            .expect_err("bad version");
        assert!(e.message.contains("is not a version"));
        let e = parse_manifest(
            "pack.yaml",
            "name: brand\nversion: 1.0.0\nauthor: me\n",
            Origin::Builtin,
        )
        .expect_err("unknown key");
        assert!(e.message.contains("unknown manifest key `author`"));
    }
}
