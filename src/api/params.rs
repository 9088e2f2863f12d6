//! Path and query parameters, checked before anything touches the store.

use serde::Deserialize;
use utoipa::IntoParams;

use crate::domain::validate::{check_unit_code, check_year, Problem};
use crate::error::{Error, Result};

fn bad(parameter: &str, message: impl std::fmt::Display) -> Error {
    Error::BadParameter(Problem::new("", format!("path parameter `{parameter}` {message}")))
}

/// A unit code from the path: only a valid slug passes, so no path trick reaches the store.
pub fn unit(code: &str) -> Result<&str> {
    check_unit_code(code).map_err(|m| bad("unit", m))?;
    Ok(code)
}

pub fn year(text: &str) -> Result<u16> {
    let year: u16 = text.parse().map_err(|_| bad("year", "must be a year such as 2021"))?;
    check_year(year).map_err(|m| bad("year", m))?;
    Ok(year)
}

pub fn revision(text: &str) -> Result<u32> {
    match text.parse::<u32>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(bad("revision", "must be a revision number from 1")),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LatestQuery {
    /// Only published (disclosed) revisions.
    #[serde(default)]
    pub published: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SubmitQuery {
    /// A short note kept with the revision (at most 200 characters).
    pub note: Option<String>,
    /// Refuse the submission (422 `checks_failed`) when the audit finds errors or warnings.
    #[serde(default)]
    pub strict: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ComparisonQuery {
    /// The earlier year.
    #[param(example = 2020)]
    pub from: u16,
    /// The later year.
    #[param(example = 2021)]
    pub to: u16,
    /// Compare the latest published revisions instead of the latest ones.
    #[serde(default)]
    pub published: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TargetsQuery {
    /// Judge progress as of this year (default: the unit's latest year).
    #[param(example = 2021)]
    pub as_of: Option<u16>,
    /// Use only published revisions.
    #[serde(default)]
    pub published: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChecksQuery {
    /// Check this revision instead of the latest.
    pub revision: Option<u32>,
    /// Check the latest published revision.
    #[serde(default)]
    pub published: bool,
}

/// A year from the query string, in range.
pub fn query_year(name: &str, year: u16) -> Result<u16> {
    check_year(year).map_err(|m| Error::BadParameter(Problem::new("", format!("query parameter `{name}` {m}"))))?;
    Ok(year)
}
