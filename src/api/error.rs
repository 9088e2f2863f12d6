//! HTTP form of the application's errors: `{"error": code, "message": ..., "problems": [...]}`.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::analysis::Finding;
use crate::domain::validate::Problem;
use crate::error::Error;

/// Every error response has this shape.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// Machine-readable code, e.g. `invalid_document`.
    #[schema(example = "invalid_document")]
    pub error: &'static str,
    /// What went wrong, for people.
    pub message: String,
    /// Each problem with the JSON pointer of the value at fault.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
    /// For `checks_failed`: what the audit found.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
    /// For `stale_revision`: the hash of the latest revision now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_hash: Option<String>,
}

impl Error {
    fn code(&self) -> &'static str {
        match self {
            Error::Malformed(_) => "malformed_json",
            Error::Invalid(_) => "invalid_document",
            Error::ChecksFailed(_) => "checks_failed",
            Error::BadParameter(_) => "invalid_parameter",
            Error::Unauthorized(_) => "unauthorized",
            Error::Forbidden(_) => "forbidden",
            Error::NotFound(_) => "not_found",
            Error::Stale { .. } => "stale_revision",
            Error::PayloadTooLarge { .. } => "payload_too_large",
            Error::UnsupportedMediaType(_) => "unsupported_media_type",
            Error::Store(_) => "storage_error",
            Error::Io(_) => "io_error",
        }
    }

    fn body(&self) -> ErrorBody {
        let problems = match self {
            Error::Malformed(p) | Error::BadParameter(p) => vec![p.clone()],
            Error::Invalid(problems) => problems.clone(),
            _ => Vec::new(),
        };
        let current_hash = match self {
            Error::Stale { current } => current.clone(),
            _ => None,
        };
        let findings = match self {
            Error::ChecksFailed(findings) => findings.clone(),
            _ => Vec::new(),
        };
        // Storage details stay in the log, not in the answer.
        let message = match self {
            Error::Store(_) => "the store failed; the error was logged".to_string(),
            other => other.to_string(),
        };
        ErrorBody { error: self.code(), message, problems, findings, current_hash }
    }
}

impl ResponseError for Error {
    fn status_code(&self) -> StatusCode {
        match self {
            Error::Malformed(_) | Error::BadParameter(_) => StatusCode::BAD_REQUEST,
            Error::Invalid(_) | Error::ChecksFailed(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Error::Forbidden(_) => StatusCode::FORBIDDEN,
            Error::NotFound(_) => StatusCode::NOT_FOUND,
            Error::Stale { .. } => StatusCode::PRECONDITION_FAILED,
            Error::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Error::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Error::Io(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Error::Store(e) = self {
            tracing::error!(error = %e, "storage failure");
        }
        let mut response = HttpResponse::build(self.status_code());
        if matches!(self, Error::Unauthorized(_)) {
            response.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
        }
        response.json(self.body())
    }
}
