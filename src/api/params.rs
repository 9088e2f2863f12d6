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

/// A revision number written in digits, from 1.
fn parse_revision(text: &str) -> std::result::Result<u32, String> {
    match canonical(text) {
        Some(0) => Err("must be a revision number from 1".into()),
        Some(n) => Ok(n),
        None => Err("must be a revision number from 1, written in digits".into()),
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

fn query_number<'de, D: Deserializer<'de>, T>(
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
