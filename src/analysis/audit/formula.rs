//! The unit's own formula for an indicator (`(63.46-32)÷32=98.31%`): its arithmetic at the
//! precision of the printed result, and whether its figures are the document's own. A base found
//! nowhere among the document's amounts while the other figure is one of them is noted: the rate
//! was computed from outside the report (and, where the line has a prior-year figure, what that
//! figure gives is shown beside it).

use rust_decimal::Decimal;

use super::self_evaluation::{tables, walk};
use super::{show, Auditor, Finding, FindingKind};
use crate::analysis::arith::{agrees_at_stated_precision, round};
use crate::domain::{AmountLine, BreakdownPart, Cell, FormulaKind, Money, Pointer, Snapshot, StatedFormula};

/// An amount the document prints, where, and the amount line it is on (if any).
struct Amount<'a> {
    money: Money,
    at: Pointer,
    line: Option<&'a AmountLine>,
}

impl Amount<'_> {
    /// Whether the amount is `n` as printed, or in 万元.
    fn is(&self, n: Decimal) -> bool {
        self.money.value == n || self.money.in_wan() == n
    }
}

/// The formula's result, exactly; none for a zero base.
fn exact(kind: FormulaKind, a: Decimal, b: Decimal) -> Option<Decimal> {
    if b.is_zero() {
        return None;
    }
    let numerator = match kind {
        FormulaKind::Ratio => a,
        FormulaKind::ChangeRate => a - b,
    };
    numerator.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(b)
}

impl Auditor {
    pub(super) fn formulas(&mut self, s: &Snapshot) {
        let amounts = amounts(s);
        for (at, table) in tables(s) {
            walk(&(&at / "indicators"), &table.indicators, &mut |at, indicator| {
                if let Some(formula) = &indicator.stated_formula {
                    let at = at / "stated_formula";
                    self.formula_arithmetic(&at, formula, &indicator.name);
                    self.formula_base(&at, formula, &indicator.name, &amounts);
                }
            });
        }
    }

    fn formula_arithmetic(&mut self, at: &Pointer, f: &StatedFormula, name: &str) {
        let Some(exact) = exact(f.kind, f.a.0, f.b.0) else { return };
        if agrees_at_stated_precision(f.result.0, exact) {
            return;
        }
        let (stated, recomputed) = (show(f.result.0), show(round(exact, f.result.0.scale().max(2))));
        self.report(
            Finding::error(FindingKind::FormulaMismatch)
                .at_all([at / "result", at / "a", at / "b"])
                .stated(format!("{stated}%"))
                .recomputed(format!("{recomputed}%"))
                .zh(format!("指标“{name}”的计算式“{}”：结果列为{stated}%，按式中数字复核为{recomputed}%", f.text))
                .message(format!(
                    "{name}: the formula “{}” states {stated}% but its figures give {recomputed}%",
                    f.text
                )),
        );
    }

    fn formula_base(&mut self, at: &Pointer, f: &StatedFormula, name: &str, amounts: &[Amount]) {
        let (a, b) = (f.a.0, f.b.0);
        let Some(found) = amounts.iter().find(|amount| amount.is(a)) else { return };
        if amounts.iter().any(|amount| amount.is(b)) {
            return;
        }
        let (a_shown, b_shown) = (show(a), show(b));
        let prior = found.line.and_then(|line| line.prior_year.as_ref()).and_then(Cell::known);
        let alternative = prior.filter(|_| f.kind == FormulaKind::ChangeRate).and_then(|prior| {
            let rate = exact(f.kind, a, prior.value)?;
            let rate = show(round(rate, f.result.0.scale().max(2)));
            let line = found.line.map_or("", |l| l.label.as_str());
            Some((
                rate.clone(),
                format!("；以报告所列“{line}”上年数{prior}为基数则为{rate}%"),
                format!("; with the report's prior-year figure {prior} of {line} it would be {rate}%"),
            ))
        });
        let (recomputed, alt_zh, alt_en) = match alternative {
            Some((rate, zh, en)) => (Some(format!("{rate}%")), zh, en),
            None => (None, String::new(), String::new()),
        };
        let draft =
            Finding::info(FindingKind::FormulaBaseNotInDocument).at_all([at / "b", found.at.clone()]).stated(&b_shown);
        let draft = match recomputed {
            Some(r) => draft.recomputed(r),
            None => draft,
        };
        self.report(
            draft
                .zh(format!(
                    "指标“{name}”的计算式“{}”以{b_shown}为基数，该数未见于报告所列金额，而{a_shown}见于报告{alt_zh}",
                    f.text
                ))
                .message(format!(
                    "{name}: the formula “{}” divides by {b_shown}, which is none of the document's amounts, while {a_shown} is one{alt_en}",
                    f.text
                )),
        );
    }
}

/// Every amount the document prints in its amount lines, balances, breakdowns and projects.
fn amounts(s: &Snapshot) -> Vec<Amount<'_>> {
    let root = Pointer::root();
    let mut found = Vec::new();
    for (i, line) in s.funds.iter().enumerate() {
        line_amounts(&mut found, &root / "funds" / i, line);
    }
    for (i, project) in s.projects.iter().enumerate() {
        if let Some(funding) = &project.funding {
            line_amounts(&mut found, &root / "projects" / i / "funding", funding);
        }
    }
    for (at, table) in tables(s) {
        if let Some(block) = &table.execution {
            line_amounts(&mut found, at / "execution" / "total", &block.total);
        }
    }
    for (i, flow) in s.balances.iter().enumerate() {
        let at = &root / "balances" / i;
        for (key, cell) in flow.cells() {
            push(&mut found, cell, &at / key, None);
        }
    }
    for (b, breakdown) in s.breakdowns.iter().enumerate() {
        let at = &root / "breakdowns" / b;
        push(&mut found, breakdown.stated_total.as_ref(), &at / "stated_total", None);
        for (p, partition) in breakdown.partitions.iter().enumerate() {
            part_amounts(&mut found, &at / "partitions" / p / "parts", &partition.parts);
        }
    }
    found
}

fn push<'a>(found: &mut Vec<Amount<'a>>, cell: Option<&Cell<Money>>, at: Pointer, line: Option<&'a AmountLine>) {
    if let Some(money) = cell.and_then(Cell::known) {
        found.push(Amount { money, at, line });
    }
}

fn line_amounts<'a>(found: &mut Vec<Amount<'a>>, at: Pointer, line: &'a AmountLine) {
    for (key, cell) in line.phase_cells() {
        push(found, cell, &at / key, Some(line));
    }
    for (key, children) in [("by_source", &line.by_source), ("parts", &line.parts)] {
        for (i, child) in children.iter().enumerate() {
            line_amounts(found, &at / key / i, child);
        }
    }
}

fn part_amounts(found: &mut Vec<Amount<'_>>, at: Pointer, parts: &[BreakdownPart]) {
    for (i, part) in parts.iter().enumerate() {
        push(found, part.amount.as_ref(), &at / i / "amount", None);
        part_amounts(found, &at / i / "parts", &part.parts);
    }
}
