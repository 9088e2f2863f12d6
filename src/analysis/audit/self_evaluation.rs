//! The typed self-evaluation tables (schema 2): the overall report's and each project's. Each
//! indicator is judged by its derived achievement; the execution block and the sums have modules
//! of their own.

use rust_decimal::Decimal;

use super::metrics::Budget;
use super::portfolio::find_item;
use super::{show, Auditor, Finding, FindingKind};
use crate::analysis::achievement::{achievement, Achievement};
use crate::domain::{BudgetItem, Cell, Indicator, IndicatorValue, Narrative, Pointer, SelfEvaluation, Snapshot};

/// Calls `visit` on every indicator of `indicators`, depth first, with its pointer.
pub fn walk<'a>(at: &Pointer, indicators: &'a [Indicator], visit: &mut impl FnMut(&Pointer, &'a Indicator)) {
    for (n, indicator) in indicators.iter().enumerate() {
        let at = at / n;
        visit(&at, indicator);
        walk(&(&at / "children"), &indicator.children, visit);
    }
}

/// The tables of a snapshot with their pointers: the overall one, then each project's.
pub fn tables(s: &Snapshot) -> impl Iterator<Item = (Pointer, &SelfEvaluation)> {
    let overall = s.self_evaluation.iter().map(|t| (Pointer::root() / "self_evaluation", t));
    let projects = s.projects.iter().enumerate().filter_map(|(p, project)| {
        project.evaluation.as_ref().map(|t| (Pointer::root() / "projects" / p / "evaluation", t))
    });
    overall.chain(projects)
}

impl Auditor {
    pub(super) fn self_evaluation_tables(&mut self, s: &Snapshot) {
        let root = Pointer::root();
        if let Some(table) = &s.self_evaluation {
            let budget = find_item(&s.funds, &(&root / "funds"), BudgetItem::Expenditure);
            self.table(&(&root / "self_evaluation"), table, budget, Vec::new());
        }
        for (p, project) in s.projects.iter().enumerate() {
            let at = &root / "projects" / p;
            let mut unfilled = Vec::new();
            narrative(&mut unfilled, &at / "content", &project.content);
            match &project.evaluation {
                Some(table) => {
                    let budget = project.funding.as_ref().map(|f| (&at / "funding", f));
                    self.table(&(&at / "evaluation"), table, budget, unfilled)
                }
                None => self.template_unfilled(unfilled),
            }
        }
    }

    /// One table; `budget` is the document's (or project's) budget line, which its standard
    /// indicators measure unless the table has an execution block; `unfilled` holds what its
    /// document part left unfilled outside the table.
    fn table(&mut self, at: &Pointer, table: &SelfEvaluation, budget: Budget, mut unfilled: Vec<Pointer>) {
        if let Some(block) = &table.execution {
            self.execution_block(&(at / "execution"), block);
        }
        let budget = match &table.execution {
            Some(block) => Some((at / "execution" / "total", &block.total)),
            None => budget,
        };
        self.table_sums(at, table);
        walk(&(at / "indicators"), &table.indicators, &mut |at, indicator| {
            self.indicator(at, indicator, table.has_reason_column);
            self.metric(at, indicator, &budget);
        });
        unfilled_cells(&mut unfilled, at, table);
        self.template_unfilled(unfilled);
    }

    /// One indicator: points within the weight, no full points on a missed target, a reason for a miss.
    fn indicator(&mut self, at: &Pointer, i: &Indicator, has_reason_column: bool) {
        let cell = |c: &Option<Cell<crate::domain::Number>>| c.as_ref().and_then(Cell::known).map(|n| n.0);
        let achieved = achievement(i);
        let name = &i.name;
        if let (Some(points), Some(weight)) = (cell(&i.points), cell(&i.weight)) {
            if points > weight {
                self.points_above_weight(at, name, points, weight);
            } else if points == weight && !weight.is_zero() && achieved.is_missed() {
                let by = if achieved == Achievement::Missed {
                    "按指标值与完成值"
                } else {
                    "按报告所填完成情况"
                };
                self.report(
                    Finding::warning(FindingKind::FullPointsDespiteMiss)
                        .at_all([at / "points", at / "actual", at / "weight"])
                        .stated(show(points))
                        .recomputed(format!("< {}", show(weight)))
                        .zh(format!("指标“{name}”{by}未达成目标，却得满分{}", show(points)))
                        .message(format!("{name}: full points ({}) although the target was missed", show(points))),
                );
            }
        }
        let reason_given = i.deviation_reason.as_ref().and_then(Narrative::text).is_some();
        if achieved.is_missed() && !reason_given && (has_reason_column || i.deviation_reason.is_some()) {
            self.report(
                Finding::warning(FindingKind::MissingDeviationReason)
                    .at_all([at / "deviation_reason", at / "actual"])
                    .zh(format!("指标“{name}”未达成目标，未说明偏差原因"))
                    .message(format!("{name}: the target was missed and no reason for the deviation is given")),
            );
        }
    }

    /// Points (at `at/points`) above the weight (at `at/weight`) of a row or the execution block.
    pub(super) fn points_above_weight(&mut self, at: &Pointer, name: &str, points: Decimal, weight: Decimal) {
        if points <= weight {
            return;
        }
        self.report(
            Finding::error(FindingKind::PointsAboveWeight)
                .at_all([at / "points", at / "weight"])
                .stated(show(points))
                .recomputed(format!("≤ {}", show(weight)))
                .zh(format!("“{name}”：得分{}超过分值{}", show(points), show(weight)))
                .message(format!("{name}: {} points for a weight of {}", show(points), show(weight))),
        );
    }

    /// One note listing every prompt left in place and every blank 完成值, 得分 and 总分 cell.
    fn template_unfilled(&mut self, unfilled: Vec<Pointer>) {
        if unfilled.is_empty() {
            return;
        }
        let count = unfilled.len();
        self.report(
            Finding::info(FindingKind::TemplateUnfilled)
                .at_all(unfilled)
                .stated(count.to_string())
                .zh(format!("自评表有{count}处模板内容未填写（提示语原样保留或完成值、得分空白）"))
                .message(format!("{count} template prompts or result cells of the self-evaluation are left unfilled")),
        );
    }
}

fn narrative(found: &mut Vec<Pointer>, at: Pointer, narrative: &Option<Narrative>) {
    if let Some(Narrative::Unfilled(_)) = narrative {
        found.push(at);
    }
}

fn blank<T>(found: &mut Vec<Pointer>, at: Pointer, cell: &Option<Cell<T>>) {
    if let Some(Cell::Blank) = cell {
        found.push(at);
    }
}

/// The unfilled answers and blank result cells of a table, in document order.
fn unfilled_cells(found: &mut Vec<Pointer>, at: &Pointer, t: &SelfEvaluation) {
    narrative(found, at / "goal", &t.goal);
    narrative(found, at / "goal_achieved", &t.goal_achieved);
    if let Some(block) = &t.execution {
        blank(found, at / "execution" / "points", &block.points);
        narrative(found, at / "execution" / "total" / "reason", &block.total.reason);
    }
    walk(&(at / "indicators"), &t.indicators, &mut |at, i| {
        if matches!(i.actual, Some(IndicatorValue::Blank)) {
            found.push(at / "actual");
        }
        blank(found, at / "points", &i.points);
        narrative(found, at / "deviation_reason", &i.deviation_reason);
        narrative(found, at / "measure", &i.measure);
    });
    blank(found, at / "stated_score", &t.stated_score);
    for (key, answer) in [("conclusion", &t.conclusion), ("problems", &t.problems), ("measures", &t.measures)] {
        narrative(found, at / key, answer);
    }
}
