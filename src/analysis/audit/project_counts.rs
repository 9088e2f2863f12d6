//! The project counts of a report (`portfolio`): projects at year start + added − removed against
//! the total it states, and each subset it says a count includes (含…) against that count. A
//! removal the report does not state is unknown, not zero: a total below start + added is then a
//! warning (a dropped project would explain it), never an error.

use super::{Auditor, Finding, FindingKind};
use crate::domain::{Pointer, Portfolio, Snapshot};

impl Auditor {
    pub(super) fn project_counts(&mut self, s: &Snapshot) {
        let Some(p) = &s.portfolio else { return };
        let at = Pointer::root() / "portfolio";
        self.start_plus_added(&at, p);
        for (i, subset) in p.includes.iter().enumerate() {
            let Some(whole) = p.count(subset.of).filter(|whole| subset.count > *whole) else { continue };
            let (label, part, of) = (&subset.label, subset.count, subset.of);
            self.report(
                Finding::error(FindingKind::PartExceedsWhole)
                    .at_all([&at / "includes" / i / "count", &at / of.as_str()])
                    .stated(part.to_string())
                    .recomputed(format!("≤ {whole}"))
                    .zh(format!("{}共{whole}个，其中所含“{label}”却有{part}个", of.zh()))
                    .message(format!("{} is {whole} but the {label} it includes are {part}", of.as_str())),
            );
        }
    }

    /// year start + added − removed = the stated total, when year start and added are known.
    fn start_plus_added(&mut self, at: &Pointer, p: &Portfolio) {
        let (Some(stated), Some(start), Some(added)) = (p.stated_project_count, p.at_year_start, p.added) else {
            return;
        };
        let (both, removed) = (i64::from(start) + i64::from(added), p.removed.map(i64::from));
        let expected = both - removed.unwrap_or(0);
        if expected == i64::from(stated) {
            return;
        }
        let mut pointers = vec![at / "stated_project_count", at / "at_year_start", at / "added"];
        let gap = both - i64::from(stated);
        let (draft, zh, en) = match removed {
            Some(removed) => {
                pointers.push(at / "removed");
                (
                    Finding::error(FindingKind::CountMismatch),
                    format!("报告称项目共{stated}个，但年初{start}个 + 年中增加{added}个 − 取消{removed}个 = {expected}个"),
                    format!("{stated} projects stated, but {start} at year start + {added} added − {removed} removed = {expected}"),
                )
            }
            // Fewer than start + added: a removal the report does not state would explain it.
            None if gap > 0 => (
                Finding::warning(FindingKind::CountMismatch),
                format!("报告称项目共{stated}个，但年初{start}个 + 年中增加{added}个 = {both}个；报告未说明取消了{gap}个项目"),
                format!(
                    "{stated} projects stated, but {start} at year start + {added} added = {both}; \
                     the report does not say that {gap} were removed"
                ),
            ),
            None => (
                Finding::error(FindingKind::CountMismatch),
                format!("报告称项目共{stated}个，多于年初{start}个与年中增加{added}个之和{both}个"),
                format!("{stated} projects stated, more than {start} at year start + {added} added = {both}"),
            ),
        };
        self.report(
            draft.at_all(pointers).stated(stated.to_string()).recomputed(expected.to_string()).zh(zh).message(en),
        );
    }
}
