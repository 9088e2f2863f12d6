//! Validation of the project counts (schema 2): only the labels of the subsets and their number.
//! Counts that do not add up, and a subset larger than its count, are the audit's findings.

use super::Validator;
use crate::domain::pointer::Pointer;
use crate::domain::report::Portfolio;

impl Validator {
    pub(super) fn portfolio(&mut self, at: Pointer, portfolio: &Portfolio) {
        let includes = &at / "includes";
        self.count(&includes, portfolio.includes.len());
        for (i, subset) in portfolio.includes.iter().enumerate() {
            self.name(&includes / i / "label", &subset.label);
        }
    }
}
