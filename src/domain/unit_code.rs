//! A unit's code: its identity in addresses, store keys and folder names. Parsed once where it
//! enters (a path, a token scope, a stored record), so nothing inside checks it again.

use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::newtype::{checked_string, string_schema};

/// Addresses the server and the site use themselves, which no unit may take (`log` is the
/// transparency log's folder on the site).
pub const RESERVED_CODES: [&str; 7] = ["api", "api-docs", "swagger-ui", "data", "log", "static", "units"];

/// What a unit code may be, as a regular expression (for the OpenAPI document).
pub const PATTERN: &str = "^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$";

/// 2-64 characters of `a-z`, `0-9` and `-`, not starting or ending with `-`, and none of the
/// reserved addresses: codes become file names and URL segments, so nothing else may pass.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnitCode(String);

impl UnitCode {
    /// The code, or why it cannot be one (a phrase after "it": `must be ...`).
    pub fn parse(code: impl Into<String>) -> Result<UnitCode, String> {
        let code = code.into();
        if RESERVED_CODES.contains(&code.as_str()) {
            return Err(format!("is reserved ({})", RESERVED_CODES.join(", ")));
        }
        check_slug(&code)?;
        Ok(UnitCode(code))
    }
}

/// A slug: 2-64 characters of `a-z`, `0-9` and `-`, not starting or ending with `-`.
pub fn check_slug(code: &str) -> Result<(), String> {
    let ok_chars = code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !(2..=64).contains(&code.len()) || !ok_chars {
        return Err("must be 2-64 characters of lowercase a-z, 0-9 and '-'".into());
    }
    if code.starts_with('-') || code.ends_with('-') {
        return Err("must not start or end with '-'".into());
    }
    Ok(())
}

checked_string!(UnitCode, "a unit code ");

impl PartialSchema for UnitCode {
    fn schema() -> RefOr<Schema> {
        let mut schema = string_schema(Some(PATTERN), None, "quwo-eco-env");
        // The reserved codes as `not: {enum: [...]}`, which every JSON Schema validator reads
        // (a pattern would need a look-ahead). utoipa has no `not`; extensions are written as
        // given, next to the other keywords.
        if let RefOr::T(Schema::Object(object)) = &mut schema {
            let not = serde_json::json!({ "enum": RESERVED_CODES });
            object.extensions = Some([("not", not)].into_iter().collect());
        }
        schema
    }
}

impl ToSchema for UnitCode {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_slugs_that_are_not_reserved_are_codes() {
        assert_eq!(UnitCode::parse("quwo-eco-env").unwrap(), "quwo-eco-env");
        for bad in ["", "a", "Quwo", "../etc", "-a", "a-", "a b", "api", "data", "log", &"a".repeat(65)] {
            assert!(UnitCode::parse(bad).is_err(), "{bad:?}");
        }
        let regex_like = |c: &str| {
            let b = c.as_bytes();
            (2..=64).contains(&b.len()) && b[0] != b'-' && b[b.len() - 1] != b'-'
        };
        assert!(regex_like("ab") && !regex_like("-ab"), "the pattern says what parse does");
    }

    #[test]
    fn a_stored_code_that_is_not_one_does_not_deserialize() {
        assert!(serde_json::from_str::<UnitCode>(r#""../x""#).is_err());
        assert_eq!(serde_json::from_str::<UnitCode>(r#""ab""#).unwrap().as_str(), "ab");
    }
}
