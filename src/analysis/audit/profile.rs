//! The unit's profile: the staff total against the staff by category, the division count
//! against the divisions listed.

use super::checks::what;
use super::{Auditor, Finding, FindingKind};
use crate::domain::{Pointer, Snapshot};

impl Auditor {
    pub(super) fn profile(&mut self, s: &Snapshot) {
        let Some(p) = &s.profile else { return };
        let root = Pointer::root() / "profile";
        if !p.staff.is_empty() {
            let sum: u32 = p.staff.iter().map(|c| c.count).sum();
            if let Some(stated) = p.stated_staff_total.filter(|&t| t != sum) {
                let parts = |unit: &str| {
                    p.staff.iter().map(|c| format!("{} {}{unit}", c.category, c.count)).collect::<Vec<_>>().join(" + ")
                };
                self.report(
                    Finding::error(FindingKind::CountMismatch)
                        .at(&root / "stated_staff_total")
                        .at_all((0..p.staff.len()).map(|i| &root / "staff" / i / "count"))
                        .stated(stated.to_string())
                        .recomputed(sum.to_string())
                        .zh(format!("人员：报告所列合计为{stated}人，但{} = {sum}人", parts("人")))
                        .message(format!("staff: {stated} stated, but {} = {sum}", parts(""))),
                );
            }
        }
        if !p.divisions.is_empty() {
            self.count(
                root / "stated_division_count",
                p.stated_division_count,
                p.divisions.len(),
                &what("internal divisions", "内设股室数量"),
            );
        }
    }
}
