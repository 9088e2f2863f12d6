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

/// A year written in digits, in range.
fn parse_year(text: &str) -> std::result::Result<u16, String> {
    let year = canonical(text).ok_or("must be a year written in digits, such as 2021")?;
    check_year(year)?;
    Ok(year)
}

/// A revision number written in digits, from 1 to the largest the document's `int32` allows.
fn parse_revision(text: &str) -> std::result::Result<u32, String> {
    match canonical::<u32>(text) {
        Some(n @ 1..=MAX_REVISION) => Ok(n),
        Some(_) => Err(format!("must be a revision number from 1 to {MAX_REVISION}")),
        None => Err("must be a revision number from 1, written in digits".into()),
    }
}

/// The largest revision number: what an `int32` holds.
const MAX_REVISION: u32 = i32::MAX as u32;

/// A log index or tree size written in digits, up to the largest the document's `int64` allows.
pub(super) fn parse_index(text: &str) -> std::result::Result<u64, String> {
    match canonical::<u64>(text) {
        Some(n) if n <= i64::MAX as u64 => Ok(n),
        _ => Err(format!("must be a number from 0 to {}, written in digits", i64::MAX)),
    }
}

fn year<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u16, D::Error> {
    parse_year(&String::deserialize(deserializer)?).map_err(|m| D::Error::custom(bad_path("year", m)))
}

fn revision_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    parse_revision(&String::deserialize(deserializer)?).map_err(|m| D::Error::custom(bad_path("revision", m)))
}

// Query numbers are held to the same spelling as path numbers (`?revision=+1` and `?from=02020`
// are refused, not read as 1 and 2020). serde does not tell a field's deserializer its name, so
// each parameter has its own, naming it in the message.

pub(super) fn query_number<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    name: &str,
    parse: fn(&str) -> std::result::Result<T, String>,
) -> Result<T, D::Error> {
    parse(&String::deserialize(deserializer)?).map_err(|m| D::Error::custom(format!("query parameter `{name}` {m}")))
}

fn from_year<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u16, D::Error> {
    query_number(deserializer, "from", parse_year)
}

fn to_year<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u16, D::Error> {
    query_number(deserializer, "to", parse_year)
}

fn as_of_year<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u16>, D::Error> {
    query_number(deserializer, "as_of", parse_year).map(Some)
}

fn revision_query<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    query_number(deserializer, "revision", parse_revision).map(Some)
}

fn after_revision<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    query_number(deserializer, "after", parse_revision).map(Some)
}

fn page_size<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    let parse = |text: &str| match canonical(text) {
        Some(n @ 1..=MAX_PAGE) => Ok(n),
        _ => Err(format!("must be a number from 1 to {MAX_PAGE}, written in digits")),
    };
    query_number(deserializer, "limit", parse).map(Some)
}

fn bad_query(name: &str, message: impl std::fmt::Display) -> Error {
    Error::BadParameter(Problem::new("", format!("query parameter `{name}` {message}")))
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
    #[param(
        max_length = 200,
        pattern = "^[^<>\\x00-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]*$"
    )]
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
    #[serde(deserialize_with = "from_year")]
    pub from: u16,
    /// The later year.
    #[param(example = 2021, minimum = 1949, maximum = 2100)]
    #[serde(deserialize_with = "to_year")]
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
    #[serde(default, deserialize_with = "as_of_year")]
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
    #[serde(default, deserialize_with = "revision_query")]
    pub revision: Option<u32>,
    /// Check the latest published revision.
    #[serde(default)]
    pub published: bool,
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
    #[serde(default, deserialize_with = "page_size")]
    pub limit: Option<u32>,
    /// The last revision number of the previous page: this page starts after it.
    #[param(minimum = 1)]
    #[serde(default, deserialize_with = "after_revision")]
    pub after: Option<u32>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitsPage {
    /// Items at most (1 to 1000, by default 100).
    #[param(minimum = 1, maximum = 1000, example = 100)]
    #[serde(default, deserialize_with = "page_size")]
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
