//! The `postlint` command: a thin layer over the engine. Parses arguments,
//! loads packs and config, reads drafts, renders findings, sets the exit code.

mod batch;
mod calendar_view;
/// `println!` that does not panic when stdout is closed early (`postlint rules list | head`).
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod config;
mod csv;
mod fix;
mod github;
mod html;
mod input;
mod jsonl;
mod lsp;
mod packs;
mod packs_cmd;
mod render;
mod rules_cmd;
mod sarif;
mod yaml;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use postlint_engine::{Kind, Post, RuleOverride, RuleSet, Severity};

use crate::config::Config;
use crate::input::{Draft, InputError};
use crate::render::{Linted, Outcome};
use postlint_text::export::Origin;

#[derive(Parser)]
#[command(
    name = "postlint",
    version,
    about = "A linter for social media posts: persuasion, engagement killers and platform limits, in English and Dutch."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lint drafts (files, or stdin when no file or `-` is given).
    Check(Box<CheckArgs>),
    /// List, explain, test and document rules.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// List, scaffold and check rule packs.
    #[command(subcommand)]
    Packs(PacksCommand),
    /// Run the language server on stdin/stdout (for editors; see docs/editors.md).
    Lsp,
    /// Write a commented .postlint.yaml in the current directory.
    Init {
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
}

#[derive(clap::Args, Clone)]
pub struct CheckArgs {
    /// Files to lint; `-` or nothing reads stdin.
    files: Vec<PathBuf>,
    /// Platform: x, linkedin, facebook, instagram, mastodon, bluesky, threads, tiktok, or one a pack declares.
    #[arg(long)]
    platform: Option<String>,
    /// Language code, or `auto` to detect.
    #[arg(long)]
    lang: Option<String>,
    /// `post` or `reply`.
    #[arg(long)]
    kind: Option<String>,
    /// Whether media is attached (`yes`/`no`).
    #[arg(long)]
    media: Option<String>,
    /// Minutes between the message and this reply.
    #[arg(long)]
    reply_delay: Option<f64>,
    /// The message this reply answers: a file, or `-` for stdin (the draft then comes from a file).
    #[arg(long, value_name = "FILE|-")]
    reply_to: Option<PathBuf>,
    /// How texts are read: `draft` (as typed), `x-export` (X API text: entities decoded, reply
    /// @mentions and the trailing t.co attachment not counted) or `auto` (the default: x-export
    /// for CSV/JSONL records on X that look like API text, draft otherwise).
    #[arg(long, value_name = "ORIGIN")]
    origin: Option<String>,
    /// Config file (default: the nearest .postlint.yaml).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Output format: human, json, line, sarif, github, html.
    #[arg(long, default_value = "human")]
    format: String,
    /// Write the output to this file instead of stdout (e.g. `--format html --output report.html`).
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// CSV: the column that holds a field, as FIELD=NAME (text, platform, date, time, lang, kind, media, reply_delay, id, in_reply_to, origin); repeatable.
    #[arg(long = "column", value_name = "FIELD=NAME")]
    columns: Vec<String>,
    /// Exit 1 when a finding is at or above this level: error, warning, suggestion.
    #[arg(long)]
    fail_level: Option<String>,
    /// Name to report for stdin (and where to look for the config).
    #[arg(long)]
    stdin_filename: Option<String>,
    /// Rule ids to turn off (repeatable).
    #[arg(long, value_delimiter = ',')]
    disable: Vec<String>,
    /// Rule ids or packs to turn on, also those off by default (repeatable).
    #[arg(long, value_delimiter = ',')]
    enable: Vec<String>,
    /// Extra rule files or pack folders to load.
    #[arg(long = "rules")]
    rule_paths: Vec<PathBuf>,
    /// No colors (also when NO_COLOR is set).
    #[arg(long)]
    no_color: bool,
    /// Apply the fixes marked safe to the files (stdin: print the fixed draft).
    #[arg(long)]
    fix: bool,
    /// Print a unified diff of what --fix would change; write nothing.
    #[arg(long)]
    diff: bool,
}

#[derive(Subcommand)]
enum PacksCommand {
    /// Show the packs that load, their versions and where they come from.
    List {
        /// Config file (default: the nearest .postlint.yaml).
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Make a new pack folder: manifest, a sample rule with examples, a README.
    New {
        name: String,
        /// Where to create it (default: the current directory).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Validate a pack folder or rule file and run its examples.
    Check { path: PathBuf },
}

#[derive(Subcommand)]
enum RulesCommand {
    /// List rules: id, severity, pack, languages.
    List {
        #[arg(long = "rules")]
        rule_paths: Vec<PathBuf>,
    },
    /// Explain a rule: message, rationale, parameters, examples.
    Explain { id: String },
    /// Run the examples of rule files (built-in packs when no path is given).
    Test { paths: Vec<PathBuf> },
    /// Write one Markdown page per pack into a folder (default docs/rules).
    Docs {
        #[arg(long, default_value = "docs/rules")]
        out: PathBuf,
        /// Do not write; fail when the pages differ from the rule files.
        #[arg(long)]
        check: bool,
    },
}

/// What went wrong before any post could be linted: exit code 2.
pub enum Fatal {
    Report(miette::Report),
    Message(String),
}

impl<E: miette::Diagnostic + Send + Sync + 'static> From<Box<E>> for Fatal {
    fn from(e: Box<E>) -> Self {
        Fatal::Report(miette::Report::new_boxed(e))
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match cli.command {
        Command::Check(args) => check(*args),
        Command::Rules(cmd) => rules_cmd::run(cmd),
        Command::Init { force } => init(force),
        Command::Lsp => lsp::run_stdio(),
        Command::Packs(cmd) => packs_cmd::run(cmd),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Fatal::Report(r)) => {
            eprintln!("{r:?}");
            ExitCode::from(2)
        }
        Err(Fatal::Message(m)) => {
            eprintln!("error: {m}");
            ExitCode::from(2)
        }
    }
}

fn init(force: bool) -> Result<u8, Fatal> {
    let path = Path::new(config::FILE_NAME);
    if path.exists() && !force {
        return Err(Fatal::Message(format!(
            "{} exists; use --force to overwrite it",
            config::FILE_NAME
        )));
    }
    std::fs::write(path, config::TEMPLATE)
        .map_err(|e| Fatal::Message(format!("cannot write {}: {e}", config::FILE_NAME)))?;
    out!("wrote {}", config::FILE_NAME);
    Ok(0)
}

/// Load the built-in packs plus extra rule paths, and apply a config.
/// The team packs a config and `--rules` ask for, with their dependencies, in loading order.
pub fn load_packs(config: &Config, extra: &[PathBuf]) -> Result<Vec<packs::Pack>, Fatal> {
    let base = config
        .path
        .as_ref()
        .and_then(|p| p.parent())
        .map(Path::to_path_buf)
        .unwrap_or_default();
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
            return Err(Fatal::from(Box::new(config.error(
                at,
                len,
                format!("unknown pack `{name}`"),
                "not a built-in pack, a pack in the search path, or a path",
                Some(help),
            ))));
        }
    }
    packs::resolve(&requested, extra, &base).map_err(Fatal::from)
}

/// The config's `names:` as a rule file that extends `core.names` (checked
/// by the config reader: no quotes, backslashes or pattern characters).
fn config_names_source(config: &Config) -> (String, String) {
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

pub fn load_rules(config: &Config, extra: &[PathBuf]) -> Result<RuleSet, Fatal> {
    load_rules_with(config, extra, true)
}

/// The rule set for linting only: the built-in packs' examples are not
/// loaded (start-up time). SARIF output and the language server's hovers
/// show a passing example, so they load the full packs.
pub fn load_rules_for_linting(config: &Config, extra: &[PathBuf]) -> Result<RuleSet, Fatal> {
    load_rules_with(config, extra, false)
}

fn load_rules_with(config: &Config, extra: &[PathBuf], examples: bool) -> Result<RuleSet, Fatal> {
    let team = load_packs(config, extra)?;
    let mut sources: Vec<(String, String)> =
        team.iter().flat_map(|p| p.files.iter().cloned()).collect();
    if !config.names.is_empty() {
        sources.push(config_names_source(config));
    }
    let mut set = RuleSet::builtin_and(&sources, examples).map_err(|problems| {
        let mut text = String::new();
        for p in problems {
            text.push_str(&format!("{:?}\n", miette::Report::new(p)));
        }
        Fatal::Message(format!("the rule files have problems:\n{text}"))
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
                postlint_engine::ParamValue::List(config.domains.clone()),
            )]
            .into(),
            ..RuleOverride::default()
        };
        let _ = set.apply_override("measure/untracked-link", &o);
    }
    for (id, o) in &config.rules {
        if let Err(e) = set.apply_override(id, o) {
            let (at, len) = config.rule_spans.get(id).copied().unwrap_or((0, 0));
            let help = match &e {
                postlint_engine::OverrideError::UnknownRule(_) => {
                    let ids: Vec<String> = set.rules().map(|r| r.id.clone()).collect();
                    closest(id, &ids)
                        .map(|c| format!("did you mean `{c}`?"))
                        .or(Some("`postlint rules list` shows every rule id".into()))
                }
                postlint_engine::OverrideError::UnknownParam { known, .. } => {
                    Some(if known.is_empty() {
                        "this rule has no parameters".into()
                    } else {
                        format!("parameters: {}", known.join(", "))
                    })
                }
                postlint_engine::OverrideError::WrongType { .. } => None,
            };
            return Err(Fatal::from(Box::new(config.error(
                at,
                len,
                e.to_string(),
                "in this rule's settings",
                help,
            ))));
        }
    }
    if let Some(p) = &config.platform {
        if !set.set_default_platform(p) {
            let (at, len) = config.locate(p);
            return Err(Fatal::from(Box::new(config.error(
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

fn platform_list(set: &RuleSet) -> String {
    format!(
        "platforms: {}",
        set.platforms()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn closest<'a>(word: &str, candidates: &'a [String]) -> Option<&'a str> {
    candidates
        .iter()
        .filter(|c| strsim(word, c) <= 3)
        .min_by_key(|c| strsim(word, c))
        .map(String::as_str)
}

fn strsim(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

fn check(args: CheckArgs) -> Result<u8, Fatal> {
    let stdin_mode = args.files.is_empty() || args.files.iter().any(|f| f.as_os_str() == "-");
    let anchor = match (
        &args.stdin_filename,
        args.files.iter().find(|f| f.as_os_str() != "-"),
    ) {
        (Some(name), _) if stdin_mode => PathBuf::from(name),
        (_, Some(first)) => first.clone(),
        _ => PathBuf::from("."),
    };
    let config_path = args.config.clone().or_else(|| config::discover(&anchor));
    let config = match &config_path {
        Some(p) => Config::load(p)?,
        None => Config::default(),
    };
    // SARIF describes each rule with a passing example; other formats never
    // show examples, so they skip loading them.
    let rules = if args.format == "sarif" {
        load_rules(&config, &args.rule_paths)?
    } else {
        load_rules_for_linting(&config, &args.rule_paths)?
    };
    // The process ends after the check: freeing the compiled packs piece by
    // piece is work a one-draft run does not need. The system frees them.
    let mut rules = std::mem::ManuallyDrop::new(rules);
    for id in &args.disable {
        let off = RuleOverride {
            enabled: Some(false),
            ..RuleOverride::default()
        };
        if rules.apply_override(id, &off).is_err() && !rules.set_pack_enabled(id, false) {
            return Err(Fatal::Message(format!(
                "--disable {id}: no rule or pack of that name (see `postlint rules list`)"
            )));
        }
    }
    for id in &args.enable {
        let on = RuleOverride {
            enabled: Some(true),
            ..RuleOverride::default()
        };
        if rules.apply_override(id, &on).is_err() && !rules.set_pack_enabled(id, true) {
            return Err(Fatal::Message(format!(
                "--enable {id}: no rule or pack of that name (see `postlint rules list`)"
            )));
        }
    }
    let platform = args.platform.clone().or(config.platform.clone());
    if let Some(p) = &platform {
        if rules.platform(p).is_none() {
            return Err(Fatal::Message(format!(
                "unknown platform `{p}`; {}",
                platform_list(&rules)
            )));
        }
    }
    let lang = args
        .lang
        .clone()
        .or(config.lang.clone())
        .filter(|l| l != "auto");
    let kind_name = args.kind.clone().or(config.kind.clone());
    let kind = match kind_name.as_deref() {
        None => None,
        Some(k) => Some(Kind::parse(k).ok_or_else(|| {
            Fatal::Message(format!("--kind must be `post` or `reply`, not `{k}`"))
        })?),
    };
    let origin = match args.origin.as_deref().or(config.origin.as_deref()) {
        None | Some("auto") => None,
        Some(o) => Some(Origin::parse(o).ok_or_else(|| {
            Fatal::Message(format!(
                "--origin must be `draft`, `x-export` or `auto`, not `{o}`"
            ))
        })?),
    };
    let in_reply_to = match &args.reply_to {
        None => None,
        Some(p) if p.as_os_str() == "-" => {
            if stdin_mode {
                return Err(Fatal::Message(
                    "--reply-to - reads stdin, so the draft must come from a file".into(),
                ));
            }
            let mut s = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
                .map_err(|e| Fatal::Message(format!("--reply-to -: cannot read stdin: {e}")))?;
            Some(s)
        }
        Some(p) => Some(std::fs::read_to_string(p).map_err(|e| {
            Fatal::Message(format!("--reply-to {}: cannot read it: {e}", p.display()))
        })?),
    };
    let media = match args.media.as_deref() {
        None => None,
        Some("yes" | "true") => Some(true),
        Some("no" | "false") => Some(false),
        Some(other) => {
            return Err(Fatal::Message(format!(
                "--media must be `yes` or `no`, not `{other}`"
            )))
        }
    };
    let fail_level = match args.fail_level.as_deref() {
        Some(l) => Severity::parse(l).ok_or_else(|| {
            Fatal::Message(format!(
                "--fail-level must be error, warning or suggestion, not `{l}`"
            ))
        })?,
        None => config.fail_level.unwrap_or(Severity::Warning),
    };
    let color =
        !args.no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal();
    let renderer = render::renderer(&args.format, color).ok_or_else(|| {
        Fatal::Message(format!(
            "unknown --format `{}` (human, json, line, sarif, github, html)",
            args.format
        ))
    })?;

    if args.format == "html" || args.files.iter().any(|f| batch::kind_of(f).is_some()) {
        if args.fix || args.diff {
            return Err(Fatal::Message("--fix and --diff work on single drafts, not on calendars (CSV, JSONL, folders) or HTML reports".into()));
        }
        let settings = batch::Settings {
            rules: &rules,
            platform,
            lang,
            kind: kind.unwrap_or_default(),
            media,
            reply_delay: args.reply_delay,
            in_reply_to: in_reply_to.clone(),
            origin,
            format: args.format.clone(),
            fail_level,
            output: args.output.clone(),
            columns: batch::parse_columns(&args.columns).map_err(Fatal::Message)?,
        };
        let mut inputs = Vec::new();
        if stdin_mode {
            inputs.push(batch::Input::Stdin(
                args.stdin_filename
                    .clone()
                    .unwrap_or_else(|| "<stdin>".into()),
            ));
        }
        for f in args.files.iter().filter(|f| f.as_os_str() != "-") {
            inputs.push(match batch::kind_of(f) {
                Some(k) => batch::Input::Batch(f.clone(), k),
                None => batch::Input::Draft(f.clone()),
            });
        }
        return batch::run(inputs, &settings, renderer.as_ref()).map_err(Fatal::Message);
    }

    let mut drafts: Vec<Result<Draft, InputError>> = Vec::new();
    if stdin_mode {
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| "<stdin>".into());
        drafts.push(match input::read_stdin() {
            Ok(bytes) => input::draft(&name, bytes),
            Err(e) => Err(InputError {
                source: name,
                line: None,
                message: format!("cannot read stdin: {e}"),
            }),
        });
    }
    for f in args.files.iter().filter(|f| f.as_os_str() != "-") {
        let name = f.display().to_string();
        drafts.push(input::read_path(f).and_then(|b| input::draft(&name, b)));
    }

    let mut outcome = Outcome::default();
    for d in drafts {
        let mut d = match d {
            Ok(d) => d,
            Err(e) => {
                outcome.errors.push(e);
                continue;
            }
        };
        let fm = &d.front;
        let post_platform = fm.platform.clone().or(platform.clone());
        if let Some(p) = &post_platform {
            if rules.platform(p).is_none() {
                outcome.errors.push(InputError {
                    source: d.source.clone(),
                    line: Some(2),
                    message: format!(
                        "unknown platform `{p}` in front matter; {}",
                        platform_list(&rules)
                    ),
                });
                continue;
            }
        }
        let post_kind = match fm.kind.as_deref() {
            Some(k) => match Kind::parse(k) {
                Some(k) => k,
                None => {
                    outcome.errors.push(InputError {
                        source: d.source.clone(),
                        line: Some(2),
                        message: format!("front matter kind must be `post` or `reply`, not `{k}`"),
                    });
                    continue;
                }
            },
            None => kind.unwrap_or_default(),
        };
        let post_lang = fm.lang.clone().or(lang.clone()).filter(|l| l != "auto");
        let post_origin = match fm.origin.as_deref() {
            None => origin,
            Some(o) => match Origin::parse(o) {
                Some(o) => Some(o),
                None => {
                    outcome.errors.push(InputError {
                        source: d.source.clone(),
                        line: Some(2),
                        message: format!(
                            "front matter origin must be `draft` or `x-export`, not `{o}`"
                        ),
                    });
                    continue;
                }
            },
        };
        let reply_to = fm.in_reply_to.clone().or(in_reply_to.clone());
        let (media, reply_delay) = (fm.media.or(media), fm.reply_delay.or(args.reply_delay));
        let read = input::Reading::of(&mut d.text, d.body_start, post_origin, None);
        if read.origin == Origin::XExport {
            d.ignore.clear();
        }
        let reply_to = read.reply_text(reply_to);
        let post = Post {
            text: d.post_text(),
            platform: post_platform.as_deref(),
            lang: post_lang.as_deref(),
            kind: post_kind,
            media,
            reply_delay,
            ignore: &d.ignore,
            in_reply_to: reply_to.as_deref(),
            uncounted_prefix: read.uncounted_prefix,
        };
        let mut report = rules.evaluate(&post);
        input::place_findings(&mut report.findings, &fm.disable, d.body_start, &d.text);
        outcome.posts.push(Linted {
            source: d.source.clone(),
            record: None,
            id: None,
            text: d.text,
            report,
            origin: read.origin,
        });
    }

    if args.fix || args.diff {
        let stdin_name = stdin_mode.then(|| {
            args.stdin_filename
                .clone()
                .unwrap_or_else(|| "<stdin>".into())
        });
        if let Some(code) = fix::run(&mut outcome, args.diff, stdin_name.as_deref()) {
            return Ok(code);
        }
    }
    let rendered = renderer.render(&outcome, &rules);
    if let Some(path) = &args.output {
        std::fs::write(path, rendered.as_bytes())
            .map_err(|e| Fatal::Message(format!("cannot write {}: {e}", path.display())))?;
    } else {
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(rendered.as_bytes());
        let _ = stdout.flush();
    }
    if !outcome.errors.is_empty() {
        if args.format == "human" {
            // Already listed in the human output.
        } else {
            for e in &outcome.errors {
                eprintln!("error: {e}");
            }
        }
        return Ok(2);
    }
    let failing = outcome
        .posts
        .iter()
        .flat_map(|p| &p.report.findings)
        .any(|f| f.severity >= fail_level);
    Ok(u8::from(failing))
}
