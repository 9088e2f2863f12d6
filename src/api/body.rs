//! Reading a JSON request body: media type first, then a hard size limit while streaming.

use actix_web::http::header;
use actix_web::{web, HttpRequest};
use futures_util::StreamExt;

use crate::error::{Error, Result};

/// The default limit of a request body: 2 MiB.
pub const DEFAULT_LIMIT: usize = 2 * 1024 * 1024;

fn is_json(req: &HttpRequest) -> bool {
    let Some(value) = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Whether the body is sent as is: no `Content-Encoding`, or only `identity` (the server decodes
/// none, so a compressed body would be read as if it were JSON).
fn is_identity(req: &HttpRequest) -> bool {
    req.headers().get_all(header::CONTENT_ENCODING).all(|value| {
        value.to_str().is_ok_and(|v| v.split(',').all(|coding| coding.trim().eq_ignore_ascii_case("identity")))
    })
}

/// Returns the raw body of a JSON request, or 415 / 413.
pub async fn read_json(req: &HttpRequest, mut payload: web::Payload, limit: usize) -> Result<web::Bytes> {
    if !is_json(req) {
        return Err(Error::UnsupportedMediaType("the body must be JSON (Content-Type: application/json)".into()));
    }
    if !is_identity(req) {
        return Err(Error::UnsupportedMediaType(
            "the body must not be encoded (no Content-Encoding but identity)".into(),
        ));
    }
    let declared =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return Err(Error::PayloadTooLarge { limit });
    }
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| Error::Malformed(crate::domain::validate::Problem::new("", e.to_string())))?;
        if body.len() + chunk.len() > limit {
            return Err(Error::PayloadTooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}
