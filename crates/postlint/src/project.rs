//! A project: its `.postlint.yaml` (found by walking up from an input, or
//! named), the packs it asks for (built-in, by name in the pack search path,
//! or by path) and the rule set they make.

use std::path::{Path, PathBuf};

use postlint_engine::{Kind, OverrideError, ParamValue, RuleOverride, RuleSet};
use postlint_text::export::Origin;

use crate::config::{self, Account, Config};
use crate::lint::{Defaults, Linter};
use crate::packs::{self, Pack};
use crate::records::platform_id;
use crate::suggest::closest;
use crate::Error;

/// A config and where it was found; the start of every lint.
#[derive(Debug, Clone, Default)]
pub struct Project {
    pub config: Config,
}

impl Project {
    /// A project without a config file: the built-in packs and defaults.
    pub fn bare() -> Project {
        Project::default()
    }

    /// The project of the nearest `.postlint.yaml` above `anchor` (a file
    /// or folder), or a bare project when there is none.
    pub fn discover(anchor: &Path) -> Result<Project, Error> {
        Project::load(config::discover(anchor).as_deref())
    }

    /// The project of a config file; `None` gives a bare project.
    pub fn load(config: Option<&Path>) -> Result<Project, Error> {
        Ok(Project {
            config: match config {
                Some(p) => Config::load(p)?,
                None => Config::default(),
            },
        })
    }

    /// A project from a config's text (`path` names it in diagnostics and
    /// anchors relative pack paths).
    pub fn from_config_text(path: Option<PathBuf>, text: String) -> Result<Project, Error> {
        Ok(Project {
            config: Config::parse(path, text)?,
        })
    }

    /// The folder that relative pack paths and the pack search path start from.
    pub fn base(&self) -> PathBuf {
        self.config
            .path
            .as_ref()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// The team packs the config and `extra` paths ask for, with their
    /// dependencies, in loading order.
    pub fn packs(&self, extra: &[PathBuf]) -> Result<Vec<Pack>, Error> {
        let config = &self.config;
        let base = self.base();
        let requested = config.packs.clone().unwrap_or_default();
        for name in &requested {
            let builtin = postlint_engine::builtin::PACKS.contains(&name.as_str());
            if !builtin && !packs::exists(name, &base) {
                let (at, len) = config.locate(name);
                let dirs: Vec<String> = packs::search_path(&base)
                    .iter()
                    .map(|d| d.display().to_string())
                    .collect();
                let help = format!(
                    "built-in packs: {}; team packs are found by name in {}, or by path",
                    postlint_engine::builtin::PACKS.join(", "),
                    dirs.join(", ")
                );
                return Err(Error::Config(Box::new(config.error(
                    at,
                    len,
                    format!("unknown pack `{name}`"),
                    "not a built-in pack, a pack in the search path, or a path",
                    Some(help),
                ))));
            }
        }
        Ok(packs::resolve(&requested, extra, &base)?)
    }

    /// The rule set: built-in packs, team packs and `extra` rule paths, with
    /// the config applied. `examples` loads the built-in rules' examples too
    /// (for docs, SARIF and hovers; linting does not need them).
    pub fn rules(&self, extra: &[PathBuf], examples: bool) -> Result<RuleSet, Error> {
        let config = &self.config;
        let team = self.packs(extra)?;
        let mut sources: Vec<(String, String)> =
            team.iter().flat_map(|p| p.files.iter().cloned()).collect();
        if !config.names.is_empty() {
            sources.push(names_pack(config));
        }
        let mut set = RuleSet::builtin_and(&sources, examples).map_err(|problems| {
            let mut text = String::new();
            for p in problems {
                text.push_str(&format!("{:?}\n", miette::Report::new(p)));
            }
            Error::Rules(text)
        })?;
        if let Some(list) = &config.packs {
            for name in postlint_engine::builtin::PACKS {
                if *name != "core" {
                    set.set_pack_enabled(name, list.iter().any(|l| l == name));
                }
            }
        }
        for p in team.iter().filter(|p| !p.default_on) {
            set.set_pack_enabled(&p.name, false);
        }
        if !config.domains.is_empty() {
            let o = RuleOverride {
                params: [(
                    "domains".to_string(),
                    ParamValue::List(config.domains.clone()),
                )]
                .into(),
                ..RuleOverride::default()
            };
            let _ = set.apply_override("measure/untracked-link", &o);
        }
        set.set_country(config.country);
        if !config.events.is_empty() {
            set.set_events(config.events.clone());
        }
        if !config.pillars.is_empty() {
            set.set_pillars(config.pillars.clone());
        }
        if config.account == Account::Personal {
            let off = RuleOverride {
                enabled: Some(false),
                ..RuleOverride::default()
            };
            for id in Account::BRAND_ONLY {
                // A rule a pack list left out is simply not there.
                let _ = set.apply_override(id, &off);
            }
        }
        for (id, o) in &config.rules {
            if let Err(e) = set.apply_override(id, o) {
                let (at, len) = config.rule_spans.get(id).copied().unwrap_or((0, 0));
                let help = match &e {
                    OverrideError::UnknownRule(_) => {
                        let ids: Vec<String> = set.rules().map(|r| r.id.clone()).collect();
                        closest(id, &ids)
                            .map(|c| format!("did you mean `{c}`?"))
                            .or(Some("`postlint rules list` shows every rule id".into()))
                    }
                    OverrideError::UnknownParam { known, .. } => Some(if known.is_empty() {
                        "this rule has no parameters".into()
                    } else {
                        format!("parameters: {}", known.join(", "))
                    }),
                    OverrideError::WrongType { .. } => None,
                };
                return Err(Error::Config(Box::new(config.error(
                    at,
                    len,
                    e.to_string(),
                    "in this rule's settings",
                    help,
                ))));
            }
        }
        if let Some(p) = &config.platform {
            if !set.set_default_platform(&platform_id(p)) {
                let (at, len) = config.locate(p);
                return Err(Error::Config(Box::new(config.error(
                    at,
                    len,
                    format!("unknown platform `{p}`"),
                    "not a declared platform",
                    Some(platform_list(&set)),
                ))));
            }
        }
        Ok(set)
    }

    /// The language of messages and help: the config's `ui_language`, else
    /// the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`).
    pub fn ui_lang(&self) -> crate::UiLang {
        self.config
            .ui_language
            .unwrap_or_else(crate::UiLang::from_process_env)
    }

    /// The config's defaults for posts that do not set their own.
    pub fn defaults(&self) -> Result<Defaults, Error> {
        let config = &self.config;
        Ok(Defaults {
            platform: config.platform.as_deref().map(platform_id),
            lang: config.lang.clone(),
            kind: parse_kind(config.kind.as_deref())?.unwrap_or_default(),
            origin: parse_origin(config.origin.as_deref())?,
            ui_lang: self.ui_lang(),
            dates: crate::dates::DateReader::new(
                config.date_format.as_deref(),
                config.timezone.as_deref(),
            )
            .map_err(Error::Setting)?,
            ..Defaults::default()
        })
    }

    /// The config's `include` and `exclude` globs, relative to its folder.
    pub fn file_filter(&self) -> Result<crate::files::FileFilter, Error> {
        let base = self.config.path.as_ref().map(|_| self.base());
        let base = base.map(|b| {
            if b.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                b
            }
        });
        crate::files::FileFilter::new(base.as_deref(), &self.config.include, &self.config.exclude)
            .map_err(Error::Setting)
    }

    /// A linter with the project's rules and defaults.
    pub fn linter(&self, extra: &[PathBuf]) -> Result<Linter, Error> {
        Linter::new(self.rules(extra, false)?, self.defaults()?)
    }
}

/// `platforms: x, linkedin, …`: the help for an unknown platform.
pub fn platform_list(set: &RuleSet) -> String {
    format!(
        "platforms: {}",
        set.platforms()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// `post` or `reply`; `None` when not given.
pub fn parse_kind(kind: Option<&str>) -> Result<Option<Kind>, Error> {
    match kind {
        None => Ok(None),
        Some(k) => Kind::parse(&k.to_lowercase())
            .map(Some)
            .ok_or_else(|| Error::Setting(format!("--kind must be `post` or `reply`, not `{k}`"))),
    }
}

/// `draft`, `x-export`, or `auto`/`None` (guess per record).
pub fn parse_origin(origin: Option<&str>) -> Result<Option<Origin>, Error> {
    match origin {
        None | Some("auto") => Ok(None),
        Some(o) => Origin::parse(o).map(Some).ok_or_else(|| {
            Error::Setting(format!(
                "--origin must be `draft`, `x-export` or `auto`, not `{o}`"
            ))
        }),
    }
}

/// The config's `names:` as a rule file that extends `core.names` (checked
/// by the config reader: no quotes, backslashes or pattern characters).
fn names_pack(config: &Config) -> (String, String) {
    let entries: Vec<String> = config.names.iter().map(|n| format!("\"{n}\"")).collect();
    let file = format!(
        "pack config-names {{\n  version: \"0.0.0\"\n  description: \"Names from the config's `names:`.\"\n}}\n\nextend lexicon core.names {{\n  all: {}\n}}\n",
        entries.join(", ")
    );
    let source = match &config.path {
        Some(p) => format!("{} (names)", p.display()),
        None => "config (names)".to_string(),
    };
    (source, file)
}
