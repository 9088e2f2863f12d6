//! Serving the built site through `public`, the symlink a publication flips. Each request
//! resolves the link anew, so it is answered from one whole generation, the current one or the
//! one before (kept until the next flip). A file is read once per generation and then served
//! from memory with its variants: `<file>.br` and `<file>.gz` written beside it at build time, or
//! gzip made on the first read. Its strong `ETag` is its SHA-256, the hash the manifest lists.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use actix_files::{NamedFile, PathBufWrap};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::Method;
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use bytes::Bytes;

use super::encoding::{self, Coding};
use super::error::ErrorBody;
use super::AppState;
use crate::bounded::Bounded;
use crate::domain::validate::Problem;
use crate::error::Error;
use crate::integrity::sha256_hex;

/// A file of one generation as served: its bodies per coding, identity first.
pub struct SiteFile {
    bodies: Vec<(Coding, Bytes)>,
    /// SHA-256 of the identity body.
    hash: String,
    /// The `ETag` of each body, made once (in the order of `bodies`).
    etags: Vec<HeaderValue>,
    content_type: HeaderValue,
    cache_control: &'static str,
}

/// The files read so far, by generation folder and request path, within a byte budget.
pub struct Files(Bounded<(PathBuf, String), SiteFile>);

impl Files {
    pub fn new(budget: usize) -> Files {
        Files(Bounded::new(budget))
    }

    /// Bytes held, as counted against the budget.
    pub fn bytes(&self) -> usize {
        self.0.bytes()
    }
}

/// What the path of a file says of its future: a revision's own folder `/<unit>/<year>/r<n>/`
/// never changes once written; every other address shows the latest and may.
pub fn cache_control(path: &str) -> &'static str {
    match crate::site::sealed::sealed_folder(path.trim_start_matches('/')) {
        Some(_) => "public, max-age=31536000, immutable",
        None => "no-cache",
    }
}

/// Files larger than this are streamed from disk, not held in memory.
const LARGEST_IN_MEMORY: u64 = 8 << 20;

/// Types whose files gzip well when no precompressed variant was written.
fn compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || ["json", "javascript", "xml", "svg"].iter().any(|kind| content_type.contains(kind))
}

fn content_type(path: &Path) -> HeaderValue {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let mime = actix_files::file_extension_to_mime(ext);
    let text = mime.type_() == "text" || ["json", "javascript"].contains(&mime.subtype().as_str());
    let value =
        if text && mime.get_param("charset").is_none() { format!("{mime}; charset=utf-8") } else { mime.to_string() };
    HeaderValue::from_str(&value).expect("a mime type is a valid header value")
}

/// Reads a file and its precompressed variants (blocking).
fn read(path: &Path, request_path: &str) -> std::io::Result<SiteFile> {
    let identity = std::fs::read(path)?;
    let content_type = content_type(path);
    let mut bodies = vec![(Coding::Identity, Bytes::from(identity))];
    for (coding, suffix) in [(Coding::Br, "br"), (Coding::Gzip, "gz")] {
        let mut variant = path.as_os_str().to_owned();
        variant.push(format!(".{suffix}"));
        if let Ok(bytes) = std::fs::read(&variant) {
            bodies.push((coding, Bytes::from(bytes)));
        }
    }
    if !bodies.iter().any(|(c, _)| *c == Coding::Gzip) && compressible(content_type.to_str().unwrap_or("")) {
        let gzipped = encoding::gzip(&bodies[0].1);
        // A small file can come out larger: then it goes as it is.
        if gzipped.len() < bodies[0].1.len() {
            bodies.push((Coding::Gzip, Bytes::from(gzipped)));
        }
    }
    let hash = sha256_hex(&bodies[0].1);
    let etags = bodies
        .iter()
        .map(|(coding, _)| HeaderValue::from_str(&coding.tag(&hash).to_string()).expect("hex is a valid header value"))
        .collect();
    Ok(SiteFile { bodies, hash, etags, content_type, cache_control: cache_control(request_path) })
}

fn respond(req: &HttpRequest, file: &SiteFile) -> HttpResponse {
    let offered: Vec<Coding> = file.bodies.iter().map(|(c, _)| *c).collect();
    let coding = encoding::choose(req, &offered);
    let chosen = offered.iter().position(|c| *c == coding).unwrap_or(0);
    let unchanged = encoding::not_modified(req, &file.hash);
    let mut response = if unchanged { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    response
        .insert_header((header::ETAG, file.etags[chosen].clone()))
        .insert_header((header::CACHE_CONTROL, file.cache_control));
    if file.bodies.len() > 1 {
        response.insert_header(encoding::VARY);
    }
    if unchanged {
        return response.finish();
    }
    response.insert_header((header::CONTENT_TYPE, file.content_type.clone()));
    if coding != Coding::Identity {
        response.insert_header((header::CONTENT_ENCODING, coding.name()));
    }
    response.body(file.bodies[chosen].1.clone())
}

fn method_not_allowed(req: &HttpRequest) -> HttpResponse {
    let body = ErrorBody {
        error: "method_not_allowed",
        message: format!("{} is not allowed on the site; use GET or HEAD", req.method()),
        problems: Vec::new(),
        findings: Vec::new(),
        current_hash: None,
    };
    HttpResponse::MethodNotAllowed().insert_header((header::ALLOW, "GET, HEAD")).json(body)
}

/// The file of the site at the request's path (a folder's `index.html`; a folder named without
/// its trailing `/` is redirected to it), or JSON 404 / 405.
pub async fn file(public: PathBuf, req: HttpRequest) -> Result<HttpResponse, Error> {
    req.extensions_mut().insert(super::trace::Route("(site)"));
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Ok(method_not_allowed(&req));
    }
    // The generation `public` points at now; read through it, so that what is kept under its
    // name is its file even if the link flips meanwhile.
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let generation = match state.as_ref().and_then(|s| s.site.as_ref()) {
        Some(site) => site.current_generation(),
        None => match std::fs::read_link(&public) {
            Ok(target) => public.parent().map_or(target.clone(), |root| root.join(target)),
            Err(_) => public,
        },
    };
    let key = (generation, req.path().to_string());
    // Ranges and `If-Match` are rare: actix-files answers them (206, 416, 412) from the file.
    let from_disk =
        [header::RANGE, header::IF_MATCH, header::IF_UNMODIFIED_SINCE].iter().any(|h| req.headers().contains_key(h));
    if let Some(file) = state.as_ref().filter(|_| !from_disk).and_then(|s| s.files.0.get(&key)) {
        return Ok(respond(&req, &file));
    }
    let not_found = || Error::NotFound(format!("{} {}", req.method(), req.path()));
    let relative = PathBufWrap::parse_path(req.path(), false)
        .map_err(|e| Error::BadParameter(Problem::new("", format!("not a path of the site: {e}"))))?;
    let mut path = key.0.join(relative.as_ref());
    if path.is_dir() {
        if !req.path().ends_with('/') {
            let location = format!("{}/", req.path());
            return Ok(HttpResponse::TemporaryRedirect().insert_header((header::LOCATION, location)).finish());
        }
        path.push("index.html");
    }
    let size = std::fs::metadata(&path).map_err(|_| not_found())?.len();
    if from_disk || size > LARGEST_IN_MEMORY {
        let file = NamedFile::open_async(&path).await.map_err(|_| not_found())?;
        return Ok(file.into_response(&req));
    }
    let generation = state.as_ref().map_or(0, |s| s.files.0.generation());
    let request_path = key.1.clone();
    let file = web::block(move || read(&path, &request_path)).await.map_err(|_| not_found())?;
    let file = Arc::new(file.map_err(|_| not_found())?);
    if let Some(state) = state {
        let weight = file.bodies.iter().map(|(_, b)| b.len()).sum::<usize>() + 256;
        state.files.0.insert(key, file.clone(), weight, generation);
    }
    Ok(respond(&req, &file))
}

#[cfg(test)]
mod tests {
    use super::cache_control;

    #[test]
    fn only_a_revisions_own_folder_is_immutable() {
        let immutable = "public, max-age=31536000, immutable";
        assert_eq!(cache_control("/quwo-eco-env/2021/r3/"), immutable);
        assert_eq!(cache_control("/quwo-eco-env/2021/r3/budget.csv"), immutable);
        assert_eq!(cache_control("/quwo-eco-env/2021/r3/snapshot.json"), immutable);
        for latest in ["/", "/quwo-eco-env/", "/quwo-eco-env/2021/", "/manifest.json", "/quwo-eco-env/2021/rx/"] {
            assert_eq!(cache_control(latest), "no-cache", "{latest}");
        }
    }
}
