//! Audit checks: recompute every figure the report states from others and report each
//! disagreement with the JSON pointers of the figures involved.
//!
//! One auditor walks the report part by part; each part's checks are an `impl Auditor` block
//! of their own module, and the checks every part uses (a total, a count, a stated change)
//! are in `checks`.

mod balances;
mod breakdowns;
mod budget;
mod checks;
mod claims;
mod completeness;
mod document;
mod evaluation;
mod execution_block;
mod expenditure;
mod finding;
mod formula;
mod funds;
mod grade_bands;
mod metrics;
mod people;
mod portfolio;
mod profile;
mod project_counts;
mod projects;
mod rate_basis;
mod rates;
mod results;
mod scoring;
mod self_evaluation;
mod table_sums;

use rust_decimal::Decimal;

use crate::domain::{Pointer, Snapshot};

pub use evaluation::national_grade_bands;
pub use expenditure::top_level_rows;
pub use finding::{blocks, Finding, FindingDraft, FindingKind, Severity};
pub use self_evaluation::{tables as self_evaluation_tables, walk as walk_indicators};

/// Runs every check on `snapshot`; `prior` is the stored snapshot of the year before, if any.
pub fn audit(snapshot: &Snapshot, prior: Option<&Snapshot>) -> Vec<Finding> {
    let mut a = Auditor::default();
    a.budget(snapshot, prior);
    a.expenditure(snapshot);
    a.final_accounts(snapshot);
    a.key_projects(snapshot);
    a.profile(snapshot);
    a.people(snapshot);
    a.funds(snapshot);
    a.projects_against_project_expenditure(snapshot);
    a.balances(snapshot);
    a.breakdowns(snapshot);
    a.evaluation(snapshot);
    a.grade_bands(snapshot);
    a.self_evaluation(snapshot);
    a.self_evaluation_tables(snapshot);
    a.indicator_scoring(snapshot);
    a.formulas(snapshot);
    a.project_counts(snapshot);
    a.claims(snapshot);
    a.document_facts(snapshot);
    a.measurements(snapshot, prior);
    a.completeness(snapshot);
    a.findings
}

/// Collects the findings of every check, in the order the checks run.
#[derive(Default)]
struct Auditor {
    findings: Vec<Finding>,
}

impl Auditor {
    fn report(&mut self, finding: Finding) {
        self.findings.push(finding);
    }
}

/// A figure and, when it is in the snapshot being checked, its pointer.
struct Located {
    value: Decimal,
    at: Option<Pointer>,
}

impl Located {
    fn at(value: Decimal, pointer: Pointer) -> Self {
        Located { value, at: Some(pointer) }
    }
}

/// A figure as findings show it: without trailing zeros (`2374.00` is `2374`).
fn show(value: Decimal) -> String {
    value.normalize().to_string()
}
