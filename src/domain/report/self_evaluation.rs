//! The self-evaluation table (绩效自评表), typed: one model for an overall table and a project's.
//! Indicators nest by level to any depth; each has its nature (≥, ≤, =, range, qualitative), unit,
//! year-start and adjusted target, actual value, weight (分值), points (得分), core flag, deviation
//! reason and measure. The budget-execution block is its own part. Whether a target was achieved
//! is never stored: the analysis derives it from the comparator and the values.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::funds::AmountLine;
use super::metric::StandardMetric;
use super::people::Completeness;
use super::scoring::{IndicatorCounts, IndicatorRule, StatedFormula};
use crate::domain::cell::{Cell, Narrative};
use crate::domain::number::Number;
use crate::domain::texts::{Label, Name, Text};
use crate::domain::wire::wire_enum;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SelfEvaluation {
    /// As printed, e.g. 部门预算项目支出绩效自评表(2023年度).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Label>)]
    pub title: Option<String>,
    /// `partial` when the table is known only in part (an excerpt, rows cut off).
    #[serde(default, skip_serializing_if = "Completeness::is_complete")]
    pub completeness: Completeness,
    /// Full marks of the table; 100 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::number::FullMarks>, example = "100")]
    pub full_marks: Option<Number>,
    /// The annual goal as set at the start of the year and what was achieved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<Narrative>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal_achieved: Option<Narrative>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution: Option<ExecutionBlock>,
    /// The weight the template gives the indicators as a whole (绩效指标(90分)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::number::Points>, example = "90")]
    pub stated_indicator_weight: Option<Number>,
    /// Level one first; each level's children below it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
    /// 合计 of the weights as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::PointsCell>, example = "100")]
    pub stated_weight_total: Option<Cell<Number>>,
    /// 总分 / 自评得分 as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::PointsCell>, example = "97.6")]
    pub stated_score: Option<Cell<Number>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Name>)]
    pub stated_grade: Option<String>,
    /// The number of indicators by type, when the report states it (often instead of the table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_indicator_counts: Option<IndicatorCounts>,
    /// Whether the template has a column for deviation reasons (so a missing one can be asked for).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub has_reason_column: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conclusion: Option<Narrative>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problems: Option<Narrative>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measures: Option<Narrative>,
}

/// The budget-execution block (预算执行情况): amounts by phase, the stated rate, its weight
/// (分值) and points (得分), and the rule the template states for them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExecutionBlock {
    /// As printed, e.g. 预算执行情况(10分).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Label>)]
    pub label: Option<String>,
    /// 总额 with its phases and its stated rate; its sources as `by_source`.
    pub total: AmountLine,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::PointsCell>, example = "10")]
    pub weight: Option<Cell<Number>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::PointsCell>, example = "7.6")]
    pub points: Option<Cell<Number>>,
    /// How the points follow from the rate. Absent: the template states no rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<ScoringRule>,
    /// The rule as the template prints it, verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Text>)]
    pub rule_text: Option<String>,
    /// The template asks for a reason when the budget was adjusted during the year.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub adjustment_needs_reason: bool,
}

wire_enum! {
    /// How points follow from a rate.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
    pub enum ScoringRule {
        /// weight × rate, at most the weight (得分 = 分值 × 执行率).
        Proportional = "proportional",
        /// Full points when the target is achieved, none otherwise.
        FullIfMet = "full_if_met",
    }
}

/// One indicator of any level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// As printed, e.g. 产出指标, 数量指标, 发放(缴纳)覆盖率.
    #[schema(value_type = Name)]
    pub name: String,
    /// The next level (二级 under 一级, 三级 under 二级 …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(no_recursion)]
    pub children: Vec<Indicator>,
    /// `partial` when only some of the children are known.
    #[serde(default, skip_serializing_if = "Completeness::is_complete")]
    pub completeness: Completeness,
    /// A row the template prints without content (……).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub placeholder: bool,
    /// 指标性质: how the actual value is compared with the target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparator: Option<Comparator>,
    /// Unit of the target and actual values (%, 万元, 次, 篇 …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Label>)]
    pub unit: Option<String>,
    /// 年初指标值 / 指标值.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<IndicatorValue>,
    /// 调整指标值 (when the target was adjusted during the year; it is the one that counts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjusted_target: Option<IndicatorValue>,
    /// 完成值 / 实际完成值.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<IndicatorValue>,
    /// 分值 / 权重.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::PointsCell>, example = "60")]
    pub weight: Option<Cell<Number>>,
    /// 得分.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::PointsCell>, example = "60")]
    pub points: Option<Cell<Number>>,
    /// The weight of this level as printed (a subtotal row or a heading such as 产出指标(50分)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::PointsCell>)]
    pub stated_weight: Option<Cell<Number>>,
    /// The points of this level as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::PointsCell>)]
    pub stated_points: Option<Cell<Number>>,
    /// 得分系数 in percent: the points are the weight × this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::PercentCell>, example = "100")]
    pub stated_coefficient: Option<Cell<Number>>,
    /// How the points follow from the actual value (评价标准), when the table states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scoring_rule: Option<IndicatorRule>,
    /// The rule as printed, verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Text>)]
    pub rule_text: Option<String>,
    /// The unit's own arithmetic for the actual value, as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_formula: Option<StatedFormula>,
    /// 是否核心指标.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub core: Option<bool>,
    /// 偏差原因 / 未完成原因分析.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deviation_reason: Option<Narrative>,
    /// 改进措施.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<Narrative>,
    /// The standard indicator this one is (预算完成率, 结转结余率 …), so that it is checked against
    /// the report's own figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<StandardMetric>,
}

wire_enum! {
    /// 指标性质.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
    pub enum Comparator {
        /// ≥ (以上, 不低于): higher is better.
        AtLeast = "at_least",
        /// ≤ (以下, 不高于): lower is better.
        AtMost = "at_most",
        /// = : exactly.
        Equal = "equal",
        /// Between the target's two ends.
        Range = "range",
        /// 定性: a word, judged as the report words it.
        Qualitative = "qualitative",
    }
}

/// A target or actual value as the table prints it. Externally tagged:
/// `{"number": "100"}`, `{"range": {"min": "90", "max": "100"}}`, `{"word": "完成"}`,
/// `{"illegible": "26次"}`, or `"blank"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum IndicatorValue {
    #[schema(value_type = String)]
    Number(#[serde(with = "crate::domain::decimal")] rust_decimal::Decimal),
    Range {
        #[serde(with = "crate::domain::decimal")]
        #[schema(value_type = String)]
        min: rust_decimal::Decimal,
        #[serde(with = "crate::domain::decimal")]
        #[schema(value_type = String)]
        max: rust_decimal::Decimal,
    },
    Word(String),
    Illegible(String),
    Blank,
}

/// A project's own part of a project report (项目支出绩效自评): a document may hold several.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectReport {
    /// 项目名称; absent when the excerpt does not show it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Name>)]
    pub name: Option<String>,
    /// 项目编码 / 预算编码.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Label>)]
    pub code: Option<String>,
    /// 主管部门.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Name>)]
    pub supervisor: Option<String>,
    /// 实施单位.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Name>)]
    pub implementer: Option<String>,
    /// The project's money, when the report gives it outside a table's execution block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funding: Option<AmountLine>,
    /// 项目实施内容 / 概况.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<Narrative>,
    /// Quantities the project text prints (约1000㎡, 174台拼接屏).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quantities: Vec<super::Quantity>,
    /// Lists the project text prints, whole or in part (…留言板等28个展区).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lists: Vec<super::NamedList>,
    /// The per-unit standard the money is allotted by (按生均1000元安排).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<super::PerUnitStandard>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<SelfEvaluation>,
}
