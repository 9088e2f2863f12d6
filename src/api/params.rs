//! Path and query parameters, checked before anything touches the store.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use utoipa::IntoParams;

use crate::domain::validate::{check_year, Problem};
use crate::domain::UnitCode;
use crate::error::{Error, Result};

fn bad_path(parameter: &str, message: impl std::fmt::Display) -> String {
    format!("path parameter `{parameter}` {message}")
}

// The path structs below check each segment while deserializing, so a handler only ever sees
// valid values; a refusal becomes a 400 through the `PathConfig` error handler in `api::configure`
// with the message given here.

/// A unit code from the path: only a valid slug passes, so no path trick reaches the store.
fn unit_code<'de, D: Deserializer<'de>>(deserializer: D) -> Result<UnitCode, D::Error> {
    UnitCode::parse(String::deserialize(deserializer)?).map_err(|m| D::Error::custom(bad_path("unit", m)))
}

fn year<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u16, D::Error> {
    let text = String::deserialize(deserializer)?;
    let year: u16 = text.parse().map_err(|_| D::Error::custom(bad_path("year", "must be a year such as 2021")))?;
    check_year(year).map_err(|m| D::Error::custom(bad_path("year", m)))?;
    Ok(year)
}

fn revision_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    match String::deserialize(deserializer)?.parse::<u32>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(D::Error::custom(bad_path("revision", "must be a revision number from 1"))),
    }
}

/// `/units/{unit}/...`
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct UnitPath {
    /// Unit code
    #[param(example = "quwo-eco-env")]
    #[serde(deserialize_with = "unit_code")]
    #[param(value_type = UnitCode)]
    pub unit: UnitCode,
}

/// `/units/{unit}/years/{year}/...`
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct UnitYearPath {
    /// Unit code
    #[param(example = "quwo-eco-env")]
    #[serde(deserialize_with = "unit_code")]
    #[param(value_type = UnitCode)]
    pub unit: UnitCode,
    /// Fiscal year
    #[param(example = 2021, minimum = 1949, maximum = 2100)]
    #[serde(deserialize_with = "year")]
    pub year: u16,
}

/// The `{n}` of a revision's address: handlers of `/revisions/{n}` take it next to a
/// [`UnitYearPath`], each extracting its own segments of the same path.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct RevisionNumber {
    /// Revision number
    #[param(example = 1, minimum = 1)]
    #[serde(rename = "n", deserialize_with = "revision_number")]
    pub number: u32,
}

fn bad_query(name: &str, message: impl std::fmt::Display) -> Error {
    Error::BadParameter(Problem::new("", format!("query parameter `{name}` {message}")))
}

/// A revision number from the query string: from 1.
pub fn query_revision(name: &str, number: u32) -> Result<u32> {
    match number {
        0 => Err(bad_query(name, "must be a revision number from 1")),
        n => Ok(n),
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
    /// A short note kept with the revision (at most 200 characters, one line, no `<` or `>`).
    #[param(max_length = 200, pattern = "^[^<>\\x00-\\x1f\\x7f-\\x9f]*$")]
    pub note: Option<String>,
    /// Refuse the submission (422 `checks_failed`) when the audit finds errors or warnings.
    #[serde(default)]
    pub strict: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ComparisonQuery {
    /// The earlier year.
    #[param(example = 2020, minimum = 1949, maximum = 2100)]
    pub from: u16,
    /// The later year.
    #[param(example = 2021, minimum = 1949, maximum = 2100)]
    pub to: u16,
    /// Compare the latest published revisions instead of the latest ones.
    #[serde(default)]
    pub published: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TargetsQuery {
    /// Judge progress as of this year (default: the unit's latest year).
    #[param(example = 2021, minimum = 1949, maximum = 2100)]
    pub as_of: Option<u16>,
    /// Use only published revisions.
    #[serde(default)]
    pub published: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChecksQuery {
    /// Check this revision instead of the latest.
    #[param(minimum = 1)]
    pub revision: Option<u32>,
    /// Check the latest published revision.
    #[serde(default)]
    pub published: bool,
}

/// A year from the query string, in range.
pub fn query_year(name: &str, year: u16) -> Result<u16> {
    check_year(year).map_err(|m| bad_query(name, m))?;
    Ok(year)
}
