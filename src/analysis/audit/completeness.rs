//! Completeness: the parts a disclosure of its kind must contain. An overall report needs its
//! budget, its execution, its goals, a score or a grade, its problems and its measures; a project
//! report needs, per project, its money, its goals or indicators and a score or a grade; a
//! transfer-payment report its money and goals; final accounts their figures. A snapshot that
//! holds only an excerpt of its document is not told what the excerpt leaves out.

use super::{Auditor, Finding, FindingKind, Severity};
use crate::domain::{Cell, Coverage, DocumentKind, Pointer, ProjectReport, SelfEvaluation, Snapshot};

/// A part the document must contain: where it goes, what it is (English, Chinese), whether it is there.
struct Required {
    at: Pointer,
    what: &'static str,
    what_zh: &'static str,
    present: bool,
}

impl Auditor {
    pub(super) fn completeness(&mut self, s: &Snapshot) {
        if s.coverage == Some(Coverage::Excerpt) {
            return;
        }
        let required = match s.kind.unwrap_or(DocumentKind::Overall) {
            DocumentKind::Overall => overall(s),
            DocumentKind::Project => project(s),
            DocumentKind::TransferPayment => transfer_payment(s),
            DocumentKind::FinalAccounts => final_accounts(s),
        };
        // A snapshot that says where its figures come from (`source`) is a declared partial
        // reconstruction: what it lacks is noted, not held against it.
        let severity = if s.source.is_some() { Severity::Info } else { Severity::Warning };
        for Required { at, what, what_zh, present } in required {
            if !present {
                self.report(
                    Finding::with_severity(severity, FindingKind::MissingPart)
                        .at(at)
                        .zh(format!("报告应包含{what_zh}，本报告未见"))
                        .message(format!("a disclosure must contain {what}, and this one does not")),
                );
            }
        }
    }
}

fn required(at: Pointer, what: &'static str, what_zh: &'static str, present: bool) -> Required {
    Required { at, what, what_zh, present }
}

/// 部门整体支出: the schema-1 parts, each also found in its schema-2 place.
fn overall(s: &Snapshot) -> Vec<Required> {
    let root = Pointer::root();
    let table = s.self_evaluation.as_ref();
    vec![
        required(
            &root / "budget",
            "the year-start budget (年初预算)",
            "年初预算",
            s.budget.as_ref().is_some_and(|b| !b.lines.is_empty()) || !s.funds.is_empty(),
        ),
        required(
            &root / "final_accounts",
            "the final accounts (决算)",
            "决算（预算执行）情况",
            s.final_accounts.as_ref().is_some_and(|f| f.income.is_some() || f.expenditure.is_some())
                || s.funds.iter().any(|l| l.executed.is_some())
                || table.is_some_and(|t| t.execution.is_some()),
        ),
        required(
            &root / "goals",
            "the performance goals (绩效目标)",
            "绩效目标",
            s.goals.as_ref().is_some_and(|g| g.strategic.is_some() || !g.targets.is_empty())
                || table.is_some_and(has_goals),
        ),
        required(
            &root / "evaluation" / "score",
            "the evaluation score or grade (评价得分或等级)",
            "评价得分或等级",
            s.evaluation.as_ref().is_some_and(|e| e.score.is_some() || e.stated_grade.is_some())
                || table.is_some_and(has_score_or_grade),
        ),
        required(
            &root / "problems",
            "the problems found (存在的问题)",
            "存在的问题",
            !s.problems.is_empty() || table.is_some_and(|t| t.problems.as_ref().is_some_and(|n| n.text().is_some())),
        ),
        required(
            &root / "recommendations",
            "the corrective measures (改进措施)",
            "改进措施",
            !s.recommendations.is_empty()
                || table.is_some_and(|t| t.measures.as_ref().is_some_and(|n| n.text().is_some())),
        ),
    ]
}

/// 项目支出: at least one project, each with its money, its goals or indicators, a score or a grade.
fn project(s: &Snapshot) -> Vec<Required> {
    let root = Pointer::root();
    if s.projects.is_empty() {
        return vec![required(&root / "projects", "the projects evaluated (项目)", "所评价的项目", false)];
    }
    let each = |(i, p): (usize, &ProjectReport)| {
        let at = &root / "projects" / i;
        let table = p.evaluation.as_ref();
        [
            required(
                &at / "funding",
                "the project's funding (项目资金)",
                "项目资金情况",
                p.funding.is_some() || table.is_some_and(|t| t.execution.is_some()),
            ),
            required(
                &at / "evaluation" / "indicators",
                "the project's goals or indicators (绩效目标或指标)",
                "项目绩效目标或指标",
                table.is_some_and(has_goals),
            ),
            required(
                &at / "evaluation" / "stated_score",
                "the project's score or grade (自评得分或等级)",
                "项目自评得分或等级",
                table.is_some_and(has_score_or_grade),
            ),
        ]
    };
    s.projects.iter().enumerate().flat_map(each).collect()
}

/// 转移支付: the money and what it was for.
fn transfer_payment(s: &Snapshot) -> Vec<Required> {
    let root = Pointer::root();
    vec![
        required(
            &root / "funds",
            "the funds and their use (资金情况)",
            "资金情况",
            !s.funds.is_empty() || s.projects.iter().any(|p| p.funding.is_some()),
        ),
        required(
            &root / "self_evaluation",
            "the goals or indicators (绩效目标或指标)",
            "绩效目标或指标",
            s.goals.is_some() || s.self_evaluation.as_ref().is_some_and(has_goals),
        ),
    ]
}

/// 决算公开: the figures.
fn final_accounts(s: &Snapshot) -> Vec<Required> {
    let present = !s.funds.is_empty() || !s.balances.is_empty() || s.final_accounts.is_some();
    vec![required(Pointer::root() / "funds", "the final accounts' figures (决算数)", "决算数据", present)]
}

fn has_goals(t: &SelfEvaluation) -> bool {
    t.goal.is_some() || !t.indicators.is_empty()
}

fn has_score_or_grade(t: &SelfEvaluation) -> bool {
    matches!(t.stated_score, Some(Cell::Value(_))) || t.stated_grade.is_some()
}
