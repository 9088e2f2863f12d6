//! The unit registry.

use actix_web::{get, put, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::openapi::schema::{AdditionalProperties, ArrayBuilder, Object, ObjectBuilder, Type};
use utoipa::openapi::{Ref, RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use super::auth::Caller;
use super::error::ErrorBody;
use super::params::{self, UnitPath, UnitsPage};
use super::{body, pages, AppState};
use crate::clock::Timestamp;
use crate::domain::Unit;
use crate::error::{Error, Result};
use crate::service;
use crate::store::{UnitRecord, YearEntry};

/// A unit with its years, from the index (no document is read).
#[derive(Debug, Serialize)]
pub struct UnitOverview {
    #[serde(flatten)]
    pub record: UnitRecord,
    /// The years with revisions, ascending, with their latest and latest published revision.
    pub years: Vec<YearEntry>,
}

// The wire form of a registry answer is one flat object (`Unit`'s members, the record's times,
// the years): serde flattens the structs. utoipa would describe that as `allOf` of the parts, and
// `Unit` is closed (`additionalProperties: false`), which forbids the other parts' members. So
// the answers get schemas of their own: the members of every part, merged into one closed object.

/// The objects a schema is made of: itself, or the parts of an `allOf`, with the references to
/// the flattened structs (`Unit`, `UnitRecord`) resolved.
fn parts(schema: RefOr<Schema>) -> Vec<Object> {
    match schema {
        RefOr::Ref(reference) => match reference.ref_location.rsplit('/').next() {
            Some("Unit") => parts(Unit::schema()),
            Some("UnitRecord") => parts(UnitRecord::schema()),
            other => panic!("no flattened schema {other:?}"),
        },
        RefOr::T(Schema::AllOf(all)) => all.items.into_iter().flat_map(parts).collect(),
        RefOr::T(Schema::Object(object)) => vec![object],
        RefOr::T(_) => panic!("a flattened part is not an object"),
    }
}

/// One closed object with the members of `schema`'s parts and `extra`.
fn merged(schema: RefOr<Schema>, extra: Vec<Object>, description: &str) -> RefOr<Schema> {
    let mut object = ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(description))
        .additional_properties(Some(AdditionalProperties::<Schema>::FreeForm(false)));
    for part in parts(schema).into_iter().chain(extra) {
        for (name, property) in part.properties {
            object = object.property(name, property);
        }
        for name in part.required {
            object = object.required(name);
        }
    }
    RefOr::T(Schema::Object(object.build()))
}

fn record_schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
    schemas.push((Timestamp::name().into(), Timestamp::schema()));
    Timestamp::schemas(schemas);
}

/// The schema of a [`UnitRecord`] answer (`PUT /units/{unit}`).
pub struct UnitRecordBody;

impl PartialSchema for UnitRecordBody {
    fn schema() -> RefOr<Schema> {
        merged(
            UnitRecord::schema(),
            Vec::new(),
            "A registered unit: its metadata and when it was registered and last changed.",
        )
    }
}

impl ToSchema for UnitRecordBody {
    fn name() -> std::borrow::Cow<'static, str> {
        "UnitRecord".into()
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        record_schemas(schemas);
    }
}

impl PartialSchema for UnitOverview {
    fn schema() -> RefOr<Schema> {
        let years = ArrayBuilder::new()
            .items(Ref::from_schema_name(YearEntry::name()))
            .description(Some("The years with revisions, ascending, with their latest and latest published revision."));
        let years = ObjectBuilder::new().property("years", years).required("years").build();
        merged(UnitRecord::schema(), vec![years], "A unit with its years, from the index (no document is read).")
    }
}

impl ToSchema for UnitOverview {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        record_schemas(schemas);
        schemas.push((YearEntry::name().into(), YearEntry::schema()));
        YearEntry::schemas(schemas);
    }
}

async fn overview(state: &AppState, record: UnitRecord) -> Result<UnitOverview> {
    let years = state.store.years(&record.code()?).await?;
    Ok(UnitOverview { record, years })
}

/// The registered units with their years, ordered by code, a page at a time (`limit`, 100 by
/// default); `Link: <...>; rel="next"` names the next page.
#[utoipa::path(
    operation_id = "list_units",
    tag = "units",
    params(UnitsPage),
    responses(
        (status = 200, description = "Units ordered by code", body = Vec<UnitOverview>,
            headers(("Link" = Option<String>, description = "`<address of the next page>; rel=\"next\"` while there is one"))),
        (status = 400, description = "Bad parameter", body = ErrorBody),
        (status = 500, description = "The store failed", body = ErrorBody),
    )
)]
#[get("/units")]
pub async fn list(req: HttpRequest, query: web::Query<UnitsPage>, state: web::Data<AppState>) -> Result<HttpResponse> {
    let limit = params::page_limit(query.limit)?;
    let after = params::page_after_unit(query.after.as_deref())?;
    let mut units = Vec::new();
    for record in state.store.units_page(after.as_ref(), limit + 1).await? {
        units.push(overview(&state, record).await?);
    }
    Ok(pages::respond(&req, units, limit, |unit| unit.record.unit.code.to_string()))
}

/// One unit with its years and their latest and latest published revisions.
#[utoipa::path(
    operation_id = "get_unit",
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
        (status = 200, description = "Updated", body = UnitRecordBody),
        (status = 201, description = "Created", body = UnitRecordBody),
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
