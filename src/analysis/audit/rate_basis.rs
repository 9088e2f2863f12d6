//! A rate that counts the opening balance (年初结余) as budget. The usual basis of an execution
//! rate is executed ÷ budget; some reports divide what was spent by opening balance + budget
//! instead (spent being the executed amount, or opening + budget − closing balance when only the
//! balances are printed). When only that basis reproduces a stated rate, the report is noted
//! (`rate_basis_differs`, info), not contradicted.

use rust_decimal::Decimal;

use super::{show, Auditor, Finding, FindingKind};
use crate::analysis::arith::{agrees_at_stated_precision, round};
use crate::domain::{AmountLine, AmountPhase, Cell, Money, Pointer};

/// A ratio recomputed from a line's amounts, in percent, exactly, with what it is made of.
pub(super) struct Ratio {
    pub percent: Decimal,
    pub pointers: Vec<Pointer>,
    pub formula_zh: String,
    pub formula: String,
}

/// The budget a rate of `line` divides by: `of`, else the adjusted budget if printed, else the
/// year-start one.
pub(super) fn base_phase(line: &AmountLine, of: Option<AmountPhase>) -> AmountPhase {
    of.unwrap_or(if line.adjusted.is_some() { AmountPhase::Adjusted } else { AmountPhase::YearStart })
}

fn known(cell: Option<&Cell<Money>>) -> Option<Decimal> {
    cell.and_then(Cell::known).map(|m| m.in_wan())
}

fn percent(numerator: Decimal, denominator: Decimal) -> Option<Decimal> {
    (!denominator.is_zero()).then(|| numerator * Decimal::ONE_HUNDRED / denominator)
}

/// The usual rate as far as the line gives it: executed ÷ budget, else (budget − closing balance)
/// ÷ budget (the balance left taken as the budget not spent).
pub(super) fn usual(at: &Pointer, line: &AmountLine, base: AmountPhase) -> Option<Ratio> {
    let budget = known(line.phase(base))?;
    let base_at = at / base.as_str();
    if let Some(executed) = known(line.executed.as_ref()) {
        return Some(Ratio {
            percent: percent(executed, budget)?,
            pointers: vec![at / "executed", base_at],
            formula_zh: format!("执行数{} ÷ 预算数{}", show(executed), show(budget)),
            formula: format!("executed {} ÷ budget {}", show(executed), show(budget)),
        });
    }
    let closing = known(line.closing_balance.as_ref())?;
    Some(Ratio {
        percent: percent(budget - closing, budget)?,
        pointers: vec![at / "closing_balance", base_at],
        formula_zh: format!("（预算数{} − 年末结余{}）÷ 预算数{}", show(budget), show(closing), show(budget)),
        formula: format!("(budget {} − closing balance {}) ÷ budget {}", show(budget), show(closing), show(budget)),
    })
}

/// Spent ÷ (opening balance + budget): none without a (non-zero) opening balance.
pub(super) fn with_opening(at: &Pointer, line: &AmountLine, base: AmountPhase) -> Option<Ratio> {
    let opening = known(line.opening_balance.as_ref()).filter(|o| !o.is_zero())?;
    let budget = known(line.phase(base))?;
    let (o, b) = (show(opening), show(budget));
    let mut pointers = vec![at / "opening_balance", at / base.as_str()];
    let (spent, spent_zh, spent_en) = match known(line.executed.as_ref()) {
        Some(executed) => {
            pointers.push(at / "executed");
            (executed, format!("执行数{}", show(executed)), format!("executed {}", show(executed)))
        }
        None => {
            let closing = known(line.closing_balance.as_ref())?;
            pointers.push(at / "closing_balance");
            let c = show(closing);
            (
                opening + budget - closing,
                format!("（年初结余{o} + 预算数{b} − 年末结余{c}）"),
                format!("(opening {o} + budget {b} − closing {c})"),
            )
        }
    };
    Some(Ratio {
        percent: percent(spent, opening + budget)?,
        pointers,
        formula_zh: format!("{spent_zh} ÷（年初结余{o} + 预算数{b}）"),
        formula: format!("{spent_en} ÷ (opening balance {o} + budget {b})"),
    })
}

/// A stated rate and what it is, for the note's pointers and messages.
pub(super) struct StatedRate<'a> {
    pub at: Pointer,
    pub value: Decimal,
    /// `指标“预算完成率”`, `indicator 预算完成率`.
    pub what_zh: &'a str,
    pub what: &'a str,
}

impl Auditor {
    /// Notes `rate_basis_differs` when `rate` is spent ÷ (opening balance + budget) of `line` (at
    /// `at`); returns whether it did. The caller has found that the usual basis does not give it.
    pub(super) fn opening_counted_as_budget(
        &mut self,
        rate: StatedRate,
        at: &Pointer,
        line: &AmountLine,
        base: AmountPhase,
    ) -> bool {
        let Some(alt) = with_opening(at, line, base).filter(|alt| agrees_at_stated_precision(rate.value, alt.percent))
        else {
            return false;
        };
        let scale = rate.value.scale().max(2);
        let stated = show(rate.value);
        let usual = usual(at, line, base);
        let (usual_zh, usual_en) = match &usual {
            Some(u) => {
                let p = show(round(u.percent, scale));
                (format!("按通常口径{} = {p}%；", u.formula_zh), format!("the usual basis {} gives {p}%; ", u.formula))
            }
            None => (String::new(), String::new()),
        };
        let alt_shown = show(round(alt.percent, scale));
        self.report(
            Finding::info(FindingKind::RateBasisDiffers)
                .at(rate.at)
                .at_all(alt.pointers)
                .stated(format!("{stated}%"))
                .recomputed(format!("{alt_shown}%"))
                .zh(format!(
                    "{}为{stated}%：{usual_zh}报告数只能由{} = {alt_shown}%得出，即把年初结余计入了预算",
                    rate.what_zh, alt.formula_zh
                ))
                .message(format!(
                    "{} is stated as {stated}%: {usual_en}it is reproduced only as {} = {alt_shown}%, counting the opening balance as budget",
                    rate.what, alt.formula
                )),
        );
        true
    }
}
