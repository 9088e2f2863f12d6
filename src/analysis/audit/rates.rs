//! A rate the report states (执行率, 使用率, 人员控制率, 占比) against the two figures it is a rate
//! of, compared at the precision the report printed it with.

use rust_decimal::Decimal;

use super::{show, Auditor, Finding, FindingKind};
use crate::analysis::arith::{agrees_at_stated_precision, round};
use crate::domain::Pointer;

/// A stated percentage and what it is the ratio of, for a finding's pointers and messages.
pub(super) struct StatedRatio<'a> {
    /// The stated percentage's pointer first, then the figures it comes from.
    pub pointers: Vec<Pointer>,
    pub stated: Decimal,
    pub numerator: Decimal,
    pub denominator: Decimal,
    /// What the rate is, in Chinese and in English: `“总额”的预算执行率`, `budget execution rate of 总额`.
    pub what_zh: &'a str,
    pub what: &'a str,
    /// How it is computed, in Chinese: `执行数251.89 ÷ 调整后预算数251.89`.
    pub formula_zh: String,
    pub formula: String,
}

impl Auditor {
    /// Reports `kind` when the stated percentage is not `numerator ÷ denominator` at its printed
    /// precision. A zero denominator gives no rate: 0 ÷ 0 stated as 0 agrees, anything else is
    /// not checked.
    pub(super) fn stated_ratio(&mut self, kind: FindingKind, r: StatedRatio) {
        if r.denominator.is_zero() || ratio_agrees(r.stated, r.numerator, r.denominator) {
            return;
        }
        let exact = r.numerator * Decimal::ONE_HUNDRED / r.denominator;
        let scale = r.stated.scale();
        let (stated, recomputed, rounded) = (show(r.stated), show(round(exact, 2)), show(round(exact, scale)));
        self.report(
            Finding::error(kind)
                .at_all(r.pointers)
                .stated(format!("{stated}%"))
                .recomputed(format!("{recomputed}%"))
                .zh(format!(
                    "{}报告为{stated}%，但{} = {recomputed}%（按报告的{scale}位小数取整为{rounded}%）",
                    r.what_zh, r.formula_zh
                ))
                .message(format!(
                    "{} is stated as {stated}% but {} = {recomputed}% (rounded to the stated {scale} decimals: {rounded}%)",
                    r.what, r.formula
                )),
        );
    }
}

/// Whether a stated percentage is `numerator ÷ denominator` at its printed precision (a zero
/// denominator gives no rate to agree with).
pub(super) fn ratio_agrees(stated: Decimal, numerator: Decimal, denominator: Decimal) -> bool {
    !denominator.is_zero() && agrees_at_stated_precision(stated, numerator * Decimal::ONE_HUNDRED / denominator)
}
