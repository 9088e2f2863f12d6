//! The schema version: 1 (absent) or 2; the members schema 2 added need `"schema": 2`, so a
//! reader can tell from the document which format it is.

use super::Validator;
use crate::domain::{Pointer, Snapshot};

/// The newest version of the format.
pub const CURRENT: u8 = 2;

impl Validator {
    pub(super) fn schema(&mut self, s: &Snapshot) {
        let root = Pointer::root();
        match s.schema {
            None | Some(1) | Some(CURRENT) => {}
            Some(other) => self.fail(&root / "schema", format!("is {other}; this server reads schema 1 and {CURRENT}")),
        }
        if s.schema == Some(CURRENT) {
            return;
        }
        let added = [
            ("kind", s.kind.is_some()),
            ("coverage", s.coverage.is_some()),
            ("header", s.header.is_some()),
            ("origin", s.origin.is_some()),
            ("people", s.people.is_some()),
            ("organisation", s.organisation.is_some()),
            ("funds", !s.funds.is_empty()),
            ("balances", !s.balances.is_empty()),
            ("breakdowns", !s.breakdowns.is_empty()),
            ("self_evaluation", s.self_evaluation.is_some()),
            ("projects", !s.projects.is_empty()),
            ("portfolio", s.portfolio.is_some()),
            ("claims", !s.claims.is_empty()),
        ];
        for (member, present) in added {
            if present {
                self.fail(
                    &root / member,
                    format!("is a schema {CURRENT} member: the document must say \"schema\": {CURRENT}"),
                );
            }
        }
    }
}
