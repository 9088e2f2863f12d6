//! The canonical form of a snapshot and its hash, so that anyone can recompute the hash of a
//! downloaded revision.
//!
//! The canonical form is the JSON Canonicalization Scheme (RFC 8785) of the snapshot as the
//! model serializes it: object members sorted by their names' UTF-16 code units, no
//! insignificant white space, strings escaped minimally (`\"`, `\\`, `\b \f \n \r \t`, other
//! control characters as lowercase `\u00xx`, everything else as UTF-8). The model contains no
//! floating-point numbers (amounts are decimal strings, counts are integers), so numbers are
//! plain integers. The hash is the SHA-256 of those UTF-8 bytes, in lowercase hex.
//!
//! What is canonicalized is the snapshot as the model reads it, so the stored form can differ
//! from a submitted body in exactly these ways: members that are `null` or empty arrays are
//! dropped (absent and empty mean the same), white space and member order are normalized. Amounts
//! are kept exactly as written (the model accepts only plain decimal notation and never
//! rewrites it). A submitter who drops nulls and empty arrays and applies RFC 8785 gets the same
//! hash; anyone can check a download directly: `sha256sum` of the body of
//! `GET .../revisions/{n}` equals its `ETag`.

pub mod diff;
mod sha256;

pub use sha256::Sha256;

use serde::Serialize;
use serde_json::Value;
use sha2::Digest;

/// Canonical JSON (RFC 8785) of any serializable value without floating-point numbers.
pub fn canonical_json<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    let value = serde_json::to_value(value)?;
    let mut out = String::new();
    write_canonical(&value, &mut out);
    Ok(out)
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(members) => {
            // RFC 8785 3.2.3: sort by UTF-16 code units, which differs from UTF-8 byte order
            // only for names beyond the Basic Multilingual Plane.
            let mut sorted: Vec<_> = members.iter().collect();
            sorted.sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
            out.push('{');
            for (i, (name, member)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(name, out);
                out.push(':');
                write_canonical(member, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::String(text) => write_string(text, out),
        // Integers print the same in serde_json and ECMAScript; the model has no floats.
        Value::Number(_) | Value::Bool(_) | Value::Null => out.push_str(&value.to_string()),
    }
}

/// serde_json escapes exactly as RFC 8785 requires (short escapes, lowercase `\u00xx`).
fn write_string(text: &str, out: &mut String) {
    out.push_str(&serde_json::to_string(text).expect("strings always serialize"));
}

/// SHA-256 in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorts_members_and_drops_white_space() {
        let value = json!({"b": [1, {"z": true, "a": null}], "a": "x"});
        assert_eq!(canonical_json(&value).unwrap(), r#"{"a":"x","b":[1,{"a":null,"z":true}]}"#);
    }

    #[test]
    fn escapes_as_rfc_8785() {
        let value = json!({"s": "\u{0}\u{8}\t\n\u{c}\r\u{1f}\"\\/\u{7f}é€😀"});
        assert_eq!(canonical_json(&value).unwrap(), "{\"s\":\"\\u0000\\b\\t\\n\\f\\r\\u001f\\\"\\\\/\u{7f}é€😀\"}");
    }

    #[test]
    fn sorts_by_utf16_code_units() {
        // U+FB01 sorts before U+1F600 in UTF-8 byte order but after it in UTF-16.
        let value = json!({"\u{1F600}": 1, "\u{FB01}": 2});
        assert_eq!(canonical_json(&value).unwrap(), "{\"\u{1F600}\":1,\"\u{FB01}\":2}");
    }

    #[test]
    fn hashes_are_lowercase_sha256() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
