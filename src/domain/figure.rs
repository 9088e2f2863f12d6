//! A figure that a report may leave unknown: printed `/`, which means "not estimated", not zero.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{RefOr, Schema};

/// A stated amount (万元), or `/` for unknown. In JSON it is always a string: `"150000"` or `"/"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Known(Decimal),
    Unknown,
}

impl Figure {
    pub const UNKNOWN_MARK: &'static str = "/";

    pub fn known(self) -> Option<Decimal> {
        match self {
            Figure::Known(amount) => Some(amount),
            Figure::Unknown => None,
        }
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Figure::Known(amount) => amount.fmt(f),
            Figure::Unknown => f.write_str(Self::UNKNOWN_MARK),
        }
    }
}

impl FromStr for Figure {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text == Self::UNKNOWN_MARK {
            return Ok(Figure::Unknown);
        }
        super::decimal::parse(text).map(Figure::Known).map_err(|e| format!("expected an amount or \"/\": {e}"))
    }
}

impl Serialize for Figure {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Figure {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl utoipa::PartialSchema for Figure {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(r"^(/|-?(0|[1-9][0-9]*)(\.[0-9]+)?)$"))
            .description(Some(
                "An amount in 万元 as a decimal string, or \"/\" when the report gives none (unknown, not zero).",
            ))
            .examples([serde_json::json!("150000")])
            .into()
    }
}

impl utoipa::ToSchema for Figure {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slash_is_unknown_and_round_trips() {
        let f: Figure = serde_json::from_str("\"/\"").unwrap();
        assert_eq!(f, Figure::Unknown);
        assert_eq!(serde_json::to_string(&f).unwrap(), "\"/\"");
        assert_eq!(f.known(), None);
    }

    #[test]
    fn amounts_keep_their_scale() {
        let f: Figure = serde_json::from_str("\"70451.70\"").unwrap();
        assert_eq!(serde_json::to_string(&f).unwrap(), "\"70451.70\"");
    }

    #[test]
    fn rejects_anything_else() {
        for bad in ["\"\"", "\"1e5\"", "\"abc\"", "\"1.2.3\"", "12", "\" 1\""] {
            assert!(serde_json::from_str::<Figure>(bad).is_err(), "{bad} accepted");
        }
    }
}
