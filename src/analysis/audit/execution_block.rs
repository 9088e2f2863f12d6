//! The budget-execution block of a self-evaluation table (预算执行情况): the stated execution rate
//! against its own amounts, the points against the rule the table states, the points against the
//! weight, and an adjustment of the budget without the reason the template asks for.

use rust_decimal::Decimal;

use super::rate_basis::{base_phase, StatedRate};
use super::{show, Auditor, Finding, FindingKind};
use crate::analysis::arith::{agrees_at_stated_precision, round};
use crate::domain::{AmountLine, AmountPhase, Cell, ExecutionBlock, Money, Pointer, ScoringRule};

/// A rate recomputed from the amounts of its line, with the pointers of those amounts.
struct Rate {
    percent: Decimal,
    at: Vec<Pointer>,
}

/// The phase a rate divides by: the one it names, else the adjusted budget, else the year-start one.
fn basis(line: &AmountLine, of: Option<AmountPhase>) -> Option<(AmountPhase, &Cell<Money>)> {
    let phases = match of {
        Some(phase) => vec![phase],
        None => vec![AmountPhase::Adjusted, AmountPhase::YearStart],
    };
    phases.into_iter().find_map(|phase| line.phase(phase).map(|cell| (phase, cell)))
}

/// executed ÷ basis in percent, exactly; `None` when a figure is unknown or the basis is zero.
fn recomputed_rate(at: &Pointer, line: &AmountLine, of: Option<AmountPhase>) -> Option<Rate> {
    let executed = line.executed.as_ref()?.known()?.in_wan();
    let (phase, cell) = basis(line, of)?;
    let base = cell.known()?.in_wan();
    if base.is_zero() {
        return None;
    }
    let percent = executed.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(base)?;
    Some(Rate { percent, at: vec![at / "executed", at / phase.as_str()] })
}

/// Both amounts zero: nothing was budgeted and nothing spent (0/0, printed as 0 or 0.00 %).
fn nothing_budgeted(line: &AmountLine, of: Option<AmountPhase>) -> bool {
    let zero = |cell: Option<&Cell<Money>>| cell.and_then(Cell::known).is_some_and(|m| m.value.is_zero());
    zero(line.executed.as_ref()) && basis(line, of).is_some_and(|(_, cell)| zero(Some(cell)))
}

impl Auditor {
    pub(super) fn execution_block(&mut self, at: &Pointer, block: &ExecutionBlock) {
        let total = at / "total";
        self.stated_rates(&total, &block.total);
        for (i, source) in block.total.by_source.iter().enumerate() {
            self.stated_rates(&(&total / "by_source" / i), source);
        }
        self.execution_points(at, block);
        self.adjustment_reason(&total, block);
    }

    /// Each stated rate of `line` against executed ÷ (its basis), at the precision it is printed with.
    fn stated_rates(&mut self, at: &Pointer, line: &AmountLine) {
        for (k, rate) in line.stated_rates.iter().enumerate() {
            let Some(stated) = rate.value.known() else { continue };
            let stated_at = at / "stated_rates" / k / "value";
            let exact = recomputed_rate(at, line, rate.of);
            if exact.as_ref().is_some_and(|exact| agrees_at_stated_precision(stated.0, exact.percent)) {
                continue;
            }
            let (what_zh, what) = (format!("“{}”{}", line.label, rate.name), format!("{} {}", line.label, rate.name));
            let noted = StatedRate { at: stated_at.clone(), value: stated.0, what_zh: &what_zh, what: &what };
            if self.opening_counted_as_budget(noted, at, line, base_phase(line, rate.of)) {
                continue;
            }
            let Some(exact) = exact else {
                if !stated.0.is_zero() && nothing_budgeted(line, rate.of) {
                    self.report(
                        Finding::error(FindingKind::RateMismatch)
                            .at(stated_at)
                            .stated(format!("{}%", stated))
                            .recomputed("0%")
                            .zh(format!("“{}”{}：报告所列为{}%，但预算数与执行数均为0", line.label, rate.name, stated))
                            .message(format!(
                                "{} {}: stated as {}% but nothing was budgeted or executed",
                                line.label, rate.name, stated
                            )),
                    );
                }
                continue;
            };
            let recomputed = round(exact.percent, stated.0.scale());
            self.report(
                Finding::error(FindingKind::RateMismatch)
                    .at(stated_at)
                    .at_all(exact.at)
                    .stated(format!("{stated}%"))
                    .recomputed(format!("{recomputed}%"))
                    .zh(format!(
                        "“{}”{}：报告所列为{stated}%，按报告的执行数与预算数复核为{recomputed}%",
                        line.label, rate.name
                    ))
                    .message(format!(
                        "{} {}: stated as {stated}% but the executed and budgeted amounts give {recomputed}%",
                        line.label, rate.name
                    )),
            );
        }
    }

    /// The block's points: not above its weight, and as its rule gives them from the rate.
    fn execution_points(&mut self, at: &Pointer, block: &ExecutionBlock) {
        let (Some(weight), Some(points)) =
            (block.weight.as_ref().and_then(Cell::known), block.points.as_ref().and_then(Cell::known))
        else {
            return;
        };
        let (weight, points) = (weight.0, points.0);
        let label = block.label.as_deref().unwrap_or("预算执行情况");
        self.points_above_weight(at, label, points, weight);
        if block.rule != Some(ScoringRule::Proportional) {
            return;
        }
        let total = at / "total";
        let stated = block
            .total
            .stated_rates
            .iter()
            .enumerate()
            .find_map(|(k, r)| r.value.known().map(|v| (v.0, r.of, &total / "stated_rates" / k / "value")));
        let recomputed = recomputed_rate(&total, &block.total, stated.as_ref().and_then(|s| s.1));
        // The rate the points follow: recomputed from the amounts when they are known; the stated
        // one also counts when it agrees with them (the table may have scored the rounded rate).
        let mut rates: Vec<(Decimal, Vec<Pointer>)> = Vec::new();
        match (&recomputed, &stated) {
            (Some(exact), Some((rate, _, _))) if agrees_at_stated_precision(*rate, exact.percent) => {
                rates.push((exact.percent, exact.at.clone()));
                rates.push((*rate, exact.at.clone()));
            }
            (Some(exact), _) => rates.push((exact.percent, exact.at.clone())),
            (None, Some((rate, _, rate_at))) => rates.push((*rate, vec![rate_at.clone()])),
            (None, None) => return,
        }
        let expected = |rate: Decimal| round(weight.min(weight * rate / Decimal::ONE_HUNDRED), points.scale());
        if rates.iter().any(|(rate, _)| expected(*rate) == points) {
            return;
        }
        let (rate, rate_at) = rates.swap_remove(0);
        let (rate_shown, expected) = (show(round(rate, 2)), show(expected(rate)));
        self.report(
            Finding::error(FindingKind::PointsRuleMismatch)
                .at_all([at / "points", at / "weight"])
                .at_all(rate_at)
                .stated(show(points))
                .recomputed(expected.clone())
                .zh(format!(
                    "{label}：得分{}，按评分规则（分值{}×执行率{rate_shown}%，不超过分值）应为{expected}",
                    show(points),
                    show(weight)
                ))
                .message(format!(
                    "{label}: {} points, but the rule (weight {} × execution rate {rate_shown}%, at most the weight) gives {expected}",
                    show(points),
                    show(weight)
                )),
        );
    }

    /// A budget adjusted during the year, in a template that asks why, with no reason given.
    fn adjustment_reason(&mut self, at: &Pointer, block: &ExecutionBlock) {
        let line = &block.total;
        let known = |cell: &Option<Cell<Money>>| cell.as_ref().and_then(Cell::known);
        let (Some(start), Some(adjusted)) = (known(&line.year_start), known(&line.adjusted)) else { return };
        let given = line.reason.as_ref().and_then(|r| r.text()).is_some();
        if !block.adjustment_needs_reason || given || start.in_wan() == adjusted.in_wan() {
            return;
        }
        self.report(
            Finding::warning(FindingKind::AdjustmentWithoutReason)
                .at_all([at / "reason", at / "year_start", at / "adjusted"])
                .stated(format!("{start} → {adjusted}"))
                .zh(format!(
                    "“{}”年初预算{start}调整为{adjusted}，模板要求说明调整理由，报告未说明",
                    line.label
                ))
                .message(format!(
                    "{}: the budget was adjusted from {start} to {adjusted} and the template asks for a reason; none is given",
                    line.label
                )),
        );
    }
}
