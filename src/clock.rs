//! Wall-clock time as stored: RFC 3339 in UTC with exactly three fractional digits, so that
//! times also sort correctly as strings.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};
use utoipa::openapi::schema::{KnownFormat, SchemaFormat};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::newtype::string_schema;

/// An instant, to the millisecond (what is stored), in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

/// The current time.
pub fn now() -> Timestamp {
    Timestamp::from(OffsetDateTime::now_utc())
}

impl Timestamp {
    /// An RFC 3339 time with any offset; kept to the millisecond, in UTC.
    pub fn parse(text: &str) -> Result<Timestamp, String> {
        let time = OffsetDateTime::parse(text, &Rfc3339).map_err(|e| format!("is not an RFC 3339 time: {e}"))?;
        Ok(Timestamp::from(time))
    }

    pub fn utc(&self) -> OffsetDateTime {
        self.0
    }
}

impl From<OffsetDateTime> for Timestamp {
    fn from(time: OffsetDateTime) -> Self {
        let millis = time.to_offset(UtcOffset::UTC).millisecond();
        Timestamp(time.to_offset(UtcOffset::UTC).replace_millisecond(millis).expect("a millisecond is valid"))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
        f.write_str(&self.0.format(&format).expect("UTC times always format"))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Timestamp::parse(&text).map_err(|reason| serde::de::Error::custom(format!("{text:?} {reason}")))
    }
}

impl PartialSchema for Timestamp {
    fn schema() -> RefOr<Schema> {
        string_schema(None, Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)), "2026-11-29T03:05:46.170Z")
    }
}

impl ToSchema for Timestamp {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_have_a_fixed_width() {
        let now = now().to_string();
        assert_eq!(now.len(), "2026-11-29T03:05:46.170Z".len(), "{now}");
        assert!(now.ends_with('Z'));
    }

    #[test]
    fn stored_times_read_back_exactly() {
        for text in ["2026-11-29T03:05:46.170Z", "2021-01-01T00:00:00.000Z"] {
            let time: Timestamp = serde_json::from_str(&format!("{text:?}")).unwrap();
            assert_eq!(serde_json::to_string(&time).unwrap(), format!("{text:?}"));
        }
        // Another offset is the same instant, stored in UTC; finer digits are cut to milliseconds.
        assert_eq!(
            Timestamp::parse("2026-11-29T11:05:46.170999+08:00").unwrap().to_string(),
            "2026-11-29T03:05:46.170Z"
        );
        assert!(Timestamp::parse("yesterday").is_err());
    }
}
