//! What a table cell or an answer field of a report can hold besides its value: a printed slash
//! (not applicable, not estimated), a blank, a copy too damaged to read, or a template prompt the
//! unit left in place. None of these is zero.

use std::fmt;
use std::str::FromStr;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

/// A cell: its value's own string (`"251.89"`), `"/"` (a printed slash), `""` (printed blank), or
/// `{"illegible": "O"}` (a damaged copy, with what it shows). An absent member is different: the
/// document (or the excerpt) does not have the cell at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell<T> {
    Value(T),
    Slash,
    Blank,
    Illegible(String),
}

impl<T: Copy> Cell<T> {
    /// The value, if the cell has one.
    pub fn known(&self) -> Option<T> {
        match self {
            Cell::Value(value) => Some(*value),
            _ => None,
        }
    }
}

impl<T> Cell<T> {
    pub fn value(&self) -> Option<&T> {
        match self {
            Cell::Value(value) => Some(value),
            _ => None,
        }
    }
}

impl<T: fmt::Display> fmt::Display for Cell<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Value(value) => value.fmt(f),
            Cell::Slash => f.write_str("/"),
            Cell::Blank => Ok(()),
            Cell::Illegible(shown) => write!(f, "（无法辨认：{shown}）"),
        }
    }
}

impl<T: fmt::Display> Serialize for Cell<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Value(value) => serializer.collect_str(value),
            Cell::Slash => serializer.serialize_str("/"),
            Cell::Blank => serializer.serialize_str(""),
            Cell::Illegible(shown) => {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("illegible", shown)?;
                map.end()
            }
        }
    }
}

impl<'de, T: FromStr<Err: fmt::Display>> Deserialize<'de> for Cell<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::String(text) if text == "/" => Ok(Cell::Slash),
            Value::String(text) if text.is_empty() => Ok(Cell::Blank),
            Value::String(text) => text.parse().map(Cell::Value).map_err(D::Error::custom),
            Value::Object(map) if map.len() == 1 && map.get("illegible").is_some_and(Value::is_string) => {
                Ok(Cell::Illegible(map["illegible"].as_str().unwrap_or_default().to_string()))
            }
            _ => {
                Err(D::Error::custom(r#"expected a string ("/" for a slash, "" for a blank) or {"illegible": "..."}"#))
            }
        }
    }
}

/// `text` (a string schema) or `{member: string}`.
fn one_of_string_or(text: RefOr<Schema>, member: &str, description: &str) -> RefOr<Schema> {
    let object = ObjectBuilder::new()
        .schema_type(Type::Object)
        .property(member, ObjectBuilder::new().schema_type(Type::String))
        .required(member)
        .additional_properties(Some(utoipa::openapi::schema::AdditionalProperties::FreeForm(false)));
    let one_of = OneOfBuilder::new().item(text).item(object).description(Some(description));
    RefOr::T(Schema::OneOf(one_of.build()))
}

impl<T> PartialSchema for Cell<T> {
    fn schema() -> RefOr<Schema> {
        one_of_string_or(
            ObjectBuilder::new().schema_type(Type::String).into(),
            "illegible",
            r#"A table cell: its value as a string, "/" for a printed slash, "" for a printed blank, or {"illegible": "..."} for a damaged copy"#,
        )
    }
}

impl<T> ToSchema for Cell<T> {}

/// A cell holding a value of the schema `value`: `""`, `"/"`, the value, or `{"illegible": ...}`.
/// `anyOf`, as `""` and `"/"` may also match a loose value schema.
fn cell_of(value: RefOr<Schema>, description: &str) -> RefOr<Schema> {
    let marks = ObjectBuilder::new().schema_type(Type::String).enum_values(Some(["", "/"]));
    // What a damaged copy shows: nothing, or a label (one line, something visible).
    let shown = utoipa::openapi::schema::AnyOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::String).max_length(Some(0)))
        .item(crate::domain::texts::Label::schema());
    let illegible = ObjectBuilder::new()
        .schema_type(Type::Object)
        .property("illegible", shown)
        .required("illegible")
        .additional_properties(Some(utoipa::openapi::schema::AdditionalProperties::FreeForm(false)));
    let any_of = utoipa::openapi::schema::AnyOfBuilder::new()
        .item(marks)
        .item(value)
        .item(illegible)
        .description(Some(description));
    RefOr::T(Schema::AnyOf(any_of.build()))
}

/// Schema-only: the cell of an amount (`Cell<Money>`).
pub struct MoneyCell;

impl PartialSchema for MoneyCell {
    fn schema() -> RefOr<Schema> {
        cell_of(super::Money::schema(), "A table cell holding an amount, \"/\", \"\" or {\"illegible\": ...}.")
    }
}

impl ToSchema for MoneyCell {}

/// Schema-only: the cell of a percentage (`Cell<Number>` read as one).
pub struct PercentCell;

impl PartialSchema for PercentCell {
    fn schema() -> RefOr<Schema> {
        cell_of(
            super::number::Percent::schema(),
            "A table cell holding a percentage, \"/\", \"\" or {\"illegible\": ...}.",
        )
    }
}

impl ToSchema for PercentCell {}

/// Schema-only: the cell of points or a weight (`Cell<Number>` read as points).
pub struct PointsCell;

impl PartialSchema for PointsCell {
    fn schema() -> RefOr<Schema> {
        cell_of(super::number::Points::schema(), "A table cell holding points, \"/\", \"\" or {\"illegible\": ...}.")
    }
}

impl ToSchema for PointsCell {}

/// An answer the report gives in words: the text as printed, or `{"unfilled": "<prompt>"}` when
/// the template's prompt was left in place (or `{"unfilled": ""}` for an empty answer field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Narrative {
    Text(String),
    Unfilled(String),
}

impl Narrative {
    /// The answer, unless the field was left unfilled.
    pub fn text(&self) -> Option<&str> {
        match self {
            Narrative::Text(text) => Some(text),
            Narrative::Unfilled(_) => None,
        }
    }
}

impl Serialize for Narrative {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Narrative::Text(text) => serializer.serialize_str(text),
            Narrative::Unfilled(prompt) => {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("unfilled", prompt)?;
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Narrative {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::String(text) if !text.trim().is_empty() => Ok(Narrative::Text(text)),
            Value::Object(map) if map.len() == 1 && map.get("unfilled").is_some_and(Value::is_string) => {
                Ok(Narrative::Unfilled(map["unfilled"].as_str().unwrap_or_default().to_string()))
            }
            _ => Err(D::Error::custom(r#"expected the answer as text, or {"unfilled": "<the template's prompt>"}"#)),
        }
    }
}

impl PartialSchema for Narrative {
    fn schema() -> RefOr<Schema> {
        // The answer is a narrative (something visible, no control or bidi characters), as the
        // validator holds it.
        one_of_string_or(
            super::texts::Text::schema(),
            "unfilled",
            r#"An answer in words, or {"unfilled": "<prompt>"} when the template's prompt was left in place"#,
        )
    }
}

impl ToSchema for Narrative {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Money;

    #[test]
    fn cells_read_and_write_every_state() {
        for text in [r#""251.89""#, r#""/""#, r#""""#, r#"{"illegible":"O"}"#, r#""5862.89元""#] {
            let cell: Cell<Money> = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&cell).unwrap(), text);
        }
        assert_eq!(
            serde_json::from_str::<Cell<Money>>(r#""0.00""#).unwrap().known().unwrap().value.to_string(),
            "0.00"
        );
        assert!(serde_json::from_str::<Cell<Money>>(r#""O""#).is_err(), "a damaged figure is said to be illegible");
        assert!(serde_json::from_str::<Cell<Money>>("12").is_err(), "no JSON numbers");
    }

    #[test]
    fn an_unfilled_prompt_is_not_an_answer() {
        let n: Narrative = serde_json::from_str(r#"{"unfilled":"说明完成情况(100字以内)"}"#).unwrap();
        assert_eq!(n.text(), None);
        assert_eq!(serde_json::to_string(&n).unwrap(), r#"{"unfilled":"说明完成情况(100字以内)"}"#);
        assert!(serde_json::from_str::<Narrative>(r#""  ""#).is_err(), "an empty answer is unfilled");
    }
}
