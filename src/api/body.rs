//! Reading a JSON request body: media type first, then a place among the uploads being read,
//! then a hard size limit and a deadline while streaming, so that stalled uploads cannot pile up.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::http::header;
use actix_web::{web, HttpRequest};
use futures_util::StreamExt;

use crate::error::{Error, Result};
use crate::integrity::sha256_hex;

/// The default limit of a request body: 2 MiB.
pub const DEFAULT_LIMIT: usize = 2 * 1024 * 1024;
/// How long reading a body may take by default, in seconds.
pub const DEFAULT_TIMEOUT_SECS: u64 = 30;
/// Bodies read at once by default, in total and per token.
pub const DEFAULT_UPLOADS: usize = 64;
pub const DEFAULT_UPLOADS_PER_TOKEN: usize = 8;

/// The bounds on reading bodies, shared by every worker of a server.
#[derive(Debug)]
pub struct Uploads {
    timeout: Duration,
    total: usize,
    per_token: usize,
    /// Bodies being read: how many in all, and by token (keyed by the hash of its header).
    busy: Mutex<(usize, HashMap<String, usize>)>,
}

impl Default for Uploads {
    fn default() -> Self {
        Uploads::new(Duration::from_secs(DEFAULT_TIMEOUT_SECS), DEFAULT_UPLOADS, DEFAULT_UPLOADS_PER_TOKEN)
    }
}

impl Uploads {
    pub fn new(timeout: Duration, total: usize, per_token: usize) -> Uploads {
        Uploads { timeout, total: total.max(1), per_token: per_token.max(1), busy: Mutex::default() }
    }

    /// A place among the bodies being read, or 429 when all places (or the token's) are taken.
    fn enter(self: &Arc<Self>, req: &HttpRequest) -> Result<Permit> {
        let credential = req.headers().get(header::AUTHORIZATION).map_or(&[][..], |v| v.as_bytes());
        let key = sha256_hex(credential);
        let retry_after = self.timeout.as_secs().max(1);
        let mut busy = self.busy.lock().unwrap_or_else(|e| e.into_inner());
        if busy.0 >= self.total {
            return Err(Error::TooManyUploads { whose: "on this server", retry_after });
        }
        let mine = busy.1.entry(key.clone()).or_default();
        if *mine >= self.per_token {
            return Err(Error::TooManyUploads { whose: "with this token", retry_after });
        }
        *mine += 1;
        busy.0 += 1;
        Ok(Permit { uploads: self.clone(), key })
    }
}

/// A body being read; its place is given back when dropped.
struct Permit {
    uploads: Arc<Uploads>,
    key: String,
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mut busy = self.uploads.busy.lock().unwrap_or_else(|e| e.into_inner());
        busy.0 -= 1;
        if let Some(mine) = busy.1.get_mut(&self.key) {
            *mine -= 1;
            if *mine == 0 {
                busy.1.remove(&self.key);
            }
        }
    }
}

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

/// Returns the raw body of a JSON request, or 415 / 413, 429 when too many bodies are being read
/// (the server's [`Uploads`], if it has one), 408 when the body does not arrive in time.
pub async fn read_json(req: &HttpRequest, payload: web::Payload, limit: usize) -> Result<web::Bytes> {
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
    let uploads = req.app_data::<web::Data<Uploads>>().map(|u| u.clone().into_inner());
    let _permit = uploads.as_ref().map(|u| u.enter(req)).transpose()?;
    let timeout = uploads.map_or(Duration::from_secs(DEFAULT_TIMEOUT_SECS), |u| u.timeout);
    actix_web::rt::time::timeout(timeout, read(payload, limit))
        .await
        .unwrap_or(Err(Error::BodyTimeout { seconds: timeout.as_secs() }))
}

async fn read(mut payload: web::Payload, limit: usize) -> Result<web::Bytes> {
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
