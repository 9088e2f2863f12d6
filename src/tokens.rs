//! Bearer tokens: a random secret shown once; only its SHA-256 is stored.

use crate::domain::validate::{check_unit_code, Problem};
use crate::integrity::sha256_hex;
use crate::store::{TokenRecord, TokenScope};

/// Prefix that makes a leaked token recognisable to secret scanners.
pub const PREFIX: &str = "dsc_";

pub struct IssuedToken {
    /// The bearer secret: printed once, never stored.
    pub secret: String,
    pub record: TokenRecord,
}

pub fn hash_secret(secret: &str) -> String {
    sha256_hex(secret.as_bytes())
}

/// Makes a new token with 256 bits from the operating system's random source.
pub fn issue(scope: TokenScope, label: Option<String>, now: String) -> IssuedToken {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    let secret = format!("{PREFIX}{}", hex::encode(bytes));
    let record = TokenRecord { hash: hash_secret(&secret), scope, label, created_at: now };
    IssuedToken { secret, record }
}

/// Checks a scope; pointers are relative to it (`/units/0`).
pub fn check_scope(scope: &TokenScope) -> Result<(), Vec<Problem>> {
    let TokenScope::Units { units } = scope else {
        return Ok(());
    };
    let mut problems: Vec<Problem> = units
        .iter()
        .enumerate()
        .filter_map(|(i, code)| check_unit_code(code).err().map(|m| Problem::new(format!("/units/{i}"), m)))
        .collect();
    if units.is_empty() {
        problems.push(Problem::new("/units", "must name at least one unit"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_only_their_hash_is_kept() {
        let a = issue(TokenScope::Admin {}, None, "t".into());
        let b = issue(TokenScope::Admin {}, None, "t".into());
        assert_ne!(a.secret, b.secret);
        assert!(a.secret.starts_with(PREFIX) && a.secret.len() == PREFIX.len() + 64);
        assert_eq!(a.record.hash, hash_secret(&a.secret));
        assert!(!serde_json::to_string(&a.record).unwrap().contains(&a.secret));
    }
}
