//! `postlint check`: settings from flags over the config, then one draft
//! after another (with `--fix`/`--diff`), or a batch (see `batch.rs`).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use postlint::records::{self, platform_id, Input};
use postlint::{
    parse_kind, parse_origin, platform_list, Defaults, InputError, Linter, Outcome, Project,
};
use postlint_engine::{RuleOverride, Severity};

use crate::report::{self, ColorChoice, Format, Style};
use crate::{batch, fix, CheckArgs, Fatal, LintArgs};

/// What `check` knows about a draft beyond the shared settings.
#[derive(Default)]
pub struct DraftSettings {
    pub media: Option<bool>,
    pub reply_delay: Option<f64>,
    pub in_reply_to: Option<String>,
    pub report_unused_disables: bool,
}

/// The project found from `anchor` and a linter with the rules and
/// defaults that `lint` (flags over the config) asks for: what `check` and
/// `report` both start from. `examples` loads the rules' examples (SARIF).
pub fn linter(
    lint: &LintArgs,
    anchor: &Path,
    examples: bool,
    draft: DraftSettings,
) -> Result<(Project, Linter), Fatal> {
    let project = match (&lint.config, lint.no_config) {
        (_, true) => Project::bare(),
        (Some(path), false) => Project::load(Some(path))?,
        (None, false) => Project::discover(anchor)?,
    };
    let config = &project.config;
    let mut rules = project.rules(&lint.rule_paths, examples)?;
    for (ids, on, flag) in [
        (&lint.disable, false, "--disable"),
        (&lint.enable, true, "--enable"),
    ] {
        for id in ids {
            let o = RuleOverride {
                enabled: Some(on),
                ..RuleOverride::default()
            };
            if rules.apply_override(id, &o).is_err() && !rules.set_pack_enabled(id, on) {
                return Err(Fatal::Message(format!(
                    "{flag} {id}: {}",
                    crate::rules_cmd::unknown_rule(&rules, id)
                )));
            }
        }
    }
    let platform = lint
        .platform
        .as_deref()
        .map(platform_id)
        .or(config.platform.as_deref().map(platform_id));
    if let Some(p) = &platform {
        if rules.platform(p).is_none() {
            return Err(Fatal::Message(format!(
                "unknown platform `{p}`; {}",
                platform_list(&rules)
            )));
        }
    }
    let lang = lint.lang.clone().or(config.lang.clone());
    if let Some(l) = lang.as_deref().filter(|l| *l != "auto") {
        if !rules.languages().iter().any(|known| known == l) {
            return Err(Fatal::Message(format!(
                "--lang {l}: no loaded pack has rules for this language; languages: {}, or auto",
                rules.languages().join(", ")
            )));
        }
    }
    let defaults = Defaults {
        platform,
        lang,
        kind: parse_kind(lint.kind.as_deref().or(config.kind.as_deref()))?.unwrap_or_default(),
        media: draft.media,
        reply_delay: draft.reply_delay,
        in_reply_to: draft.in_reply_to,
        origin: parse_origin(lint.origin.as_deref().or(config.origin.as_deref()))?,
        report_unused_disables: draft.report_unused_disables,
        ui_lang: crate::ui_lang(lint.ui_lang.as_deref(), &project)?,
        dates: date_reader(lint, config)?,
    };
    let linter = Linter::new(rules, defaults)?;
    Ok((project, linter))
}

pub fn run(args: CheckArgs) -> Result<u8, Fatal> {
    let stdin_mode = args.files.is_empty() || args.files.iter().any(|f| f.as_os_str() == "-");
    let stdin_name = || {
        args.stdin_filename
            .clone()
            .unwrap_or_else(|| "<stdin>".into())
    };
    let anchor = match (
        &args.stdin_filename,
        args.files.iter().find(|f| f.as_os_str() != "-"),
    ) {
        (Some(name), _) if stdin_mode => PathBuf::from(name),
        (_, Some(first)) => first.clone(),
        _ => PathBuf::from("."),
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
            std::io::stdin()
                .read_to_string(&mut s)
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
    // SARIF describes each rule with a passing example; other formats never
    // show examples, so they skip loading them.
    let (project, linter) = linter(
        &args.lint,
        &anchor,
        args.format == Format::Sarif,
        DraftSettings {
            media,
            reply_delay: args.reply_delay,
            in_reply_to,
            report_unused_disables: args.report_unused_disables,
        },
    )?;
    let config = &project.config;
    let fail_level = match args.fail_level.as_deref() {
        Some(l) => Severity::parse(l).ok_or_else(|| {
            Fatal::Message(format!(
                "--fail-level must be error, warning or suggestion, not `{l}`"
            ))
        })?,
        None => config.fail_level.unwrap_or(Severity::Warning),
    };
    let env = |k: &str| std::env::var(k).ok();
    let color = if args.no_color {
        ColorChoice::Never
    } else {
        args.color
    };
    let reporter = args.format.reporter(Style {
        color: color.resolve(env),
        width: report::width(env),
        quiet: args.quiet,
        statistics: args.statistics,
        ui_lang: linter.defaults().ui_lang,
    });
    // The process ends after the check: freeing the compiled packs piece by
    // piece is work a one-draft run does not need. The system frees them.
    let linter = std::mem::ManuallyDrop::new(linter);

    let mut inputs = Vec::new();
    if stdin_mode {
        let source = stdin_name();
        let mut bytes = Vec::new();
        match std::io::stdin().read_to_end(&mut bytes) {
            Ok(_) => inputs.push(Ok(Input::Text { source, bytes })),
            Err(e) => inputs.push(Err(InputError {
                source,
                line: None,
                message: format!("cannot read stdin: {e}"),
            })),
        }
    }
    let filter = project.file_filter()?;
    for f in args.files.iter().filter(|f| f.as_os_str() != "-") {
        // A file the config excludes is skipped, and said so (pre-commit
        // passes every staged .md file, README.md included).
        if f.is_file() && !filter.allows(f) {
            eprintln!("postlint: skipped {} (excluded by the config)", f.display());
            continue;
        }
        inputs.push(Ok(Input::path(f.clone())));
    }

    let batch =
        args.format == Format::Html || inputs.iter().any(|i| matches!(i, Ok(Input::Batch(..))));
    if batch {
        if args.fix || args.diff {
            return Err(Fatal::Message("--fix and --diff work on single drafts, not on calendars (CSV, JSONL, folders) or HTML reports".into()));
        }
        let settings = batch::Settings {
            linter: &linter,
            filter: filter.clone(),
            format: args.format,
            fail_level,
            output: args.output.clone(),
            columns: records::parse_columns(&args.lint.columns).map_err(Fatal::Message)?,
        };
        return batch::run(inputs, &settings, reporter.as_ref()).map_err(Fatal::Message);
    }

    let mut outcome = Outcome::default();
    let count = Default::default();
    for input in inputs {
        let records = match input {
            Ok(input) => input.open_filtered(&[], &count, &filter, &linter.defaults().dates),
            Err(e) => {
                outcome.errors.push(e);
                continue;
            }
        };
        for r in records {
            match r.and_then(|r| linter.lint_record(r)) {
                Ok(p) => outcome.posts.push(p),
                Err(e) => outcome.errors.push(e),
            }
        }
    }

    if args.fix || args.diff {
        let stdin_name = stdin_mode.then(stdin_name);
        if let Some(code) = fix::run(&mut outcome, args.diff, stdin_name.as_deref()) {
            return Ok(code);
        }
    }
    let written = match &args.output {
        Some(path) => std::fs::File::create(path)
            .and_then(|f| {
                let mut out = std::io::BufWriter::new(f);
                reporter.report(&outcome, linter.rules(), &mut out)?;
                out.flush()
            })
            .map_err(|e| Fatal::Message(format!("cannot write {}: {e}", path.display()))),
        None => {
            let mut out = std::io::stdout().lock();
            reporter
                .report(&outcome, linter.rules(), &mut out)
                .and_then(|()| out.flush())
                .or_else(quiet_broken_pipe)
                .map_err(|e| Fatal::Message(format!("cannot write the output: {e}")))
        }
    };
    written?;
    if !outcome.errors.is_empty() {
        // The human output lists them already.
        if args.format != Format::Human {
            for e in &outcome.errors {
                eprintln!("error: {e}");
            }
        }
        return Ok(2);
    }
    Ok(u8::from(outcome.fails_at(fail_level)))
}

/// A reader that stopped reading (`postlint check … | head`) is not an error.
pub fn quiet_broken_pipe(e: std::io::Error) -> std::io::Result<()> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(e)
    }
}

/// `--date-format` and `--timezone` over the config's `date_format` and `timezone`.
fn date_reader(
    args: &LintArgs,
    config: &postlint::config::Config,
) -> Result<postlint::dates::DateReader, Fatal> {
    let format = args
        .date_format
        .as_deref()
        .or(config.date_format.as_deref());
    let zone = args.timezone.as_deref().or(config.timezone.as_deref());
    postlint::dates::DateReader::new(format, zone).map_err(|e| {
        let flag =
            if args.timezone.is_some() && postlint::dates::DateReader::new(None, zone).is_err() {
                "--timezone"
            } else {
                "--date-format"
            };
        Fatal::Message(format!("{flag}: {e}"))
    })
}
