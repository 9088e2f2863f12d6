//! Bearer tokens: a random secret shown once; only its SHA-256 is stored.

use crate::clock::Timestamp;
use crate::domain::validate::Problem;
use crate::domain::{Pointer, UnitCode};
use crate::integrity::Sha256;
use crate::store::{TokenRecord, TokenScope};

/// Prefix that makes a leaked token recognisable to secret scanners.
pub const PREFIX: &str = "dsc_";

pub struct IssuedToken {
    /// The bearer secret: printed once, never stored.
    pub secret: String,
    pub record: TokenRecord,
}

pub fn hash_secret(secret: &str) -> Sha256 {
    Sha256::of(secret.as_bytes())
}

/// Makes a new token with 256 bits from the operating system's random source.
pub fn issue(scope: TokenScope, label: Option<String>, now: Timestamp) -> IssuedToken {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    let secret = format!("{PREFIX}{}", hex::encode(bytes));
    let record = TokenRecord { hash: hash_secret(&secret), scope, label, created_at: now, last_used_at: None };
    IssuedToken { secret, record }
}

/// The scope of the units given (an admin's when none are); pointers are relative to the scope
/// (`/units/0`).
pub fn scope_of(units: Vec<String>) -> Result<TokenScope, Vec<Problem>> {
    if units.is_empty() {
        return Ok(TokenScope::Admin {});
    }
    let at = Pointer::root() / "units";
    let (mut codes, mut problems) = (Vec::new(), Vec::new());
    for (i, code) in units.into_iter().enumerate() {
        match UnitCode::parse(code) {
            Ok(code) => codes.push(code),
            Err(message) => problems.push(Problem::new(&at / i, message)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let scope = TokenScope::Units { units: codes };
    check_scope(&scope)?;
    Ok(scope)
}

/// Checks a scope whose codes are parsed already: a unit scope names at least one unit.
pub fn check_scope(scope: &TokenScope) -> Result<(), Vec<Problem>> {
    match scope {
        TokenScope::Units { units } if units.is_empty() => {
            Err(vec![Problem::new(Pointer::root() / "units", "must name at least one unit")])
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_only_their_hash_is_kept() {
        let a = issue(TokenScope::Admin {}, None, crate::clock::now());
        let b = issue(TokenScope::Admin {}, None, crate::clock::now());
        assert_ne!(a.secret, b.secret);
        assert!(a.secret.starts_with(PREFIX) && a.secret.len() == PREFIX.len() + 64);
        assert_eq!(a.record.hash, hash_secret(&a.secret));
        assert!(!serde_json::to_string(&a.record).unwrap().contains(&a.secret));
    }
}
