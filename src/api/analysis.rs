//! What the reports say when recomputed and compared: comparison, execution, targets, checks.

use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::error::ErrorBody;
use super::params::{ChecksQuery, ComparisonQuery, LatestQuery, TargetsQuery, UnitPath, UnitYearPath};
use super::AppState;
use crate::analysis::{self, Comparison, Execution, Finding, Severity, TargetReport};
use crate::domain::validate::Problem;
use crate::domain::UnitCode;
use crate::error::{Error, Result};
use crate::integrity::Sha256;
use crate::service;
use crate::store::Which;

/// Year-over-year comparison of two stored snapshots of a unit, line by line.
///
/// Each line gives both figures, the signed change, its direction and the percent change (2
/// decimals, half away from zero). A line only one year has says so; nothing is invented. The
/// later report's prior-year column fills in a missing earlier snapshot and flags restatements.
#[utoipa::path(
    tag = "analysis",
    params(UnitPath, ComparisonQuery),
    responses(
        (status = 200, description = "The comparison", body = Comparison),
        (status = 400, description = "Bad parameter", body = ErrorBody),
        (status = 404, description = "A year is not stored", body = ErrorBody),
        (status = 500, description = "The store failed", body = ErrorBody),
    )
)]
#[get("/units/{unit}/comparison")]
pub async fn comparison(
    path: web::Path<UnitPath>,
    query: web::Query<ComparisonQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse> {
    let unit = &path.unit;
    let (from, to) = (query.from, query.to);
    if from >= to {
        return Err(Error::BadParameter(Problem::new("", "query parameter `from` must be a year before `to`")));
    }
    let (store, which) = (state.store.as_ref(), Which::published_if(query.published));
    let (later, _) = service::load(store, unit, to, which)
        .await?
        .ok_or_else(|| Error::NotFound(format!("a revision of {unit} {to}")))?;
    let earlier = service::load(store, unit, from, which).await?.map(|(s, _)| s);
    let comparison = analysis::compare(from, earlier.as_ref(), &later);
    if comparison.lines.iter().all(|l| l.from.is_none()) && earlier.is_none() {
        return Err(Error::NotFound(format!("a revision of {unit} {from}")));
    }
    Ok(HttpResponse::Ok().json(comparison))
}

/// Budget against final accounts: difference and execution rate, with the report's explanations.
#[utoipa::path(
    tag = "analysis",
    params(
        UnitYearPath,
        LatestQuery
    ),
    responses(
        (status = 200, description = "Budget execution", body = Execution),
        (status = 400, description = "Bad parameter", body = ErrorBody),
        (status = 404, description = "No such revision", body = ErrorBody),
        (status = 500, description = "The store failed", body = ErrorBody),
    )
)]
#[get("/units/{unit}/years/{year}/execution")]
pub async fn execution(
    path: web::Path<UnitYearPath>,
    query: web::Query<LatestQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse> {
    let UnitYearPath { unit, year } = path.into_inner();
    let (snapshot, _) = service::load(state.store.as_ref(), &unit, year, Which::published_if(query.published))
        .await?
        .ok_or_else(|| Error::NotFound(format!("a revision of {unit} {year}")))?;
    Ok(HttpResponse::Ok().json(analysis::execution(&snapshot)))
}

/// Progress to every target of the unit as of a year: met, not yet met, missed, or no data.
///
/// Water-quality classes compare as ordered classes (I best, 劣V worst), ranks as ranks.
#[utoipa::path(
    tag = "analysis",
    params(UnitPath, TargetsQuery),
    responses(
        (status = 200, description = "Targets and their status", body = TargetReport),
        (status = 400, description = "Bad parameter", body = ErrorBody),
        (status = 404, description = "No such unit or no year stored", body = ErrorBody),
        (status = 500, description = "The store failed", body = ErrorBody),
    )
)]
#[get("/units/{unit}/targets")]
pub async fn targets(
    path: web::Path<UnitPath>,
    query: web::Query<TargetsQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse> {
    let unit = &path.unit;
    let store = state.store.as_ref();
    let years = store.years(unit).await?;
    let latest = years.last().map(|y| y.year).ok_or_else(|| Error::NotFound(format!("a revision of {unit}")))?;
    let as_of = query.as_of.unwrap_or(latest);
    let snapshots = service::load_years(store, unit, as_of, Which::published_if(query.published)).await?;
    Ok(HttpResponse::Ok().json(analysis::progress(unit, &snapshots, as_of)))
}

/// The audit of one revision.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckReport {
    pub unit: UnitCode,
    pub year: u16,
    /// The revision checked.
    pub revision: u32,
    /// Its hash.
    pub hash: Sha256,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    pub findings: Vec<Finding>,
}

/// Audit checks: every figure the report states, recomputed, with each disagreement.
///
/// Totals against their parts (shared estimates counted once; unknowns make a sum "at least"),
/// stated changes and directions against their figures, percentages within the report's
/// rounding, counts against the items listed, the grade against the score and the report's
/// grade bands (the national bands when it states none), indicator weights, the
/// self-evaluation table, the parts every disclosure must contain, and prior-year figures
/// against the stored snapshot of that year.
#[utoipa::path(
    tag = "analysis",
    params(
        UnitYearPath,
        ChecksQuery
    ),
    responses(
        (status = 200, description = "The findings (an empty list: every figure adds up)", body = CheckReport),
        (status = 400, description = "Bad parameter", body = ErrorBody),
        (status = 404, description = "No such revision", body = ErrorBody),
        (status = 500, description = "The store failed", body = ErrorBody),
    )
)]
#[get("/units/{unit}/years/{year}/checks")]
pub async fn checks(
    path: web::Path<UnitYearPath>,
    query: web::Query<ChecksQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse> {
    let UnitYearPath { unit, year } = path.into_inner();
    let (store, which) = (state.store.as_ref(), Which::published_if(query.published));
    let loaded = match query.revision {
        Some(number) => service::load_revision(store, &unit, year, number).await?,
        None => service::load(store, &unit, year, which).await?,
    };
    let (snapshot, meta) = loaded.ok_or_else(|| Error::NotFound(format!("a revision of {unit} {year}")))?;
    let findings = service::audit(store, &snapshot, which).await?;
    let count = |severity| findings.iter().filter(|f| f.severity == severity).count();
    Ok(HttpResponse::Ok().json(CheckReport {
        unit: meta.unit,
        year: meta.year,
        revision: meta.number,
        hash: meta.hash,
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        notes: count(Severity::Info),
        findings,
    }))
}
