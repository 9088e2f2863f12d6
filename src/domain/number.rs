//! A plain decimal number as a report prints it (a weight, points, a rate in percent): the strict
//! decimal grammar of [`super::decimal`], the printed precision kept as the scale. Used where a
//! cell may also be a slash or a blank ([`super::Cell`]).

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Number(pub Decimal);

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for Number {
    type Err = String;

    fn from_str(text: &str) -> Result<Number, String> {
        super::decimal::parse(text).map(Number)
    }
}

impl serde::Serialize for Number {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Number {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::decimal::deserialize(deserializer).map(Number)
    }
}

/// A decimal in the strict grammar: no `+`, no leading zero, no exponent, no negative zero, at
/// most 28 characters (so that its digits are kept exactly).
const PATTERN: &str = r"^(0(\.[0-9]+)?|[1-9][0-9]*(\.[0-9]+)?|-[1-9][0-9]*(\.[0-9]+)?|-0\.[0-9]*[1-9][0-9]*)$";

impl utoipa::PartialSchema for Number {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
        let schema = utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::String)
            .pattern(Some(PATTERN))
            .max_length(Some(28))
            .description(Some("A decimal number as printed, in plain notation (\"98.31\", \"-0.5\")."));
        utoipa::openapi::RefOr::T(utoipa::openapi::Schema::Object(schema.build()))
    }
}

impl utoipa::ToSchema for Number {}

/// Schema-only types for the OpenAPI document: a string with a pattern, for decimals that a
/// field holds in a narrower range than [`Number`] (the validator's bound, written as digits).
macro_rules! pattern_schema {
    ($(#[$doc:meta])* $name:ident, $pattern:literal, $description:literal) => {
        $(#[$doc])*
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
                let schema = utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::Type::String)
                    .pattern(Some($pattern))
                    .description(Some($description));
                utoipa::openapi::RefOr::T(utoipa::openapi::Schema::Object(schema.build()))
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}

pattern_schema!(
    /// A date as the validator reads it (`validate::document::parse_date`): year-month-day in
    /// 1949 to 2100. That the day exists (2021-02-30 does not) is beyond a pattern.
    IsoDate,
    r"^(1949|19[5-9][0-9]|20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
    "An ISO date, year-month-day, in 1949 to 2100 (\"2017-07-25\")."
);

pattern_schema!(
    /// A percentage a claim or a table names: 0 to 1,000,000, at most 6 decimals.
    Percent,
    r"^((0|[1-9][0-9]{0,5})(\.[0-9]{1,6})?|1000000(\.0{1,6})?)$",
    "A percentage as printed: 0 to 1,000,000, at most 6 decimals (\"100\", \"95.10\")."
);

pattern_schema!(
    /// Points or a weight of a self-evaluation: 0 to 10,000, at most 6 decimals.
    Points,
    r"^((0|[1-9][0-9]{0,3})(\.[0-9]{1,6})?|10000(\.0{1,6})?)$",
    "Points as printed: 0 to 10,000, at most 6 decimals (\"90\", \"7.6\")."
);

pattern_schema!(
    /// Full marks: points above zero (the document asks for at least 1).
    FullMarks,
    r"^([1-9][0-9]{0,3}(\.[0-9]{1,6})?|10000(\.0{1,6})?)$",
    "Full marks as printed: 1 to 10,000, at most 6 decimals (\"100\")."
);

pattern_schema!(
    /// An amount in 万元 as a plain decimal: below 10^10, at most 6 decimals, not negative.
    WanYuan,
    r"^(0|[1-9][0-9]{0,9})(\.[0-9]{1,6})?$",
    "An amount in 万元 in plain notation: below 10,000,000,000, at most 6 decimals (\"1546.39\")."
);
