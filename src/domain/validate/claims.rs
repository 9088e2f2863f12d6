//! Validation of the claims (schema 2): a sentence as printed, and the percentage exactly when
//! the kind of claim names one. Whether a claim is true is the audit's question, not this one's.

use super::schema2::{MAX_PERCENT, PERCENT_SCALE};
use super::Validator;
use crate::domain::pointer::Pointer;
use crate::domain::report::Claim;

impl Validator {
    pub(super) fn claims(&mut self, at: Pointer, claims: &[Claim]) {
        self.count(&at, claims.len());
        for (i, claim) in claims.iter().enumerate() {
            let at = &at / i;
            self.label(&at / "text", &claim.text);
            match (claim.kind.has_value(), claim.value) {
                (true, Some(value)) => self.ratio(at / "value", value.0, PERCENT_SCALE, MAX_PERCENT),
                (true, None) => self.fail(
                    at / "value",
                    format!("a claim of kind {} names a percentage: give it as `value`", claim.kind.as_str()),
                ),
                (false, Some(_)) => self.fail(
                    at / "value",
                    format!("a claim of kind {} names no percentage: remove `value`", claim.kind.as_str()),
                ),
                (false, None) => {}
            }
        }
    }
}
