//! Goals and machine-readable targets.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::texts::{Label, Text};
use crate::domain::value::WaterClass;
use crate::domain::wire::wire_enum;

/// Goals: strategic goals, medium-term plan, machine-readable targets, functions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Goals {
    /// The year's strategic goals as worded (战略目标), Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Text>)]
    pub strategic: Option<String>,
    /// The medium-term plan as worded (中长期规划), Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Text>)]
    pub medium_term: Option<String>,
    /// Every target in the goals, machine-readable.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    /// The unit's official functions (职能职责), one entry each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Text>)]
    pub functions: Vec<String>,
}

wire_enum! {
    /// Whether a target is the year's or part of the medium-term plan.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
    pub enum Horizon {
        Annual = "annual",
        MediumTerm = "medium_term",
    }
}

/// A target: a metric, how it is compared, the target value and the deadline year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The metric it is measured by; matches `results.measurements[].metric`.
    #[schema(example = "water-class-fen-beizhuang")]
    pub metric: String,
    /// The target as worded, e.g. 汾河北庄出境断面水质均值达到地表水Ⅲ类.
    #[schema(value_type = Label)]
    pub label: String,
    pub horizon: Horizon,
    /// The last year by which the target is to be met.
    #[schema(example = 2025, minimum = 1949, maximum = 2100)]
    pub deadline: u16,
    pub goal: Goal,
    /// The unit of the target value as printed (亿元, 万吨, %, 天), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Label>)]
    pub unit: Option<String>,
}

/// How a target compares a measured value. Tagged like `MetricValue`:
/// `{"water_class": "III"}`, `{"rank": 1}`, `{"at_most": "35"}`, `"increase_on_prior_year"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Goal {
    /// A number that must reach at least this value (higher is better).
    AtLeast(#[serde(with = "crate::domain::decimal")] Decimal),
    /// A number that must stay at or below this value (lower is better).
    AtMost(#[serde(with = "crate::domain::decimal")] Decimal),
    /// A number that must rise against the prior year (同比上升).
    IncreaseOnPriorYear,
    /// A number that must fall against the prior year (同比下降).
    DecreaseOnPriorYear,
    /// A water-quality class that must be this class or better (I best, 劣V worst).
    WaterClass(WaterClass),
    /// A rank that must be this rank or better (1 = first).
    Rank(u32),
    /// Something that must be achieved (yes/no).
    Achieved,
}
