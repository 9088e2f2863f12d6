//! Serving the built site through `public`, the symlink a publication flips: each request
//! resolves it anew, so it is answered from one whole generation, the current one or the one
//! before (kept until the next flip). actix-files' `Files` resolves its folder once, at start.

use std::path::PathBuf;

use actix_files::{NamedFile, PathBufWrap};
use actix_web::http::{header, Method};
use actix_web::{HttpRequest, HttpResponse};

use super::error::ErrorBody;
use crate::domain::validate::Problem;
use crate::error::Error;

/// The file of the site at the request's path (a folder's `index.html`; a folder named without
/// its trailing `/` is redirected to it), or JSON 404 / 405.
pub async fn file(public: PathBuf, req: HttpRequest) -> Result<HttpResponse, Error> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let body = ErrorBody {
            error: "method_not_allowed",
            message: format!("{} is not allowed on the site; use GET or HEAD", req.method()),
            problems: Vec::new(),
            findings: Vec::new(),
            current_hash: None,
        };
        return Ok(HttpResponse::MethodNotAllowed().insert_header((header::ALLOW, "GET, HEAD")).json(body));
    }
    let not_found = || Error::NotFound(format!("{} {}", req.method(), req.path()));
    let relative = PathBufWrap::parse_path(req.path(), false)
        .map_err(|e| Error::BadParameter(Problem::new("", format!("not a path of the site: {e}"))))?;
    let mut path = public.join(relative.as_ref());
    if path.is_dir() {
        if !req.path().ends_with('/') {
            let location = format!("{}/", req.path());
            return Ok(HttpResponse::TemporaryRedirect().insert_header((header::LOCATION, location)).finish());
        }
        path.push("index.html");
    }
    let file = NamedFile::open_async(&path).await.map_err(|_| not_found())?;
    Ok(file.into_response(&req))
}
