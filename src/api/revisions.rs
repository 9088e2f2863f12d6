//! Submitting, reading and publishing the revisions of a unit-year.

use actix_web::http::header::{self, EntityTag, Header, IfMatch};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::Caller;
use super::encoding::{self, Coding};
use super::error::ErrorBody;
use super::params::{self, LatestQuery, RevisionNumber, RevisionsPage, SubmitQuery, UnitYearPath};
use super::{body, pages, AppState};
use crate::analysis::Finding;
use crate::clock;
use crate::domain::validate::Problem;
use crate::domain::Snapshot;
use crate::error::{Error, Result};
use crate::integrity::Sha256;
use crate::service;
use crate::store::{At, Document, Precondition, RevisionMeta, Which};

/// What `POST .../revisions` answers.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubmissionReceipt {
    pub revision: RevisionMeta,
    /// What the audit checks found (warnings: they did not stop the write).
    pub findings: Vec<Finding>,
}

pub fn revision_path(unit: &str, year: u16, number: u32) -> String {
    format!("/api/v1/units/{unit}/years/{year}/revisions/{number}")
}

/// What `If-Match` asks of the latest revision, if anything.
fn precondition(req: &HttpRequest) -> Result<Option<Precondition>> {
    if !req.headers().contains_key(header::IF_MATCH) {
        return Ok(None);
    }
    let bad = || Error::BadParameter(Problem::new("", "If-Match must be `*` or quoted revision hashes"));
    match IfMatch::parse(req).map_err(|_| bad())? {
        IfMatch::Any => Ok(Some(Precondition::Exists)),
        // If-Match compares strongly (RFC 9110 13.1.1): a weak tag never matches.
        IfMatch::Items(tags) if tags.is_empty() => Err(bad()),
        IfMatch::Items(tags) => {
            // A tag that is no SHA-256 names no revision: it can never match.
            let strong = tags.iter().filter(|t| !t.weak).filter_map(|t| Sha256::parse(t.tag()).ok());
            Ok(Some(Precondition::AnyOf(strong.collect())))
        }
    }
}

/// How long a cache may keep a document without asking again.
fn cache_control(at: At) -> &'static str {
    match at {
        // A revision's document never changes once stored.
        At::Number(_) => "public, max-age=31536000, immutable",
        // The latest changes with the next revision or publication: revalidate (a cheap 304).
        At::Which(_) => "no-cache",
    }
}

/// The stored canonical JSON, byte for byte, so its SHA-256 equals the `ETag`; gzipped (with a
/// tag of its own) when the request accepts it.
fn document_response(req: &HttpRequest, state: &AppState, document: &Document, at: At) -> HttpResponse {
    let meta = &document.meta;
    let hash = meta.hash.as_str();
    let coding = encoding::choose(req, &[Coding::Gzip]);
    let unchanged = encoding::not_modified(req, hash);
    let mut response = if unchanged { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    response
        .insert_header(header::ETag(coding.tag(hash)))
        .insert_header(encoding::VARY)
        .insert_header((header::CACHE_CONTROL, cache_control(at)));
    if unchanged {
        return response.finish();
    }
    response
        .content_type("application/json")
        .insert_header(("X-Revision", meta.number.to_string()))
        .insert_header((header::CONTENT_LOCATION, revision_path(&meta.unit, meta.year, meta.number)));
    if let Some(published_at) = &meta.published_at {
        response.insert_header(("X-Published-At", published_at.to_string()));
    }
    match coding {
        Coding::Identity => response.body(document.body.clone()),
        coding => {
            response.insert_header((header::CONTENT_ENCODING, coding.name()));
            response.body(state.gzipped(&meta.hash, &document.body))
        }
    }
}

/// Submit a snapshot as the next revision of a unit-year.
///
/// The body is the whole report of the unit for the year. It is validated (every problem is
/// reported at once, with its JSON pointer), canonicalized (RFC 8785) and hashed (SHA-256), and
/// stored durably as revision n+1 before the answer. The first revision of an unknown unit
/// registers the unit. Send `If-Match` with the hash you based your changes on to be told (412)
/// instead of overwriting someone else's newer revision. The audit checks run on the way in: their
/// findings come back with the receipt, and refuse the write with `?strict=true`.
#[utoipa::path(
    tag = "revisions",
    params(
        UnitYearPath,
        ("If-Match" = Option<String>, Header, description = "`*` or the quoted hash of the latest revision you know"),
        SubmitQuery
    ),
    request_body(content = Snapshot, content_type = "application/json"),
    responses(
        (status = 201, description = "Stored as the next revision", body = SubmissionReceipt,
            headers(("Location" = String, description = "Address of the new revision"),
                    ("ETag" = String, description = "Quoted SHA-256 of the canonical document"))),
        (status = 400, description = "Malformed JSON or bad parameter", body = ErrorBody),
        (status = 401, description = "No or unknown token", body = ErrorBody),
        (status = 403, description = "The token may not write this unit", body = ErrorBody),
        (status = 412, description = "If-Match does not name the latest revision", body = ErrorBody),
        (status = 413, description = "Body over the limit", body = ErrorBody),
        (status = 415, description = "Body is not JSON", body = ErrorBody),
        (status = 422, description = "Invalid snapshot, it names another unit or year, or (strict) the audit failed", body = ErrorBody),
        (status = 500, description = "The store failed", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/units/{unit}/years/{year}/revisions")]
pub async fn submit(
    req: HttpRequest,
    path: web::Path<UnitYearPath>,
    query: web::Query<SubmitQuery>,
    caller: Caller,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse> {
    let UnitYearPath { unit, year } = path.into_inner();
    caller.may_write(&unit)?;
    let precondition = precondition(&req)?;
    let query = query.into_inner();
    let note = service::check_note(query.note)?;
    let body = body::read_json(&req, payload, state.body_limit).await?;
    let snapshot = service::parse_submission(&body, &unit, year)?;
    let submission = service::Submission { note, precondition, strict: query.strict, publish: false };
    let (meta, findings) = service::submit(state.store.as_ref(), snapshot, submission).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, revision_path(&unit, year, meta.number)))
        .insert_header(header::ETag(EntityTag::new_strong(meta.hash.to_string())))
        .json(SubmissionReceipt { revision: meta, findings }))
}

/// The latest revision of a unit-year (or the latest published one).
///
/// The body is the stored canonical document; `sha256sum` of it equals the `ETag`.
#[utoipa::path(
    tag = "revisions",
    params(
        UnitYearPath,
        ("If-None-Match" = Option<String>, Header, description = "A quoted hash you already have"),
        LatestQuery
    ),
    responses(
        (status = 200, description = "The snapshot as stored", body = Snapshot,
            headers(("ETag" = String, description = "Quoted SHA-256 of this body"),
                    ("X-Revision" = u32, description = "Revision number"),
                    ("Content-Location" = String, description = "Permanent address of this revision"),
                    ("X-Published-At" = Option<String>, description = "When it was published, if it was"))),
        (status = 304, description = "Not modified since the `If-None-Match` hash"),
        (status = 400, description = "Bad parameter", body = ErrorBody),
        (status = 404, description = "No (published) revision", body = ErrorBody),
        (status = 500, description = "The store failed", body = ErrorBody),
    )
)]
#[get("/units/{unit}/years/{year}")]
pub async fn latest(
    req: HttpRequest,
    path: web::Path<UnitYearPath>,
    query: web::Query<LatestQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse> {
    let UnitYearPath { unit, year } = path.into_inner();
    let which = Which::published_if(query.published);
    let at = At::Which(which);
    match state.store.document(&unit, year, at).await? {
        Some(document) => Ok(document_response(&req, &state, &document, at)),
        None if which == Which::LatestPublished => {
            Err(Error::NotFound(format!("a published revision of {unit} {year}")))
        }
        None => Err(Error::NotFound(format!("a revision of {unit} {year}"))),
    }
}

/// The revisions of a unit-year, oldest first: the hash chain and publication history, a page at
/// a time (`limit`, 100 by default); `Link: <...>; rel="next"` names the next page.
#[utoipa::path(
    operation_id = "list_revisions",
    tag = "revisions",
    params(
        UnitYearPath,
        RevisionsPage,
    ),
    responses(
        (status = 200, description = "Revisions, oldest first", body = Vec<RevisionMeta>,
            headers(("Link" = Option<String>, description = "`<address of the next page>; rel=\"next\"` while there is one"))),
        (status = 400, description = "Bad parameter", body = ErrorBody),
        (status = 404, description = "No revision of this unit-year", body = ErrorBody),
        (status = 500, description = "The store failed", body = ErrorBody),
    )
)]
#[get("/units/{unit}/years/{year}/revisions")]
pub async fn list(
    req: HttpRequest,
    path: web::Path<UnitYearPath>,
    query: web::Query<RevisionsPage>,
    state: web::Data<AppState>,
) -> Result<HttpResponse> {
    let UnitYearPath { unit, year } = path.into_inner();
    let limit = params::page_limit(query.limit)?;
    let after = query.after.unwrap_or(0);
    let revisions = state.store.revisions_page(&unit, year, after, limit + 1).await?;
    if revisions.is_empty() && (after == 0 || state.store.revisions_page(&unit, year, 0, 1).await?.is_empty()) {
        return Err(Error::NotFound(format!("a revision of {unit} {year}")));
    }
    Ok(pages::respond(&req, revisions, limit, |meta| meta.number.to_string()))
}

/// One revision, by number, as stored (its body hashes to its `ETag`).
#[utoipa::path(
    operation_id = "get_revision",
    tag = "revisions",
    params(
        UnitYearPath,
        RevisionNumber,
        ("If-None-Match" = Option<String>, Header, description = "A quoted hash you already have"),
    ),
    responses(
        (status = 200, description = "The snapshot as stored", body = Snapshot,
            headers(("ETag" = String, description = "Quoted SHA-256 of this body"),
                    ("X-Revision" = u32, description = "Revision number"),
                    ("X-Published-At" = Option<String>, description = "When it was published, if it was"))),
        (status = 304, description = "Not modified since the `If-None-Match` hash"),
        (status = 400, description = "Bad parameter", body = ErrorBody),
        (status = 404, description = "No such revision", body = ErrorBody),
        (status = 500, description = "The store failed", body = ErrorBody),
    )
)]
#[get("/units/{unit}/years/{year}/revisions/{n}")]
pub async fn one(
    req: HttpRequest,
    path: web::Path<UnitYearPath>,
    revision: web::Path<RevisionNumber>,
    state: web::Data<AppState>,
) -> Result<HttpResponse> {
    let (UnitYearPath { unit, year }, number) = (path.into_inner(), revision.number);
    let at = At::Number(number);
    match state.store.document(&unit, year, at).await? {
        Some(document) => Ok(document_response(&req, &state, &document, at)),
        None => Err(Error::NotFound(format!("revision {number} of {unit} {year}"))),
    }
}

/// Publish (disclose) a revision. The latest published revision is what the public sees.
/// Publishing is idempotent: publishing again keeps the first publication time. When the server
/// serves the disclosure site, the pages this affects are rebuilt before the answer.
#[utoipa::path(
    tag = "revisions",
    params(
        UnitYearPath,
        RevisionNumber,
    ),
    responses(
        (status = 200, description = "The revision, now published", body = RevisionMeta),
        (status = 400, description = "Bad parameter", body = ErrorBody),
        (status = 401, description = "No or unknown token", body = ErrorBody),
        (status = 403, description = "The token may not write this unit", body = ErrorBody),
        (status = 404, description = "No such revision", body = ErrorBody),
        (status = 500, description = "The store failed", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/units/{unit}/years/{year}/revisions/{n}/publish")]
pub async fn publish(
    path: web::Path<UnitYearPath>,
    revision: web::Path<RevisionNumber>,
    caller: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse> {
    let (UnitYearPath { unit, year }, number) = (path.into_inner(), revision.number);
    caller.may_write(&unit)?;
    let meta = state.store.publish(&unit, year, number, clock::now()).await?;
    // The public site shows the publication before this call returns.
    if let Some(site) = &state.site {
        let rebuilt = site.rebuild_unit(state.store.as_ref(), &unit).await;
        rebuilt.map_err(|source| Error::SiteRebuild { number, source })?;
    }
    Ok(HttpResponse::Ok().json(meta))
}
