//! Building and running the HTTP server, on a listener the caller binds (tests use port 0).

use std::io::IsTerminal;
use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::{web, App, HttpServer};
use tracing_subscriber::EnvFilter;

use crate::api::{self, AppState};
use crate::site::Site;
use crate::store::Store;

pub struct Settings {
    pub body_limit: usize,
    /// The disclosure site to serve at `/` and rebuild on publication.
    pub site: Option<Arc<Site>>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { body_limit: api::body::DEFAULT_LIMIT, site: None }
    }
}

/// Starts serving on `listener`; the returned server runs when awaited or spawned.
pub fn run(listener: TcpListener, store: Arc<dyn Store>, settings: Settings) -> std::io::Result<Server> {
    let state = web::Data::new(AppState { store, body_limit: settings.body_limit, site: settings.site });
    let server = HttpServer::new(move || {
        App::new().wrap(actix_web::middleware::from_fn(api::trace::trace)).configure(api::configure(state.clone()))
    })
    .listen(listener)?
    .run();
    Ok(server)
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

/// Logs to stderr; `RUST_LOG` overrides the default level (info).
pub fn init_logging(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => logs.with_ansi(std::io::stderr().is_terminal()).try_init(),
        LogFormat::Json => logs.json().try_init(),
    };
}
