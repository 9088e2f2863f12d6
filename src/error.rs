//! The one error type of the application. The HTTP layer maps each kind to its status; the CLI
//! prints the message and the problems.

use crate::analysis::Finding;
use crate::domain::validate::Problem;
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
    Stale { current: Option<String> },
    #[error("the body is larger than the limit of {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error(transparent)]
    Store(StoreError),
    /// A file, folder or socket could not be used.
    #[error("{0}")]
    Io(String),
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

pub type Result<T, E = Error> = std::result::Result<T, E>;

fn problem_count(problems: &[Problem]) -> String {
    match problems.len() {
        1 => "1 problem".into(),
        n => format!("{n} problems"),
    }
}
