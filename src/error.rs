//! The one error type of the application. The HTTP layer maps each kind to its status; the CLI
//! prints the message with its causes and the problems.
//!
//! A variant's message says what failed; what caused it is its `source`, never pasted into the
//! message, so that [`Error::chain`] prints each cause once and an HTTP answer can leave it out.

use std::path::PathBuf;

use crate::analysis::Finding;
use crate::domain::validate::Problem;
use crate::site::SiteError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The body is not JSON at all (syntax error, truncated, empty).
    #[error("malformed JSON: {}", .0.message)]
    Malformed(Problem),
    /// The body is JSON but not a valid snapshot; every problem is listed.
    #[error("the document is invalid: {}", problem_count(.0))]
    Invalid(Vec<Problem>),
    /// `strict` was asked for and the audit found errors or warnings.
    #[error("the audit checks found {} problem(s) and strict mode refuses them", .0.len())]
    ChecksFailed(Vec<Finding>),
    /// A path or query parameter is not acceptable.
    #[error("invalid parameter: {}", .0.message)]
    BadParameter(Problem),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0} not found")]
    NotFound(String),
    /// `If-Match` did not match the latest revision.
    #[error("the revision you based this on is no longer the latest (latest: {current:?})")]
    Stale { current: Option<crate::integrity::Sha256> },
    #[error("the body is larger than the limit of {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The body did not arrive in time (a stalled or trickling upload).
    #[error("the request body did not arrive within {seconds} s")]
    BodyTimeout { seconds: u64 },
    /// Too many bodies are being read at once, in total or for this token.
    #[error("too many uploads at once {whose}; retry in {retry_after} s")]
    TooManyUploads { whose: &'static str, retry_after: u64 },
    #[error(transparent)]
    Store(StoreError),
    /// A file or folder could not be used.
    #[error("cannot {action} {}", path.display())]
    File {
        /// What was tried: `read`, `create` ...
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The server could not listen on its address, or stopped with an error.
    #[error("cannot serve on {address}")]
    Listen {
        address: String,
        #[source]
        source: std::io::Error,
    },
    /// A value could not be written as JSON.
    #[error("cannot serialize the {what}")]
    Serialize {
        what: &'static str,
        #[source]
        source: serde_json::Error,
    },
    /// A blocking task panicked or was cancelled.
    #[error("a background task failed")]
    Task(#[from] tokio::task::JoinError),
    /// A revision was published, but the site could not be rebuilt to show it.
    #[error("revision {number} is published, but the site could not be rebuilt; publish it again to retry")]
    SiteRebuild {
        number: u32,
        #[source]
        source: SiteError,
    },
    /// The disclosure site cannot be built.
    #[error(transparent)]
    Site(SiteError),
}

impl Error {
    /// The message followed by every cause, `: `-separated, for logs and the CLI.
    pub fn chain(&self) -> String {
        let mut text = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(error) = cause {
            text.push_str(": ");
            text.push_str(&error.to_string());
            cause = error.source();
        }
        text
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Stale { current } => Error::Stale { current },
            StoreError::NotFound(what) => Error::NotFound(what),
            other => Error::Store(other),
        }
    }
}

impl From<SiteError> for Error {
    fn from(e: SiteError) -> Self {
        match e {
            // A store failure reads the same whether a handler or the site met it.
            SiteError::Store(e) => Error::from(e),
            other => Error::Site(other),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

fn problem_count(problems: &[Problem]) -> String {
    match problems.len() {
        1 => "1 problem".into(),
        n => format!("{n} problems"),
    }
}
