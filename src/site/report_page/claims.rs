//! 报告的总体表述 (schema 2): what the report claims in words of all its targets or rates, each
//! marked where the document's own indicators or rates contradict it (the finding says which).

use super::findings::Marks;
use crate::domain::{Claim, ClaimKind, Pointer, Snapshot};
use crate::site::doc::Doc;
use crate::site::table::{Cell, Table};

pub fn claims(doc: &mut Doc, s: &Snapshot, marks: &Marks) {
    if s.claims.is_empty() {
        return;
    }
    doc.section("报告的总体表述");
    let at = Pointer::root() / "claims";
    let mut t = Table::new("报告的总体表述与复核", &["报告原文", "表述的内容", "复核"]);
    for (i, claim) in s.claims.iter().enumerate() {
        let here = &at / i;
        let checked = match claim.kind {
            _ if marks.at(&here) => "与报告本身的数字不符，见复核结果",
            ClaimKind::AllTargetsMet => "未见与各项指标完成情况相悖之处",
            ClaimKind::AllRatesAt => "未见与报告所列比率相悖之处",
            ClaimKind::GoalAchievementRate | ClaimKind::Other => "无可复核的数字",
        };
        t.row(vec![marks.cell(&here, claim.text.clone()), Cell::text(meaning(claim)), Cell::text(checked)]);
    }
    doc.html(t.render());
}

/// What a claim says, in the page's words.
fn meaning(claim: &Claim) -> String {
    let value = claim.value.map(|v| v.to_string()).unwrap_or_default();
    match claim.kind {
        ClaimKind::AllTargetsMet => "全部指标均已完成".into(),
        ClaimKind::AllRatesAt => format!("各项比率均达到{value}%"),
        ClaimKind::GoalAchievementRate => format!("目标实现率{value}%"),
        ClaimKind::Other => "其他表述".into(),
    }
}
