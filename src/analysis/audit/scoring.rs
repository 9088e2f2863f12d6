//! How each indicator of a self-evaluation table is scored: the points against the weight × the
//! stated 得分系数, and against the table's own rule for the actual value (deductions, bands,
//! weight × value, full if met), each at the precision the points are printed with; and the
//! stated counts of indicators by type against their total.

use rust_decimal::Decimal;

use super::checks::what;
use super::self_evaluation::{tables, walk};
use super::{show, Auditor, Finding, FindingKind};
use crate::analysis::achievement::achievement;
use crate::analysis::arith::round;
use crate::analysis::scoring::{agrees, rule_points};
use crate::domain::{Cell, Indicator, IndicatorRule, IndicatorValue, Number, Pointer, SelfEvaluation, Snapshot};

fn known(cell: &Option<Cell<Number>>) -> Option<Decimal> {
    cell.as_ref().and_then(Cell::known).map(|n| n.0)
}

impl Auditor {
    pub(super) fn indicator_scoring(&mut self, s: &Snapshot) {
        for (at, table) in tables(s) {
            walk(&(&at / "indicators"), &table.indicators, &mut |at, indicator| {
                self.coefficient(at, indicator);
                self.points_by_rule(at, indicator);
            });
            self.indicator_counts(&at, table);
        }
    }

    /// 得分 = 指标权重 × 得分系数, at the points' printed precision.
    fn coefficient(&mut self, at: &Pointer, i: &Indicator) {
        let (Some(coefficient), Some(weight), Some(points)) =
            (known(&i.stated_coefficient), known(&i.weight), known(&i.points))
        else {
            return;
        };
        let exact = weight * coefficient / Decimal::ONE_HUNDRED;
        if agrees(points, &[exact]) {
            return;
        }
        let (name, expected) = (&i.name, show(round(exact, points.scale().max(2))));
        let (points, weight, coefficient) = (show(points), show(weight), show(coefficient));
        self.report(
            Finding::error(FindingKind::CoefficientMismatch)
                .at_all([at / "points", at / "weight", at / "stated_coefficient"])
                .stated(&points)
                .recomputed(&expected)
                .zh(format!("指标“{name}”：得分{points}，按权重{weight}×得分系数{coefficient}%应为{expected}"))
                .message(format!(
                    "{name}: {points} points, but weight {weight} × coefficient {coefficient}% gives {expected}"
                )),
        );
    }

    /// The points against the indicator's own rule applied to its actual value.
    fn points_by_rule(&mut self, at: &Pointer, i: &Indicator) {
        let (Some(rule), Some(IndicatorValue::Number(value)), Some(weight), Some(points)) =
            (&i.scoring_rule, &i.actual, known(&i.weight), known(&i.points))
        else {
            return;
        };
        let candidates = rule_points(rule, *value, weight, achievement(i));
        if candidates.is_empty() || agrees(points, &candidates) {
            return;
        }
        let (name, expected) = (&i.name, show(round(candidates[0], points.scale().max(2))));
        let (rule_zh, rule_en) = describe(rule);
        let (points, value) = (show(points), show(*value));
        self.report(
            Finding::error(FindingKind::PointsRuleMismatch)
                .at_all([at / "points", at / "actual", at / "scoring_rule"])
                .stated(&points)
                .recomputed(&expected)
                .zh(format!("指标“{name}”：得分{points}，完成值{value}按评分规则（{rule_zh}）应得{expected}分"))
                .message(format!(
                    "{name}: {points} points, but the actual value {value} by the rule ({rule_en}) gives {expected}"
                )),
        );
    }

    /// 年度目标下设33个三级绩效指标,包括23个数量指标…: the counts by type against the total.
    fn indicator_counts(&mut self, at: &Pointer, table: &SelfEvaluation) {
        let Some(counts) = &table.stated_indicator_counts else { return };
        if counts.by_type.is_empty() {
            return;
        }
        let at = at / "stated_indicator_counts";
        let sum: u64 = counts.by_type.iter().map(|c| u64::from(c.count)).sum();
        let Some(stated) = counts.stated_total else { return };
        if u64::from(stated) == sum {
            return;
        }
        let parts = counts.by_type.iter().map(|c| format!("{}个{}", c.count, c.label)).collect::<Vec<_>>().join("、");
        let w = what("the indicator count", "绩效指标个数");
        self.report(
            Finding::error(FindingKind::CountMismatch)
                .at(&at / "stated_total")
                .at_all((0..counts.by_type.len()).map(|n| &at / "by_type" / n / "count"))
                .stated(stated.to_string())
                .recomputed(sum.to_string())
                .zh(format!("{}：报告所列为{stated}个，按类型（{parts}）合计为{sum}个", w.zh))
                .message(format!("{}: {stated} stated, the counts by type sum to {sum}", w.en)),
        );
    }
}

/// A rule in words, Chinese and English.
fn describe(rule: &IndicatorRule) -> (String, String) {
    match rule {
        IndicatorRule::Deduction(d) => {
            let (zh, en) = match d.direction {
                crate::domain::DeductionDirection::Above => ("超过", "above"),
                crate::domain::DeductionDirection::Below => ("低于", "below"),
            };
            (
                format!("以{}为标准，每{zh}{}扣{}分，扣完为止", d.standard, d.per, d.deduct),
                format!("standard {}, {} off per {} {en} it, down to 0", d.standard, d.deduct, d.per),
            )
        }
        IndicatorRule::Bands(bands) => (format!("分{}档计分", bands.len()), format!("{} bands", bands.len())),
        IndicatorRule::Proportional => ("权重×完成值，不超过权重".into(), "weight × value, at most the weight".into()),
        IndicatorRule::FullIfMet => ("达成得满分，未达成不得分".into(), "full points if met, none otherwise".into()),
    }
}
