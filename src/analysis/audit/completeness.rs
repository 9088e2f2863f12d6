//! Completeness: the parts every disclosure must contain.

use super::{Auditor, Finding, FindingKind, Severity};
use crate::domain::{Pointer, Snapshot};

impl Auditor {
    pub(super) fn completeness(&mut self, s: &Snapshot) {
        let root = Pointer::root();
        let parts: [(Pointer, &str, &str, bool); 6] = [
            (
                &root / "budget",
                "the year-start budget (年初预算)",
                "年初预算",
                s.budget.as_ref().is_some_and(|b| !b.lines.is_empty()),
            ),
            (
                &root / "final_accounts",
                "the final accounts (决算)",
                "决算",
                s.final_accounts.as_ref().is_some_and(|f| f.income.is_some() || f.expenditure.is_some()),
            ),
            (
                &root / "goals",
                "the performance goals (绩效目标)",
                "绩效目标",
                s.goals.as_ref().is_some_and(|g| g.strategic.is_some() || !g.targets.is_empty()),
            ),
            (
                &root / "evaluation" / "score",
                "the evaluation score (评价得分)",
                "评价得分",
                s.evaluation.as_ref().is_some_and(|e| e.score.is_some()),
            ),
            (&root / "problems", "the problems found (存在的问题)", "存在的问题", !s.problems.is_empty()),
            (
                &root / "recommendations",
                "the corrective measures (改进措施)",
                "改进措施",
                !s.recommendations.is_empty(),
            ),
        ];
        // A snapshot that says where its figures come from (`source`) is a declared partial
        // reconstruction: what it lacks is noted, not held against it.
        let severity = if s.source.is_some() { Severity::Info } else { Severity::Warning };
        for (at, what, what_zh, present) in parts {
            if !present {
                self.report(
                    Finding::with_severity(severity, FindingKind::MissingPart)
                        .at(at)
                        .zh(format!("公开的报告应包含{what_zh}，本报告没有"))
                        .message(format!("a disclosure must contain {what}, and this one does not")),
                );
            }
        }
    }
}
