//! Building and running the HTTP server, on a listener the caller binds (tests use port 0).

use std::io::IsTerminal;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::{Server, ServerHandle};
use actix_web::{web, App, HttpServer};
use tracing_subscriber::EnvFilter;

use crate::api::{self, AppState};
use crate::site::Site;
use crate::store::Store;

pub struct Settings {
    pub body_limit: usize,
    /// The disclosure site to serve at `/` and rebuild on publication.
    pub site: Option<Arc<Site>>,
    /// How long reading a request body may take (408 after).
    pub body_timeout: Duration,
    /// Bodies read at once, in total and per token (429 beyond).
    pub uploads: usize,
    pub uploads_per_token: usize,
    /// Open connections at most, over all workers; more wait to be accepted.
    pub max_connections: usize,
    /// How long a new connection may take to send its request line and headers.
    pub head_timeout: Duration,
    /// How long requests in flight may take to finish once a shutdown began.
    pub shutdown_timeout: Duration,
    /// Memory for the server's own caches (encoded documents, site files), in bytes.
    pub cache_bytes: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            body_limit: api::body::DEFAULT_LIMIT,
            site: None,
            body_timeout: Duration::from_secs(api::body::DEFAULT_TIMEOUT_SECS),
            uploads: api::body::DEFAULT_UPLOADS,
            uploads_per_token: api::body::DEFAULT_UPLOADS_PER_TOKEN,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            head_timeout: Duration::from_secs(5),
            shutdown_timeout: Duration::from_secs(DEFAULT_SHUTDOWN_TIMEOUT_SECS),
            cache_bytes: (DEFAULT_CACHE_MB << 20) / 4,
        }
    }
}

/// Memory for caches by default, in MiB: three quarters for the store (its page cache and hot
/// documents), a quarter for the server (encoded documents, site files).
pub const DEFAULT_CACHE_MB: usize = 64;

/// Seconds requests in flight get to finish on shutdown.
pub const DEFAULT_SHUTDOWN_TIMEOUT_SECS: u64 = 30;

/// Open connections at most when the descriptor limit is not known.
pub const DEFAULT_MAX_CONNECTIONS: usize = 400;

/// Starts serving on `listener`; the returned server runs when awaited or spawned.
pub fn run(listener: TcpListener, store: Arc<dyn Store>, settings: Settings) -> std::io::Result<Server> {
    let state = web::Data::new(AppState::new(store, settings.body_limit, settings.site, settings.cache_bytes));
    let uploads =
        web::Data::new(api::body::Uploads::new(settings.body_timeout, settings.uploads, settings.uploads_per_token));
    // `max_connections` counts per worker.
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(uploads.clone())
            .wrap(actix_web::middleware::from_fn(api::trace::trace))
            .configure(api::configure(state.clone()))
    })
    .workers(workers)
    .max_connections((settings.max_connections / workers).max(1))
    .client_request_timeout(settings.head_timeout)
    .shutdown_timeout(settings.shutdown_timeout.as_secs().max(1))
    // actix stops at once on SIGINT; `stop_on_signals` makes both signals graceful.
    .disable_signals()
    .listen(listener)?
    .run();
    Ok(server)
}

/// How often a process sharing its store with others asks whether they published.
pub const PUBLICATION_POLL: Duration = Duration::from_secs(1);

/// Rebuilds `site` whenever the store's publication count moves past `seen`: publications made
/// through other processes sharing the store (polling works on any compatible database, where
/// LISTEN/NOTIFY may not). A failed poll or build is logged and tried again at the next tick.
pub fn follow_publications(store: Arc<dyn Store>, site: Arc<Site>, mut seen: u64) {
    actix_web::rt::spawn(async move {
        let mut tick = tokio::time::interval(PUBLICATION_POLL);
        loop {
            tick.tick().await;
            let now = match store.publications().await {
                Ok(Some(now)) => now,
                Ok(None) => return,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot read the publication count");
                    continue;
                }
            };
            if now == seen {
                continue;
            }
            match site.build(store.as_ref()).await {
                Ok(built) => {
                    tracing::info!(files = built.files, "rebuilt the site after publications elsewhere");
                    seen = now;
                }
                Err(e) => tracing::warn!(error = %e, "cannot rebuild the site after publications elsewhere"),
            }
        }
    });
}

/// Stops the server gracefully on SIGTERM or SIGINT: it stops accepting, lets the requests in
/// flight finish within the shutdown timeout, then the awaited server returns. A second signal
/// stops it at once.
pub fn stop_on_signals(server: ServerHandle) {
    actix_web::rt::spawn(async move {
        let signal = next_signal().await;
        tracing::info!("{signal} received: finishing the requests in flight, then stopping");
        let graceful = server.clone();
        actix_web::rt::spawn(async move { graceful.stop(true).await });
        let signal = next_signal().await;
        tracing::warn!("{signal} received again: stopping now");
        server.stop(false).await;
    });
}

/// Waits for SIGTERM or SIGINT (Ctrl-C) and names it.
#[cfg(unix)]
async fn next_signal() -> &'static str {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut term), Ok(mut int)) = (signal(SignalKind::terminate()), signal(SignalKind::interrupt())) else {
        tracing::warn!("cannot listen for SIGTERM and SIGINT; stop the server with SIGKILL");
        return std::future::pending().await;
    };
    tokio::select! {
        _ = term.recv() => "SIGTERM",
        _ = int.recv() => "SIGINT",
    }
}

#[cfg(not(unix))]
async fn next_signal() -> &'static str {
    let _ = tokio::signal::ctrl_c().await;
    "Ctrl-C"
}

/// Open files the server keeps for itself (the store, logs, the site being built).
const RESERVED_FILES: u64 = 64;

/// Raises the soft limit of open files to the hard one and returns how many connections fit
/// under it: each may hold a socket and a file of the site. Warns when the limit stays low.
pub fn connections_for_open_files() -> usize {
    let Some(limit) = raise_open_files() else {
        tracing::warn!("cannot read the limit of open files; serving at most {DEFAULT_MAX_CONNECTIONS} connections");
        return DEFAULT_MAX_CONNECTIONS;
    };
    let connections = (limit.saturating_sub(RESERVED_FILES) / 2).max(1);
    if limit < 4096 {
        tracing::warn!(limit, connections, "the limit of open files is low (ulimit -n); connections are capped");
    }
    usize::try_from(connections).unwrap_or(usize::MAX)
}

/// The soft limit of open files after raising it to the hard limit where allowed.
#[cfg(unix)]
fn raise_open_files() -> Option<u64> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit writes into the struct it is given.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return None;
    }
    if limit.rlim_cur < limit.rlim_max {
        let raised = libc::rlimit { rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max };
        // SAFETY: setrlimit reads the struct it is given.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            limit = raised;
        } else {
            tracing::warn!(soft = limit.rlim_cur, hard = limit.rlim_max, "cannot raise the limit of open files");
        }
    }
    // RLIM_INFINITY is u64::MAX: plenty.
    let soft: u64 = limit.rlim_cur;
    Some(soft)
}

#[cfg(not(unix))]
fn raise_open_files() -> Option<u64> {
    None
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LogFormat {
    /// One line of text per event; coloured only when stderr is a terminal.
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Logs to stderr; `RUST_LOG` overrides the default level (info). Lines are written by a
/// background thread in batches (one `write` per batch, not per request: under load the
/// per-line write was a tenth of a site request's CPU); the guard returned writes what is left
/// when dropped, so `main` keeps it to the end. Nothing is dropped when the queue is full: a
/// request then waits for the writer.
pub fn init_logging(format: LogFormat) -> tracing_appender::non_blocking::WorkerGuard {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(false)
        .thread_name("disclose-log")
        .finish(std::io::BufWriter::new(std::io::stderr()));
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer);
    let _ = match format {
        LogFormat::Text => logs.with_ansi(std::io::stderr().is_terminal()).try_init(),
        LogFormat::Json => logs.json().try_init(),
    };
    guard
}

#[cfg(all(test, unix))]
mod tests {
    #[test]
    fn connections_fit_under_the_raised_open_file_limit() {
        let connections = super::connections_for_open_files() as u64;
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: getrlimit writes into the struct it is given.
        assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) }, 0);
        assert!(connections >= 1 && connections <= limit.rlim_cur / 2, "{connections} for {}", limit.rlim_cur);
    }
}
