//! A SHA-256 digest as the API, the store and the site write it: 64 lowercase hex digits. A
//! revision's identity, its `ETag` and a token's stored form.

use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::newtype::{checked_string, string_schema};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sha256(String);

impl Sha256 {
    /// The digest of `bytes`.
    pub fn of(bytes: &[u8]) -> Sha256 {
        Sha256(super::sha256_hex(bytes))
    }

    /// A digest written out, or why it is not one.
    pub fn parse(text: &str) -> Result<Sha256, String> {
        if text.len() == 64 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            Ok(Sha256(text.to_string()))
        } else {
            Err("must be 64 lowercase hexadecimal digits".into())
        }
    }
}

checked_string!(Sha256, "a SHA-256 ");

impl PartialSchema for Sha256 {
    fn schema() -> RefOr<Schema> {
        string_schema(Some("^[0-9a-f]{64}$"), None, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

impl ToSchema for Sha256 {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_lowercase_hex_of_the_right_length() {
        let abc = Sha256::of(b"abc");
        assert_eq!(abc, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(Sha256::parse(abc.as_str()), Ok(abc.clone()));
        for bad in ["", "abc", &abc.to_uppercase(), &format!("{abc}0"), &abc.replace('b', "g")] {
            assert!(Sha256::parse(bad).is_err(), "{bad:?}");
        }
    }
}
