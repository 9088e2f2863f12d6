//! Standard indicators of a self-evaluation table against the budget they measure: a 预算完成率 or
//! 预算执行率 whose actual value is not the execution rate, a 结转结余率 of 0 while part of the
//! budget was not executed. The budget is the table's execution block, else the document's
//! expenditure line (部门整体支出) or the project's funding.

use rust_decimal::Decimal;

use super::rate_basis::{base_phase, usual, StatedRate};
use super::{show, Auditor, Finding, FindingKind};
use crate::analysis::arith::{agrees_at_stated_precision, round};
use crate::domain::{AmountLine, Cell, Indicator, IndicatorValue, Pointer, StandardMetric};

/// The budget a table's standard indicators are checked against, with its pointer.
pub(super) type Budget<'a> = Option<(Pointer, &'a AmountLine)>;

/// An execution rate of the budget, in percent: stated on its line or recomputed from its amounts.
struct Rate {
    percent: Decimal,
    pointers: Vec<Pointer>,
    /// Printed by the report (compared at either figure's precision) rather than recomputed.
    stated: bool,
}

/// The execution rates the budget line gives: recomputed from its amounts first, then as stated.
fn execution_rates(at: &Pointer, line: &AmountLine) -> Vec<Rate> {
    let base = base_phase(line, line.stated_rates.first().and_then(|r| r.of));
    let recomputed = line.executed.as_ref().and_then(Cell::known).and_then(|_| usual(at, line, base));
    let recomputed = recomputed.map(|r| Rate { percent: r.percent, pointers: r.pointers, stated: false });
    let stated = line.stated_rates.iter().enumerate().filter_map(|(k, r)| {
        let value = r.value.known()?.0;
        Some(Rate { percent: value, pointers: vec![at / "stated_rates" / k / "value"], stated: true })
    });
    recomputed.into_iter().chain(stated).collect()
}

/// Whether an indicator's actual value (printed) agrees with a rate.
fn agrees(actual: Decimal, rate: &Rate) -> bool {
    agrees_at_stated_precision(actual, rate.percent)
        || (rate.stated && agrees_at_stated_precision(rate.percent, actual))
}

impl Auditor {
    /// One indicator that is a standard metric, against `budget`.
    pub(super) fn metric(&mut self, at: &Pointer, i: &Indicator, budget: &Budget) {
        let (Some(metric), Some((line_at, line))) = (i.metric, budget) else { return };
        let Some(IndicatorValue::Number(actual)) = i.actual else { return };
        if i.unit.as_deref().is_some_and(|unit| unit != "%") {
            return;
        }
        let rates = execution_rates(line_at, line);
        if metric.is_execution_rate() {
            self.execution_rate_indicator(at, i, actual, (line_at, line), &rates);
        } else if metric == StandardMetric::CarryOverRate && actual.is_zero() {
            self.carry_over_without_balance(at, i, line, &rates);
        }
    }

    fn execution_rate_indicator(
        &mut self,
        at: &Pointer,
        i: &Indicator,
        actual: Decimal,
        (line_at, line): (&Pointer, &AmountLine),
        rates: &[Rate],
    ) {
        if rates.iter().any(|rate| agrees(actual, rate)) {
            return;
        }
        let (what_zh, what) = (format!("指标“{}”的完成值", i.name), format!("indicator {}", i.name));
        let noted = StatedRate { at: at / "actual", value: actual, what_zh: &what_zh, what: &what };
        let base = base_phase(line, line.stated_rates.first().and_then(|r| r.of));
        if self.opening_counted_as_budget(noted, line_at, line, base) {
            return;
        }
        let Some(rate) = rates.first() else { return };
        let (stated, shown) = (show(actual), show(round(rate.percent, actual.scale().max(2))));
        self.report(
            Finding::warning(FindingKind::IndicatorContradictsExecution)
                .at(at / "actual")
                .at_all(rate.pointers.clone())
                .stated(format!("{stated}%"))
                .recomputed(format!("{shown}%"))
                .zh(format!("指标“{}”完成值为{stated}%，但“{}”的执行率为{shown}%", i.name, line.label))
                .message(format!(
                    "indicator {} is {stated}% but the execution rate of {} is {shown}%",
                    i.name, line.label
                )),
        );
    }

    /// A carry-over rate of 0 while less than all of the budget was executed.
    fn carry_over_without_balance(&mut self, at: &Pointer, i: &Indicator, line: &AmountLine, rates: &[Rate]) {
        let Some(rate) = rates.first().filter(|r| r.percent < Decimal::ONE_HUNDRED) else { return };
        let shown = show(round(rate.percent, 2));
        let unspent = show(round(Decimal::ONE_HUNDRED - rate.percent, 2));
        self.report(
            Finding::warning(FindingKind::IndicatorContradictsExecution)
                .at(at / "actual")
                .at_all(rate.pointers.clone())
                .stated("0%")
                .recomputed(format!("{unspent}%"))
                .zh(format!(
                    "指标“{}”完成值为0，但“{}”的执行率仅为{shown}%：{unspent}%的预算未执行，通常应形成结转结余",
                    i.name, line.label
                ))
                .message(format!(
                    "indicator {} is 0 but the execution rate of {} is only {shown}%: the {unspent}% not executed would normally be carried over",
                    i.name, line.label
                )),
        );
    }
}
