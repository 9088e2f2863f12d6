//! What every checked string type shares (a unit code, a hash, a JSON pointer): it reads and
//! compares as its text, serializes as it, and deserializes only through its `parse`, so a value
//! of the type is always a valid one. Each type writes only its rule.

use utoipa::openapi::schema::{SchemaFormat, SchemaType};
use utoipa::openapi::{ObjectBuilder, RefOr, Schema, Type};

/// For `struct $name(String)` with `fn parse(&str) -> Result<$name, impl Display>`: `as_str`,
/// `Deref<Target = str>`, `Display`, comparison with `str`, and serde as a string that must parse
/// (`$what` leads the message of one that does not, e.g. "a unit code ").
macro_rules! checked_string {
    ($name:ident, $what:literal) => {
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                $name::parse(text.as_str()).map_err(|reason| serde::de::Error::custom(format!("{}{reason}", $what)))
            }
        }
    };
}

pub(crate) use checked_string;

/// The OpenAPI schema of a string with a pattern or a format, and an example.
pub(crate) fn string_schema(pattern: Option<&str>, format: Option<SchemaFormat>, example: &str) -> RefOr<Schema> {
    let schema = ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .pattern(pattern)
        .format(format)
        .examples([serde_json::Value::String(example.into())]);
    RefOr::T(Schema::Object(schema.build()))
}
