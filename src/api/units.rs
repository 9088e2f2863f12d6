//! The unit registry.

use actix_web::{get, put, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::Caller;
use super::error::ErrorBody;
use super::params::UnitPath;
use super::{body, AppState};
use crate::domain::Unit;
use crate::error::{Error, Result};
use crate::service;
use crate::store::{UnitRecord, YearEntry};

/// A unit with its years, from the index (no document is read).
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitOverview {
    #[serde(flatten)]
    pub record: UnitRecord,
    /// The years with revisions, ascending, with their latest and latest published revision.
    pub years: Vec<YearEntry>,
}

async fn overview(state: &AppState, record: UnitRecord) -> Result<UnitOverview> {
    let years = state.store.years(&record.code()?).await?;
    Ok(UnitOverview { record, years })
}

/// All registered units with their years.
#[utoipa::path(tag = "units", responses((status = 200, description = "Units ordered by code", body = Vec<UnitOverview>), (status = 500, description = "The store failed", body = ErrorBody)))]
#[get("/units")]
pub async fn list(state: web::Data<AppState>) -> Result<HttpResponse> {
    let mut units = Vec::new();
    for record in state.store.units().await? {
        units.push(overview(&state, record).await?);
    }
    Ok(HttpResponse::Ok().json(units))
}

/// One unit with its years and their latest and latest published revisions.
#[utoipa::path(
    tag = "units",
    params(UnitPath),
    responses(
        (status = 200, description = "The unit", body = UnitOverview),
        (status = 400, description = "Bad parameter", body = ErrorBody),
        (status = 404, description = "No such unit", body = ErrorBody),
        (status = 500, description = "The store failed", body = ErrorBody),
    )
)]
#[get("/units/{unit}")]
pub async fn one(path: web::Path<UnitPath>, state: web::Data<AppState>) -> Result<HttpResponse> {
    let unit = &path.unit;
    let record = state.store.unit(unit).await?.ok_or_else(|| Error::NotFound(format!("unit {unit}")))?;
    Ok(HttpResponse::Ok().json(overview(&state, record).await?))
}

/// Create or update a unit's metadata. The body's `code` must be the one in the address.
#[utoipa::path(
    tag = "units",
    params(UnitPath),
    request_body(content = Unit, content_type = "application/json"),
    responses(
        (status = 200, description = "Updated", body = UnitRecord),
        (status = 201, description = "Created", body = UnitRecord),
        (status = 400, description = "Malformed JSON or bad parameter", body = ErrorBody),
        (status = 401, description = "No or unknown token", body = ErrorBody),
        (status = 403, description = "The token may not write this unit", body = ErrorBody),
        (status = 413, description = "Body over the limit", body = ErrorBody),
        (status = 415, description = "Body is not JSON", body = ErrorBody),
        (status = 422, description = "Invalid unit", body = ErrorBody),
        (status = 500, description = "The store failed", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[put("/units/{unit}")]
pub async fn put(
    req: HttpRequest,
    path: web::Path<UnitPath>,
    caller: Caller,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse> {
    let unit = &path.unit;
    caller.may_write(unit)?;
    let body = body::read_json(&req, payload, state.body_limit).await?;
    let (record, created) = service::put_unit(state.store.as_ref(), unit, &body).await?;
    Ok(if created { HttpResponse::Created() } else { HttpResponse::Ok() }.json(record))
}
