//! How a self-evaluation table scores an indicator, as the table prints it: the rule (评价标准:
//! deductions per step, bands, weight × rate, full if met), the 得分系数 column, the unit's own
//! formula for the actual value, and the counts of indicators by type a report may state instead
//! of the table.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::number::Number;
use crate::domain::texts::{Label, Name};
use crate::domain::wire::wire_enum;

/// The scoring rule of one indicator. Externally tagged:
/// `{"deduction": {"standard": "100", "direction": "above", "per": "1", "deduct": "0.5"}}`,
/// `{"bands": [{"min": "0", "min_inclusive": false, "max": "10", "max_inclusive": true, "points": "6"}]}`,
/// `"proportional"` or `"full_if_met"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum IndicatorRule {
    /// 每超过一个百分点扣0.5分,扣完为止 / 每低于5%扣2分: full points up to the standard, then a
    /// deduction per step beyond it, never below zero.
    Deduction(Deduction),
    /// 预算控制率=0,计8分; 0-10%(含),计6分 …: the points of the band the actual value falls in.
    Bands(Vec<RuleBand>),
    /// weight × actual (in percent), at most the weight.
    Proportional,
    /// The full weight when the target is achieved, none otherwise.
    FullIfMet,
}

/// Full points up to `standard`; `deduct` points for each `per` beyond it in `direction`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Deduction {
    /// The value that earns full points (以100%为标准).
    #[schema(value_type = Number, example = "100")]
    pub standard: Number,
    pub direction: DeductionDirection,
    /// The size of one step (每超过**一个**百分点 → 1; 每低于**5%** → 5).
    #[schema(value_type = Number, example = "1")]
    pub per: Number,
    /// Points taken off per step.
    #[schema(value_type = Number, example = "0.5")]
    pub deduct: Number,
}

wire_enum! {
    /// Which side of the standard loses points.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
    pub enum DeductionDirection {
        /// 每超过: values above the standard lose points.
        Above = "above",
        /// 每低于: values below the standard lose points.
        Below = "below",
    }
}

/// One band of a banded rule: `points` when the value lies between its ends. An absent end is open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleBand {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Number>, example = "0")]
    pub min: Option<Number>,
    /// Whether the value may equal `min` (含).
    #[serde(default)]
    pub min_inclusive: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Number>, example = "10")]
    pub max: Option<Number>,
    #[serde(default)]
    pub max_inclusive: bool,
    #[schema(value_type = Number, example = "6")]
    pub points: Number,
}

/// The unit's own arithmetic for an indicator, as printed: `(63.46-32)÷32=98.31%`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatedFormula {
    /// Verbatim.
    #[schema(example = "(63.46-32)÷32=98.31%")]
    #[schema(value_type = Label)]
    pub text: String,
    pub kind: FormulaKind,
    #[schema(value_type = Number, example = "63.46")]
    pub a: Number,
    /// The base (divisor).
    #[schema(value_type = Number, example = "32")]
    pub b: Number,
    /// The result in percent, as printed.
    #[schema(value_type = Number, example = "98.31")]
    pub result: Number,
}

wire_enum! {
    /// What a stated formula computes.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
    pub enum FormulaKind {
        /// a ÷ b in percent.
        Ratio = "ratio",
        /// (a − b) ÷ b in percent.
        ChangeRate = "change_rate",
    }
}

/// 年度目标下设33个三级绩效指标,包括23个数量指标、2个质量指标…: the counts a report states.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorCounts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 33)]
    pub stated_total: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_type: Vec<TypeCount>,
}

/// One count by type, e.g. 23 数量指标.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TypeCount {
    #[schema(example = "数量指标")]
    #[schema(value_type = Name)]
    pub label: String,
    #[schema(example = 23)]
    pub count: u32,
}
