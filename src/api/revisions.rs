//! Submitting, reading and publishing the revisions of a unit-year.

use actix_web::http::header::{self, EntityTag, Header, IfMatch, IfNoneMatch};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::Caller;
use super::error::ErrorBody;
use super::params::{LatestQuery, RevisionNumber, SubmitQuery, UnitYearPath};
use super::{body, AppState};
use crate::analysis::Finding;
use crate::clock;
use crate::domain::validate::Problem;
use crate::domain::Snapshot;
use crate::error::{Error, Result};
use crate::integrity::Sha256;
use crate::service;
use crate::store::{Precondition, Revision, RevisionMeta, Which};

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

/// Whether `If-None-Match` already names this representation.
fn not_modified(req: &HttpRequest, tag: &EntityTag) -> bool {
    match IfNoneMatch::parse(req) {
        Ok(IfNoneMatch::Any) => true,
        Ok(IfNoneMatch::Items(tags)) => tags.iter().any(|t| t.weak_eq(tag)),
        Err(_) => false,
    }
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

/// The stored canonical JSON, byte for byte, so its SHA-256 equals the `ETag`.
fn document_response(req: &HttpRequest, revision: Revision) -> HttpResponse {
    let meta = &revision.meta;
    let tag = EntityTag::new_strong(meta.hash.to_string());
    if not_modified(req, &tag) {
        return HttpResponse::NotModified().insert_header(header::ETag(tag)).finish();
    }
    let mut response = HttpResponse::Ok();
    response
        .content_type("application/json")
        .insert_header(header::ETag(tag))
        .insert_header(("X-Revision", meta.number.to_string()))
        .insert_header((header::CONTENT_LOCATION, revision_path(&meta.unit, meta.year, meta.number)));
    if let Some(published_at) = &meta.published_at {
        response.insert_header(("X-Published-At", published_at.to_string()));
    }
    response.body(revision.document)
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
        (
            "If-Match" = Option<String>,
            Header,
            nullable = false,
            description = "`*` or the quoted hash of the latest revision you know",
            // `*` or a list of entity tags (RFC 9110 8.8.3): anything else is a 400.
            // No comma inside a tag: the list is split on commas before tags are read.
            pattern = r#"^(\*|(W/)?"[\x21\x23-\x2b\x2d-\x7e]*"( *, *(W/)?"[\x21\x23-\x2b\x2d-\x7e]*")*)$"#
        ),
        SubmitQuery
    ),
    request_body(content = Snapshot, content_type = "application/json"),
    responses(
        (status = 201, description = "Stored as the next revision", body = SubmissionReceipt,
            headers(("Location" = String, description = "Address of the new revision"),
                    ("ETag" = String, description = "Quoted SHA-256 of the canonical document")),
            // What a client does next with the new revision (and what stateful tests follow).
            links(
                ("GetRevision" = (operation_id = "get_revision", parameters(
                    ("unit" = "$request.path.unit"), ("year" = "$request.path.year"),
                    ("n" = "$response.body#/revision/number")))),
                ("PublishRevision" = (operation_id = "publish", parameters(
                    ("unit" = "$request.path.unit"), ("year" = "$request.path.year"),
                    ("n" = "$response.body#/revision/number")))),
                ("CheckRevision" = (operation_id = "checks", parameters(
                    ("unit" = "$request.path.unit"), ("year" = "$request.path.year"),
                    ("revision" = "$response.body#/revision/number"))))
            )),
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
    match state.store.latest(&unit, year, which).await? {
        Some(revision) => Ok(document_response(&req, revision)),
        None if which == Which::LatestPublished => {
            Err(Error::NotFound(format!("a published revision of {unit} {year}")))
        }
        None => Err(Error::NotFound(format!("a revision of {unit} {year}"))),
    }
}

/// Every revision of a unit-year, oldest first: the hash chain and publication history.
#[utoipa::path(
    operation_id = "list_revisions",
    tag = "revisions",
    params(
        UnitYearPath,
    ),
    responses(
        (status = 200, description = "Revisions, oldest first", body = Vec<RevisionMeta>),
        (status = 400, description = "Bad parameter", body = ErrorBody),
        (status = 404, description = "No revision of this unit-year", body = ErrorBody),
        (status = 500, description = "The store failed", body = ErrorBody),
    )
)]
#[get("/units/{unit}/years/{year}/revisions")]
pub async fn list(path: web::Path<UnitYearPath>, state: web::Data<AppState>) -> Result<HttpResponse> {
    let UnitYearPath { unit, year } = path.into_inner();
    let revisions = state.store.revisions(&unit, year).await?;
    if revisions.is_empty() {
        return Err(Error::NotFound(format!("a revision of {unit} {year}")));
    }
    Ok(HttpResponse::Ok().json(revisions))
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
    match state.store.revision(&unit, year, number).await? {
        Some(revision) => Ok(document_response(&req, revision)),
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
