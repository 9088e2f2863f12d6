//! Balance flows (结转结余): the closing balance against opening + income − expenditure (+ other
//! money in − other money out), in 万元, judged at the closing's printed precision in its own
//! unit; and two closings printed with the same digits in different units, which says that one
//! of the units is wrong (5862.89万元 beside 5862.89元).

use rust_decimal::Decimal;

use super::{show, Auditor, Finding, FindingKind};
use crate::analysis::arith::{agrees_at_printed_precision, in_unit_of, round};
use crate::domain::{BalanceFlow, Cell, Money, Pointer, Snapshot};

impl Auditor {
    pub(super) fn balances(&mut self, s: &Snapshot) {
        let list = Pointer::root() / "balances";
        for (i, flow) in s.balances.iter().enumerate() {
            self.balance_flow(&list / i, flow);
        }
        self.unit_mix_ups(&list, &s.balances);
    }

    fn balance_flow(&mut self, at: Pointer, flow: &BalanceFlow) {
        let (Some(Cell::Value(closing)), Some(flowed)) = (&flow.closing, flowed(flow)) else { return };
        if agrees_at_printed_precision(closing, flowed) {
            return;
        }
        let terms = terms_shown(flow);
        // Said in the closing's own unit too when it is not 万元: `0.86万元, 即8600元`.
        let in_closing_unit = closing.unit.map(|unit| {
            format!("{}{}", show(round(in_unit_of(closing, flowed), closing.value.scale())), unit.as_str())
        });
        let in_unit = in_closing_unit.as_ref().map_or(String::new(), |text| format!("，即{text}"));
        let in_unit_en = in_closing_unit.as_ref().map_or(String::new(), |text| format!(" = {text}"));
        let inputs = ["opening", "income", "expenditure", "other_in", "other_out"];
        self.report(
            Finding::error(FindingKind::BalanceMismatch)
                .at(&at / "closing")
                .at_all(inputs.iter().filter(|key| cell(flow, key).is_some()).map(|key| &at / *key))
                .stated(closing.to_string())
                .recomputed(format!("{}万元", show(flowed)))
                .zh(format!(
                    "“{}”年末结转和结余报告为{}，但{terms} = {}万元{in_unit}",
                    flow.label,
                    with_unit(closing),
                    show(flowed)
                ))
                .message(format!(
                    "{}: the closing balance is stated as {} but {terms} = {} 万元{in_unit_en}",
                    flow.label,
                    with_unit(closing),
                    show(flowed)
                )),
        );
    }

    /// Two closing balances with the same digits in different units (万元 and 元).
    fn unit_mix_ups(&mut self, list: &Pointer, flows: &[BalanceFlow]) {
        let closings: Vec<(usize, &BalanceFlow, &Money)> = flows
            .iter()
            .enumerate()
            .filter_map(|(i, f)| match &f.closing {
                Some(Cell::Value(money)) => Some((i, f, money)),
                _ => None,
            })
            .collect();
        for (n, &(i, first, a)) in closings.iter().enumerate() {
            for &(j, second, b) in &closings[n + 1..] {
                if a.value.to_string() != b.value.to_string() || a.unit() == b.unit() {
                    continue;
                }
                let flowed = flowed(first).or_else(|| flowed(second));
                let (hint_zh, hint_en) = match flowed {
                    Some(wan) => {
                        (format!("（收支计算得{}万元）", show(wan)), format!(" (the flows give {} 万元)", show(wan)))
                    }
                    None => (String::new(), String::new()),
                };
                self.report(
                    Finding::warning(FindingKind::UnitMixUp)
                        .at(list / i / "closing")
                        .at(list / j / "closing")
                        .stated(format!("{} / {}", with_unit(a), with_unit(b)))
                        .zh(format!(
                            "年末结转和结余在“{}”中为{}，在“{}”中为{}：数字相同而单位不同，至少一处单位有误{hint_zh}",
                            first.label,
                            with_unit(a),
                            second.label,
                            with_unit(b)
                        ))
                        .message(format!(
                            "the closing balance of {} is {} and that of {} is {}: the same digits in different units, so one unit is wrong{hint_en}",
                            first.label,
                            with_unit(a),
                            second.label,
                            with_unit(b)
                        )),
                );
            }
        }
    }
}

/// opening + income − expenditure + other in − other out, in 万元: none when a term is not known.
/// Other flows the report does not print (or slashes) are none; a blank or illegible one is
/// unknown.
fn flowed(flow: &BalanceFlow) -> Option<Decimal> {
    let required = |c: &Option<Cell<Money>>| c.as_ref().and_then(Cell::known).map(|m| m.in_wan());
    let optional = |c: &Option<Cell<Money>>| match c {
        None | Some(Cell::Slash) => Some(Decimal::ZERO),
        Some(Cell::Value(m)) => Some(m.in_wan()),
        Some(Cell::Blank | Cell::Illegible(_)) => None,
    };
    Some(
        required(&flow.opening)? + required(&flow.income)? - required(&flow.expenditure)? + optional(&flow.other_in)?
            - optional(&flow.other_out)?,
    )
}

fn cell<'a>(flow: &'a BalanceFlow, key: &str) -> Option<&'a Cell<Money>> {
    match key {
        "opening" => flow.opening.as_ref(),
        "income" => flow.income.as_ref(),
        "expenditure" => flow.expenditure.as_ref(),
        "other_in" => flow.other_in.as_ref(),
        _ => flow.other_out.as_ref(),
    }
}

/// `98.45 + 1095.76 − 1193.35`, with the other flows when they are not zero.
fn terms_shown(flow: &BalanceFlow) -> String {
    let amount = |c: Option<&Cell<Money>>| c.and_then(Cell::known);
    let mut text = String::new();
    for (sign, key) in
        [("", "opening"), (" + ", "income"), (" − ", "expenditure"), (" + ", "other_in"), (" − ", "other_out")]
    {
        if let Some(money) = amount(cell(flow, key)).filter(|m| !(m.value.is_zero() && key.starts_with("other"))) {
            text.push_str(&format!("{sign}{}", with_unit(&money)));
        }
    }
    text
}

/// An amount with its unit always written (`5862.89万元`, `5862.89元`).
fn with_unit(money: &Money) -> String {
    format!("{}{}", money.value, money.unit().as_str())
}
