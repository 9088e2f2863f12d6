//! HTTP form of the application's errors: `{"error": code, "message": ..., "problems": [...]}`.
//!
//! A 500 answer says nothing internal (no paths, no engine messages): its message quotes the
//! request id, under which the whole cause chain is logged.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use super::trace::current_request_id;
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
            Error::BodyTimeout { .. } => "request_timeout",
            Error::TooManyUploads { .. } => "too_many_uploads",
            Error::Store(_) => "storage_error",
            // The codes 500s had when all but storage failures were one `Io` variant.
            Error::File { .. }
            | Error::Listen { .. }
            | Error::Serialize { .. }
            | Error::Task(_)
            | Error::SiteRebuild { .. }
            | Error::Site(_) => "io_error",
        }
    }

    /// What a 500 may tell the caller: what happened, in words that reveal nothing internal.
    fn public_message(&self) -> String {
        let what = match self {
            Error::Store(_) => "the store failed".to_string(),
            // Says what the caller can do; the cause stays in the log.
            Error::SiteRebuild { .. } => self.to_string(),
            _ => "internal error".to_string(),
        };
        match current_request_id() {
            Some(id) => format!("{what}; reference {id}"),
            None => what,
        }
    }

    fn body(&self) -> ErrorBody {
        let problems = match self {
            Error::Malformed(p) | Error::BadParameter(p) => vec![p.clone()],
            Error::Invalid(problems) => problems.clone(),
            _ => Vec::new(),
        };
        let current_hash = match self {
            Error::Stale { current } => current.as_ref().map(|hash| hash.to_string()),
            _ => None,
        };
        let findings = match self {
            Error::ChecksFailed(findings) => findings.clone(),
            _ => Vec::new(),
        };
        let message = if self.status_code().is_server_error() { self.public_message() } else { self.to_string() };
        ErrorBody { error: self.code(), message, problems, findings, current_hash }
    }
}

/// 405 for `req`, whose path takes only `allowed`: JSON like every error, with `Allow`.
pub fn method_not_allowed(req: &actix_web::HttpRequest, allowed: &[actix_web::http::Method]) -> HttpResponse {
    let allow = allowed.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(", ");
    let message = format!("{} is not allowed on {} (allowed: {allow})", req.method(), req.path());
    let body = ErrorBody {
        error: "method_not_allowed",
        message,
        problems: Vec::new(),
        findings: Vec::new(),
        current_hash: None,
    };
    HttpResponse::MethodNotAllowed().insert_header((header::ALLOW, allow)).json(body)
}

/// For [`actix_web::middleware::ErrorHandlers`]: an error answer that is not JSON (one a library
/// made, e.g. the 412 or 416 of a file) gets the JSON body every error has; status and headers stay.
pub fn as_json<B: actix_web::body::MessageBody>(
    res: actix_web::dev::ServiceResponse<B>,
) -> actix_web::Result<actix_web::middleware::ErrorHandlerResponse<B>> {
    use actix_web::middleware::ErrorHandlerResponse;
    let is_json =
        res.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    // A file's error keeps the file's type (`manifest.json`) but has no body.
    let is_empty = res.response().body().size() == actix_web::body::BodySize::Sized(0);
    if is_json && !is_empty {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let reason = status.canonical_reason().unwrap_or("error");
    let body = ErrorBody {
        error: match status {
            StatusCode::NOT_FOUND => "not_found",
            StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
            StatusCode::PRECONDITION_FAILED => "precondition_failed",
            StatusCode::RANGE_NOT_SATISFIABLE => "range_not_satisfiable",
            s if s.is_server_error() => "internal_error",
            _ => "bad_request",
        },
        message: format!("{} {reason}", status.as_u16()),
        problems: Vec::new(),
        findings: Vec::new(),
        current_hash: None,
    };
    let json = serde_json::to_string(&body).unwrap_or_default();
    let res = res.map_body(|head, _| {
        head.headers.remove(header::CONTENT_LENGTH);
        head.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        actix_web::body::EitherBody::right(actix_web::body::BoxBody::new(json))
    });
    Ok(ErrorHandlerResponse::Response(res))
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
            Error::BodyTimeout { .. } => StatusCode::REQUEST_TIMEOUT,
            Error::TooManyUploads { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::Store(_)
            | Error::File { .. }
            | Error::Listen { .. }
            | Error::Serialize { .. }
            | Error::Task(_)
            | Error::SiteRebuild { .. }
            | Error::Site(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        // With the request's id, which the answer quotes.
        if self.status_code().is_server_error() {
            tracing::error!(id = %super::trace::log_id(), error = %self.chain(), "request failed");
        }
        let mut response = HttpResponse::build(self.status_code());
        if matches!(self, Error::Unauthorized(_)) {
            response.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
        }
        if let Error::TooManyUploads { retry_after, .. } = self {
            response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
        }
        // The rest of an unread body is not waited for: the connection closes after the answer.
        if matches!(self, Error::BodyTimeout { .. } | Error::TooManyUploads { .. }) {
            response.force_close();
        }
        response.json(self.body())
    }
}
