//! The `postlint` command over the `postlint` library: arguments, the
//! output formats, `--fix`, the language server and the rule and pack
//! commands. The binary (`main.rs`) only calls [`main`].

/// `println!` that does not panic when stdout is closed early (`postlint rules list | head`).
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod batch;
mod check;
mod fix;
mod lsp;
mod packs_cmd;
pub mod report;
mod report_cmd;
mod rules_cmd;
mod serve;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use postlint::config;

use crate::report::{ColorChoice, Format};

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
    /// Hold a calendar's findings against its results: analytics exports joined to the posts,
    /// engagement per rule and principle (docs/calendars.md).
    Report(Box<ReportArgs>),
    /// List, explain, test and document rules.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// List, scaffold and check rule packs.
    #[command(subcommand)]
    Packs(PacksCommand),
    /// Run the language server on stdin/stdout (for editors; see docs/editors.md).
    Lsp,
    /// Serve the web page, postlint's JSON API and a LanguageTool-compatible API (docs/server.md).
    Serve(ServeArgs),
    /// Print a completion script for a shell (bash, zsh, fish, powershell, elvish).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) on stdout: `postlint man > postlint.1`.
    Man,
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
    #[command(flatten)]
    lint: LintArgs,
    /// Whether media is attached (`yes`/`no`).
    #[arg(long)]
    media: Option<String>,
    /// Minutes between the message and this reply.
    #[arg(long)]
    reply_delay: Option<f64>,
    /// The message this reply answers: a file, or `-` for stdin (the draft then comes from a file).
    #[arg(long, value_name = "FILE|-")]
    reply_to: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Write the output to this file instead of stdout (e.g. `--format html --output report.html`).
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Exit 1 when a finding is at or above this level: error, warning, suggestion.
    #[arg(long)]
    fail_level: Option<String>,
    /// Name to report for stdin (and where to look for the config).
    #[arg(long)]
    stdin_filename: Option<String>,
    /// Colors: `auto` (a terminal, unless NO_COLOR is set or TERM=dumb), `always`, `never`.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// No colors (the same as `--color never`).
    #[arg(long, hide = true)]
    no_color: bool,
    /// Print the findings only: no line per post, no calendar overview, no summary.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// After the findings, count them per rule.
    #[arg(long)]
    statistics: bool,
    /// Report `<!-- postlint-disable… -->` comments that suppress nothing.
    #[arg(long)]
    report_unused_disables: bool,
    /// Apply the fixes marked safe to the files (stdin: print the fixed draft).
    #[arg(long)]
    fix: bool,
    /// Print a unified diff of what --fix would change; write nothing.
    #[arg(long)]
    diff: bool,
}

#[derive(clap::Args, Clone)]
pub struct ReportArgs {
    /// The calendar: CSV or JSONL files (or folders of drafts), read as `check` reads them.
    #[arg(required = true)]
    calendars: Vec<PathBuf>,
    /// An analytics export (CSV from LinkedIn, Meta, X or a scheduler); repeatable.
    #[arg(long, required = true, value_name = "EXPORT.csv")]
    results: Vec<PathBuf>,
    /// The platform of export rows that name none (an X export is `x` by its `Tweet id` column).
    #[arg(long, value_name = "PLATFORM")]
    results_platform: Option<String>,
    /// How the exports' dates are read, as --date-format does for the calendar (default: the same).
    #[arg(long, value_name = "FORMAT")]
    results_date_format: Option<String>,
    #[command(flatten)]
    lint: LintArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = report::results::ResultsFormat::Human)]
    format: report::results::ResultsFormat,
    /// Write the output to this file instead of stdout.
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
}

/// How posts are read and which rules run: the settings `check` and
/// `report` share (see `check::linter`).
#[derive(clap::Args, Clone)]
pub struct LintArgs {
    /// Platform: x, linkedin, facebook, instagram, mastodon, bluesky, threads, tiktok, or one a pack declares.
    #[arg(long)]
    platform: Option<String>,
    /// Language code, or `auto` to detect.
    #[arg(long)]
    lang: Option<String>,
    /// Language of messages and help: en or nl (default: the config's `ui_language`, else the locale). Not the post's language.
    #[arg(long)]
    ui_lang: Option<String>,
    /// `post` or `reply`.
    #[arg(long)]
    kind: Option<String>,
    /// How texts are read: `draft` (as typed), `x-export` (X API text: entities decoded, reply
    /// @mentions and the trailing t.co attachment not counted) or `auto` (the default: x-export
    /// for CSV/JSONL records on X that look like API text, draft otherwise).
    #[arg(long, value_name = "ORIGIN")]
    origin: Option<String>,
    /// Config file (default: the nearest .postlint.yaml).
    #[arg(long, conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Use no config file: the built-in packs and their defaults.
    #[arg(long)]
    no_config: bool,
    /// CSV: the column that holds a field, as FIELD=NAME (text, platform, date, time, lang, kind, media, reply_delay, id, in_reply_to, origin, disable, tags); repeatable.
    #[arg(long = "column", value_name = "FIELD=NAME")]
    columns: Vec<String>,
    /// How dates are read: `dmy` (02/03/2026 is 2 March; the default), `mdy` (US, month first),
    /// `ymd`, or a strftime pattern such as `%m/%d/%Y %I:%M %p` (default: the config's `date_format`).
    #[arg(long, value_name = "FORMAT")]
    date_format: Option<String>,
    /// The calendar's time zone, an IANA name such as `Europe/Brussels`: times with an offset are
    /// put on its clock (default: the config's `timezone`, else UTC).
    #[arg(long, value_name = "ZONE")]
    timezone: Option<String>,
    /// Rule ids to turn off (repeatable).
    #[arg(long, value_delimiter = ',')]
    disable: Vec<String>,
    /// Rule ids or packs to turn on, also those off by default (repeatable).
    #[arg(long, value_delimiter = ',')]
    enable: Vec<String>,
    /// Extra rule files or pack folders to load.
    #[arg(long = "rules")]
    rule_paths: Vec<PathBuf>,
}

/// Which config a command reads.
#[derive(clap::Args, Clone, Default)]
pub struct ProjectArgs {
    /// Config file (default: the nearest .postlint.yaml).
    #[arg(long, conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Use no config file.
    #[arg(long)]
    no_config: bool,
    /// Language of messages, help and rationales: en or nl (default: the config's `ui_language`, else the locale).
    #[arg(long)]
    ui_lang: Option<String>,
}

/// `--ui-lang` over the project's `ui_language` and the locale.
pub fn ui_lang(flag: Option<&str>, project: &postlint::Project) -> Result<postlint::UiLang, Fatal> {
    match flag {
        None => Ok(project.ui_lang()),
        Some(code) => postlint::UiLang::parse(code)
            .ok_or_else(|| Fatal::Message(format!("--ui-lang must be `en` or `nl`, not `{code}`"))),
    }
}

impl ProjectArgs {
    /// The project these flags name, found from `anchor` by default.
    pub fn project(&self, anchor: &Path) -> Result<postlint::Project, Fatal> {
        Ok(match (&self.config, self.no_config) {
            (_, true) => postlint::Project::bare(),
            (Some(path), false) => postlint::Project::load(Some(path))?,
            (None, false) => postlint::Project::discover(anchor)?,
        })
    }
}

#[derive(clap::Args, Clone)]
pub struct ServeArgs {
    /// Address to listen on; other machines reach it only when this is not a loopback address.
    #[arg(long, default_value = "127.0.0.1")]
    host: std::net::IpAddr,
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 8081)]
    port: u16,
    /// Config file (default: the nearest .postlint.yaml above the current directory).
    #[arg(long)]
    config: Option<PathBuf>,
    /// The largest request body accepted, in bytes; `K` and `M` suffixes count 1024s.
    #[arg(long, default_value = "1M", value_parser = serve::parse_size)]
    max_body: usize,
    /// Seconds a request may take before it is answered with 503.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
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
        #[command(flatten)]
        project: ProjectArgs,
    },
    /// Explain a rule: message, rationale, parameters, examples.
    Explain {
        id: String,
        #[command(flatten)]
        project: ProjectArgs,
    },
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

impl From<postlint::Error> for Fatal {
    fn from(e: postlint::Error) -> Self {
        match e {
            postlint::Error::Config(e) => Fatal::from(e),
            postlint::Error::Pack(e) => Fatal::from(e),
            other => Fatal::Message(other.to_string()),
        }
    }
}

/// Run the command line; the exit code is 0 clean, 1 findings at or above
/// the fail level, 2 usage, config or input errors.
pub fn main() -> ExitCode {
    ExitCode::from(run(std::env::args_os()))
}

/// Run the command line with these arguments (the first is the program's
/// name) and return the exit code, for hosts that start `postlint` inside
/// their own process (the Python package's `postlint` command).
pub fn run<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let result = match cli.command {
        Command::Check(args) => check::run(*args),
        Command::Report(args) => report_cmd::run(*args),
        Command::Rules(cmd) => rules_cmd::run(cmd),
        Command::Init { force } => init(force),
        Command::Lsp => lsp::run_stdio(),
        Command::Packs(cmd) => packs_cmd::run(cmd),
        Command::Serve(args) => serve::run(args),
        Command::Completions { shell } => {
            let mut out = std::io::stdout();
            clap_complete::generate(shell, &mut Cli::command(), "postlint", &mut out);
            Ok(0)
        }
        Command::Man => man(),
    };
    match result {
        Ok(code) => code,
        Err(Fatal::Report(r)) => {
            eprintln!("{r:?}");
            2
        }
        Err(Fatal::Message(m)) => {
            eprintln!("error: {m}");
            2
        }
    }
}

fn man() -> Result<u8, Fatal> {
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .or_else(check::quiet_broken_pipe)
        .map_err(|e| Fatal::Message(format!("cannot write the man page: {e}")))?;
    Ok(0)
}

fn init(force: bool) -> Result<u8, Fatal> {
    let path = Path::new(config::FILE_NAME);
    // Never write through a link: it could point anywhere.
    if path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
    {
        return Err(Fatal::Message(format!(
            "{} is a symbolic link; remove it first",
            config::FILE_NAME
        )));
    }
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
