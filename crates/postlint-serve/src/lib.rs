//! `postlint serve`: the page for writers (`/`), postlint's own API
//! (`/api/v1/…`, the JSON of `check --format json`) and a LanguageTool v2
//! API (`/v2/…`) for editors and browser add-ons, over one [`Linter`].
//!
//! The project (config and packs) is loaded once by the caller and shared;
//! every lint runs on tokio's blocking pool, so requests run in parallel.
//! Requests carry text and settings only: none can name a file or a pack.
//!
//! ```no_run
//! # async fn run() -> Result<(), postlint_serve::ServeError> {
//! let app = postlint_serve::App::new(postlint::Project::bare(), postlint_serve::Options::default())?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8081").await?;
//! postlint_serve::serve(listener, app, std::future::pending()).await?;
//! # Ok(()) }
//! ```

mod api;
mod error;
mod languagetool;
mod page;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use postlint::{Linter, Project};

pub use error::{ApiError, ServeError};

/// Limits of a running server.
#[derive(Debug, Clone)]
pub struct Options {
    /// The largest request body accepted, in bytes (larger: 413).
    pub max_body: usize,
    /// How long a request may take, reading its body included (longer: 503).
    pub timeout: Duration,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            max_body: 1024 * 1024,
            timeout: Duration::from_secs(30),
        }
    }
}

/// What every request shares: the project's linter, loaded once.
pub struct App {
    project: Project,
    linter: Linter,
    /// The project's rules with every rule on, for a LanguageTool request
    /// that enables a rule the project leaves off; built the first time one does.
    all_on: OnceLock<Result<Linter, String>>,
    /// The body of `GET /api/v1/rules`; it only changes with the packs.
    rules_json: Vec<u8>,
    options: Options,
}

impl App {
    /// Load the project's packs and config (as `postlint check` does).
    pub fn new(project: Project, options: Options) -> Result<App, ServeError> {
        let linter = project.linter(&[])?;
        let rules_json = api::rules_document(linter.rules());
        Ok(App {
            project,
            linter,
            all_on: OnceLock::new(),
            rules_json,
            options,
        })
    }

    pub fn linter(&self) -> &Linter {
        &self.linter
    }

    /// The linter with every rule of the project's packs on.
    fn all_on(&self) -> Result<&Linter, ApiError> {
        let built = self.all_on.get_or_init(|| {
            let mut linter = self.project.linter(&[]).map_err(|e| e.to_string())?;
            let ids: Vec<String> = linter.rules().rules().map(|r| r.id.clone()).collect();
            let on = postlint::engine::RuleOverride {
                enabled: Some(true),
                ..Default::default()
            };
            for id in ids {
                // The ids come from this rule set, so none is unknown.
                let _ = linter.rules_mut().apply_override(&id, &on);
            }
            Ok(linter)
        });
        built.as_ref().map_err(|e| ApiError::internal(e.clone()))
    }
}

/// Run `work` on the blocking pool: linting is CPU work, and requests run
/// side by side there while the runtime's threads keep accepting.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError::internal(format!("the check failed: {e}")))?
}

/// The routes, with the body limit, the timeout and JSON errors for
/// unknown paths and methods.
pub fn router(app: Arc<App>) -> Router {
    let options = app.options.clone();
    Router::new()
        .merge(page::routes())
        .merge(api::routes())
        .merge(languagetool::routes())
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(DefaultBodyLimit::max(options.max_body))
        .layer(middleware::from_fn_with_state(options.timeout, time_limit))
        .with_state(app)
}

/// Answer 503 with a JSON error when a request takes longer than allowed.
async fn time_limit(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => axum::response::IntoResponse::into_response(ApiError::timeout(limit)),
    }
}

/// Serve on `listener` until `shutdown` completes; requests under way then finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: App,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let router = router(Arc::new(app));
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(ServeError::Io)
}

/// Completes on Ctrl-C, or on SIGTERM where there are signals.
pub async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// `postlint serve`: bind `addr`, call `ready` with the address bound (port
/// 0 picks a free one), serve until Ctrl-C or SIGTERM.
pub fn run(
    addr: SocketAddr,
    app: App,
    ready: impl FnOnce(SocketAddr) + Send + 'static,
) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServeError::Io)?;
    let grace = app.options.timeout;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| ServeError::Bind(addr, e))?;
        ready(listener.local_addr().map_err(ServeError::Io)?);
        let stopping = Arc::new(tokio::sync::Notify::new());
        let signal = {
            let stopping = Arc::clone(&stopping);
            async move {
                stop_signal().await;
                stopping.notify_one();
            }
        };
        // Requests under way get as long as any request may take; a client
        // that keeps a connection open without finishing a request does not
        // hold the stop up for longer.
        tokio::select! {
            served = serve(listener, app, signal) => served,
            () = async {
                stopping.notified().await;
                tokio::time::sleep(grace).await;
            } => Ok(()),
        }
    })
}
