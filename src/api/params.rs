//! Path and query parameters, checked before anything touches the store.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
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

/// A number written the one way it prints: `+2021` and `02021` would be other addresses of the
/// same resource, which caches and access rules keyed on paths would tell apart.
fn canonical<T: std::str::FromStr + ToString>(text: &str) -> Option<T> {
    text.parse().ok().filter(|n: &T| n.to_string() == text)
}

fn year<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u16, D::Error> {
    let text = String::deserialize(deserializer)?;
    let message = "must be a year written in digits, such as 2021";
    let year: u16 = canonical(&text).ok_or_else(|| D::Error::custom(bad_path("year", message)))?;
    check_year(year).map_err(|m| D::Error::custom(bad_path("year", m)))?;
    Ok(year)
}

fn revision_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    match canonical::<u32>(&String::deserialize(deserializer)?) {
        Some(n) if n >= 1 => Ok(n),
        _ => Err(D::Error::custom(bad_path("revision", "must be a revision number from 1, written in digits"))),
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

/// Refuses a query string whose percent-decoding is not UTF-8 (or has a `%` not followed by two
/// hex digits): actix would read it with U+FFFD in place of the bytes, and store that.
pub fn check_query_encoding(query: &str) -> Result<()> {
    let bytes = query.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
            let byte = hex.filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit())).map(|h| u8::from_str_radix(h, 16));
            let Some(Ok(byte)) = byte else {
                return Err(bad_query_string("has a '%' that is not followed by two hex digits"));
            };
            decoded.push(byte);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    match std::str::from_utf8(&decoded) {
        Ok(_) => Ok(()),
        Err(_) => Err(bad_query_string("is not UTF-8 once percent-decoded")),
    }
}

fn bad_query_string(message: &str) -> Error {
    Error::BadParameter(Problem::new("", format!("the query string {message}")))
}

/// Middleware: [`check_query_encoding`] before any extractor reads the query string.
pub async fn query_encoding<B: MessageBody>(
    req: ServiceRequest,
    next: Next<B>,
) -> std::result::Result<ServiceResponse<B>, actix_web::Error> {
    check_query_encoding(req.query_string())?;
    next.call(req).await
}

/// Items per page of a list unless `limit` says otherwise, and the most it may say.
pub const DEFAULT_PAGE: u32 = 100;
pub const MAX_PAGE: u32 = 1000;

/// A page of a list: `limit` items at most, after the one named by `after` (the last of the
/// previous page), which the `Link: <...>; rel="next"` of that page gives.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RevisionsPage {
    /// Items at most (1 to 1000, by default 100).
    #[param(minimum = 1, maximum = 1000, example = 100)]
    pub limit: Option<u32>,
    /// The last revision number of the previous page: this page starts after it.
    #[param(minimum = 1)]
    pub after: Option<u32>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitsPage {
    /// Items at most (1 to 1000, by default 100).
    #[param(minimum = 1, maximum = 1000, example = 100)]
    pub limit: Option<u32>,
    /// The last unit code of the previous page: this page starts after it.
    #[param(value_type = Option<UnitCode>)]
    pub after: Option<String>,
}

/// The page size a `limit` asks for, or 400.
pub fn page_limit(limit: Option<u32>) -> Result<usize> {
    match limit.unwrap_or(DEFAULT_PAGE) {
        n @ 1..=MAX_PAGE => Ok(n as usize),
        _ => Err(bad_query("limit", format!("must be from 1 to {MAX_PAGE}"))),
    }
}

/// The unit code `after` names, or 400.
pub fn page_after_unit(after: Option<&str>) -> Result<Option<UnitCode>> {
    after.map(|a| UnitCode::parse(a).map_err(|m| bad_query("after", m))).transpose()
}
