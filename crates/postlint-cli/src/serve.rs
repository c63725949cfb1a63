//! `postlint serve`: load the project once, as `check` does, and hand it to
//! the server library; the server's work is all in `postlint-serve`.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use postlint::Project;
use postlint_serve::{App, Options, ServeError};

use crate::{Fatal, ServeArgs};

pub fn run(args: ServeArgs) -> Result<u8, Fatal> {
    let project = match &args.config {
        Some(path) => Project::load(Some(path))?,
        None => Project::discover(Path::new("."))?,
    };
    let options = Options {
        max_body: args.max_body,
        timeout: Duration::from_secs(args.timeout.max(1)),
    };
    let app = App::new(project, options).map_err(fatal)?;
    let addr = SocketAddr::new(args.host, args.port);
    postlint_serve::run(addr, app, |bound| {
        // The one line a script waits for; stderr keeps stdout free.
        eprintln!("postlint serve: listening on http://{bound}/ (Ctrl-C stops)");
    })
    .map_err(fatal)?;
    Ok(0)
}

fn fatal(e: ServeError) -> Fatal {
    match e {
        ServeError::Project(e) => Fatal::from(e),
        other => Fatal::Message(other.to_string()),
    }
}

/// `1048576`, `512K`, `1M`: a size in bytes.
pub fn parse_size(s: &str) -> Result<usize, String> {
    let s = s.trim();
    let (digits, unit) = match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => s.split_at(i),
        None => (s, ""),
    };
    let n: usize = digits
        .parse()
        .map_err(|_| format!("`{s}` is not a size (e.g. 1048576, 512K, 1M)"))?;
    let factor = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1024,
        "M" | "MB" | "MIB" => 1024 * 1024,
        _ => return Err(format!("`{s}`: the unit is K or M")),
    };
    n.checked_mul(factor)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`{s}` is not a usable size"))
}
